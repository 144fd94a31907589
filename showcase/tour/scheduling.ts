// Step 5: static vs dynamic scheduling on mandelbrot, where rows through the
// set cost far more than rows outside it.

import { renderTimeline } from '../../src/trace/timeline.js'
import type { ScheduleName } from '../../src/region/schedule.js'
import { scheduleFinding } from './findings.js'
import type { Step } from './step.js'

export const scheduling: Step = {
  title: 'Static vs dynamic scheduling',
  text: 'Mandelbrot rows that cross the set cost hundreds of iterations a pixel; rows outside it cost a few. A static ' +
    'schedule cuts the image into one block per worker up front, so the worker that drew the middle rows works on ' +
    'while the others sit idle. A dynamic schedule hands out small chunks as workers free up, and they finish together.',
  async run({ engine, threads, quick }) {
    const side = quick ? 256 : 768
    const image = engine.alloc(Uint32Array, side * side)
    // A viewport where the set sits off-centre, so the blocks are unequal.
    const args = [image, side, side, -2.0, -0.3, 0.6, 1.3, 1_000] as const
    const results: { schedule: ScheduleName; ms: number; svg: string }[] = []
    for (const schedule of ['static', 'dynamic'] as const) {
      await engine.parallelFor('mandelbrot', side, [...args], { schedule, ...(schedule === 'dynamic' && { chunk: 4 }) })
      await engine.trace({ clear: true })
      const started = performance.now()
      await engine.parallelFor('mandelbrot', side, [...args], { schedule, ...(schedule === 'dynamic' && { chunk: 4 }) })
      const ms = performance.now() - started
      const records = await engine.trace({ clear: true })
      results.push({ schedule, ms, svg: renderTimeline(records, { title: `${schedule} schedule: ${ms.toFixed(1)} ms` }) })
    }
    engine.free(image)
    const [fixed, shared] = results as [typeof results[0], typeof results[0]]
    return {
      tables: [[['schedule', 'ms'], ...results.map((r) => [r.schedule, r.ms.toFixed(1)])]],
      figures: results.map((r) => ({ caption: `${r.schedule} schedule on ${threads} workers`, svg: r.svg })),
      findings: [scheduleFinding(fixed.ms, shared.ms)],
    }
  },
}
