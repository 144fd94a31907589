// bench/regions-breakdown: where a small region's time goes, read from the
// engine's own trace. Each region of mandelbrot side² is timed on the calling
// thread (call → return) and split with the chunk records: call → first chunk
// starts (publishing, waking a worker), first chunk → last chunk ends (the
// work, spread over the team), last chunk → the call returns (learning that
// it is done: for an async call, waking the main thread). Medians over REGIONS.

import { median } from '../src/format/measure.js'
import { Engine } from '../src/engine/engine.js'
import { now } from '../src/trace/records.js'

const REGIONS = 2000

export interface Breakdown {
  /** µs, medians: the whole call, and its three parts (they need not add up: each is its own median). */
  readonly callUs: number
  readonly toFirstChunkUs: number
  readonly chunksUs: number
  readonly afterLastChunkUs: number
}

/** The breakdown of `side`² mandelbrot regions on `threads` threads, async or sync. */
export async function breakdown(threads: number, side: number, sync: boolean): Promise<Breakdown> {
  const engine = await Engine.start({ threads, trace: REGIONS * side })
  try {
    // Trace times are relative to the engine's start; the engine keeps that origin privately.
    const origin = (engine as unknown as { tracing: { originMs: number } }).tracing.originMs
    const image = engine.alloc(Uint32Array, side * side)
    const args = [image, side, side, -2.2, -1.2, 0.8, 1.2, side] as const
    const options = { schedule: 'dynamic', chunk: Math.max(1, side / 32) } as const
    const run = sync ? (): unknown => engine.parallelForSync('mandelbrot', side, args, options) : () => engine.parallelFor('mandelbrot', side, args, options)
    for (let i = 0; i < 500; i++) await run()
    await engine.trace({ clear: true })
    const calls: [number, number][] = []
    for (let i = 0; i < REGIONS; i++) {
      const start = now()
      await run()
      calls.push([start - origin, now() - origin])
    }
    const records = await engine.trace()
    const perRegion = Math.ceil(side / options.chunk)
    const parts = calls.map(([start, end], r) => {
      const chunks = records.slice(r * perRegion, (r + 1) * perRegion)
      const first = Math.min(...chunks.map((c) => c.startMs))
      const last = Math.max(...chunks.map((c) => c.endMs))
      return { call: end - start, toFirst: first - start, chunks: last - first, afterLast: end - last }
    })
    const us = (pick: (p: (typeof parts)[number]) => number): number => median(parts.map(pick)) * 1000
    return { callUs: us((p) => p.call), toFirstChunkUs: us((p) => p.toFirst), chunksUs: us((p) => p.chunks), afterLastChunkUs: us((p) => p.afterLast) }
  } finally {
    await engine.close()
  }
}
