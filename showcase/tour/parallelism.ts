// Step 2: parallelism. The same CPU-bound work (mandelbrot) split over N
// workers: chunks run side by side, and the time divides.

import { Engine } from '../../src/engine/engine.js'
import { renderTimeline } from '../../src/trace/timeline.js'
import { median } from '../../src/format/measure.js'
import { speedupFinding } from './findings.js'
import type { Step } from './step.js'

export const parallelism: Step = {
  title: 'Parallelism',
  text: 'The same CPU-bound work — a mandelbrot image — split into chunks of rows over worker threads that share ' +
    'one WebAssembly memory. Now chunks run at the same instant on different cores: the lanes fill side by side and ' +
    'the time divides by (up to) the number of cores. Python gets this with processes; sabre with workers on shared memory.',
  async run({ engine, threads, quick, progress }) {
    const side = quick ? 256 : 1024
    const args = (image: Uint32Array) => [image, side, side, -2.2, -1.2, 0.8, 1.2, 256] as const
    const rows: string[][] = [['workers', 'ms (median of 3)', 'speedup']]
    let base = 0
    let lastMs = 0
    for (let t = 1; t <= threads; t++) {
      const team = t === threads ? engine : await Engine.start({ threads: t })
      const image = team.alloc(Uint32Array, side * side)
      const times: number[] = []
      for (let r = 0; r < 4; r++) {
        const started = performance.now()
        await team.parallelFor('mandelbrot', side, [...args(image)], { schedule: 'dynamic', chunk: 8 })
        if (r > 0) times.push(performance.now() - started)
      }
      team.free(image)
      if (team !== engine) await team.close()
      const ms = median(times)
      if (t === 1) base = ms
      lastMs = ms
      rows.push([String(t), ms.toFixed(1), `${(base / ms).toFixed(2)}×`])
      progress(t, threads)
    }
    await engine.trace({ clear: true })
    const image = engine.alloc(Uint32Array, side * side)
    await engine.parallelFor('mandelbrot', side, [...args(image)], { schedule: 'dynamic', chunk: 8 })
    engine.free(image)
    const records = await engine.trace({ clear: true })
    return {
      tables: [rows],
      figures: [{ caption: `mandelbrot ${side}² on ${threads} workers: chunks side by side`, svg: renderTimeline(records, { title: `parallelism: ${threads} workers` }) }],
      findings: [speedupFinding(threads, base, lastMs)],
    }
  },
}
