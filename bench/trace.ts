// bench/trace: what recording every chunk costs. mandelbrot 1024² (dynamic,
// chunks of 4 rows: 256 records a run) on engines with and without tracing,
// alternating runs so drift hits both alike; medians of RUNS runs.

import os from 'node:os'
import { median } from '../src/format/measure.js'
import { Engine } from '../src/index.js'

const RUNS = 21
const side = 1024
const threads = os.availableParallelism()

const plain = await Engine.start({ threads })
const traced = await Engine.start({ threads, trace: true })
const images = [plain, traced].map((engine) => engine.alloc(Uint32Array, side * side))
const run = (engine: Engine, image: Uint32Array) =>
  engine.parallelFor('mandelbrot', side, [image, side, side, -2.2, -1.2, 0.8, 1.2, 256], { schedule: 'dynamic', chunk: 4 })

const times: [number[], number[]] = [[], []]
for (let r = -2; r < RUNS; r++) { // two warm-up rounds
  for (const [i, engine] of [plain, traced].entries()) {
    const started = performance.now()
    await run(engine, images[i]!)
    if (r >= 0) times[i]!.push(performance.now() - started)
  }
  await traced.trace({ clear: true })
}
const [off, on] = times.map(median) as [number, number]
console.log(`trace overhead on mandelbrot ${side}² (${threads} threads, 256 chunks, median of ${RUNS}): ` +
  `off ${off.toFixed(2)} ms, on ${on.toFixed(2)} ms, overhead ${(((on - off) / off) * 100).toFixed(2)}%`)
await Promise.all([plain.close(), traced.close()])
