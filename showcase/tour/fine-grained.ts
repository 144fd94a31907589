// Step: fine-grained parallelism. The same small image computed many times:
// on one thread, as async regions (the main thread waits), and as sync
// regions (the main thread is one of the team, as in OpenMP).

import { Engine } from '../../src/engine/engine.js'
import { renderTimeline } from '../../src/trace/timeline.js'
import { median } from '../../src/format/measure.js'
import { regionsFinding } from './findings.js'
import type { Step } from './step.js'

export const fineGrained: Step = {
  title: 'Fine-grained parallelism: sync and async regions',
  text: 'Parallel regions of a tenth of a millisecond: a 64×64 mandelbrot, computed hundreds of times. An async call ' +
    'leaves the main thread free, but must wake it at the end, which costs about as much as the work. A sync call makes ' +
    'the main thread one of the team, as OpenMP does: it takes chunks itself, then waits a few microseconds for the ' +
    'others. Large regions scale either way; small ones only in sync.',
  async run({ engine, threads, quick }) {
    const side = 64
    const regions = quick ? 100 : 400
    const one = await Engine.start({ threads: 1 })
    const perRegion = async (run: () => unknown): Promise<number> => {
      for (let i = 0; i < regions / 4; i++) await run()
      const samples: number[] = []
      for (let r = 0; r < 3; r++) {
        const started = performance.now()
        for (let i = 0; i < regions; i++) await run()
        samples.push(((performance.now() - started) * 1000) / regions)
      }
      return median(samples)
    }
    const args = (image: Uint32Array) => [image, side, side, -2.2, -1.2, 0.8, 1.2, side] as const
    const options = { schedule: 'dynamic', chunk: 2 } as const
    let serial: number, asyncUs: number, syncUs: number
    const image = engine.alloc(Uint32Array, side * side)
    try {
      const single = one.alloc(Uint32Array, side * side)
      serial = await perRegion(() => one.parallelForSync('mandelbrot', side, args(single), options))
      asyncUs = await perRegion(() => engine.parallelFor('mandelbrot', side, args(image), options))
      syncUs = await perRegion(() => engine.parallelForSync('mandelbrot', side, args(image), options))
    } finally {
      await one.close()
    }
    await engine.trace({ clear: true })
    engine.parallelForSync('mandelbrot', side, args(image), options)
    const records = await engine.trace({ clear: true })
    engine.free(image)
    const x = (us: number) => `${(serial / us).toFixed(2)}×`
    return {
      tables: [[
        ['64² mandelbrot, one region each', 'µs per region', 'speedup'],
        ['1 thread', serial.toFixed(1), '1.00×'],
        [`async, ${threads} workers`, asyncUs.toFixed(1), x(asyncUs)],
        [`sync, caller + ${threads - 1} worker${threads === 2 ? '' : 's'}`, syncUs.toFixed(1), x(syncUs)],
      ]],
      figures: [{ caption: `one sync region on ${threads} threads: the caller (lane ${threads - 1}) takes chunks beside the workers`,
        svg: renderTimeline(records, { title: `sync region: ${side}² mandelbrot` }) }],
      findings: [regionsFinding(threads, serial, asyncUs, syncUs)],
    }
  },
}
