// Step 4: Process vs Pool. Different kernels at once (function parallelism)
// against one kernel over a data set (data parallelism).

import { Pool } from '../../src/pools/pool.js'
import { renderTimeline } from '../../src/trace/timeline.js'
import type { Step } from './step.js'

export const processVsPool: Step = {
  title: 'Process vs Pool',
  text: 'Python\'s Process runs different functions at the same time; its Pool runs one function over many items. ' +
    'Here three different kernels start together, one per worker (each lane holds one long bar), then a Pool maps one ' +
    'kernel over 20 000 items in chunks that every worker takes from (many short bars in every lane).',
  async run({ engine, quick }) {
    const size = quick ? 128 : 384
    const image = engine.alloc(Uint32Array, size * size)
    await engine.trace({ clear: true })
    const outcomes = await engine.runAll([
      { kernel: 'countPrimes', args: [0, quick ? 200_000 : 1_500_000] },
      { kernel: 'mandelbrot', args: [image, size, size, -2.2, -1.2, 0.8, 1.2, 512, 0, size] },
      { kernel: 'monteCarloPi', args: [7, 0, quick ? 1_000_000 : 6_000_000] },
    ])
    // A task region's records carry the task index as their range: name each bar after its call.
    const names = ['countPrimes', 'mandelbrot', 'monteCarloPi']
    const processes = (await engine.trace({ clear: true })).map((r) => ({ ...r, kernel: names[r.begin] ?? r.kernel }))
    engine.free(image)
    const items = Array.from({ length: 20_000 }, (_, i) => i + 1)
    const steps = await new Pool(engine).map('collatzSteps', items, { chunksize: quick ? 2_000 : 500 })
    const pool = await engine.trace({ clear: true })
    const ok = outcomes.every((o) => o.status === 'fulfilled')
    return {
      tables: [],
      figures: [
        { caption: 'Process: three kernels at once, one per worker', svg: renderTimeline(processes, { title: 'Process: different kernels at once' }) },
        { caption: 'Pool: one kernel over 20 000 items in chunks', svg: renderTimeline(pool, { title: 'Pool: one kernel, many chunks' }) },
      ],
      findings: [
        `Processes: ${ok ? 'all three finished' : 'a process failed'}; workers used: ${[...new Set(outcomes.map((o) => o.worker))].sort().join(', ')}.`,
        `Pool: ${pool.length} chunks; the longest Collatz chain below 20 001 takes ${Math.max(...steps)} steps.`,
      ],
    }
  },
}
