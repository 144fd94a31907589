// What costs a page its speedup: the explorer's whole-set frame timed on a
// bare page (sabre's browser build and nothing else) and on the demo page,
// one cause at a time, beside the same frame in Node in the same run (the
// machine's own limit at that moment). `pairedSpeedup` runs in the page (it
// is serialized, so it holds everything it needs) or in Node.

import { median } from '../src/format/measure.js'
import { ms } from '../src/format/table.js'

/** The kernel's arguments after the image: width, height, x0, y0, x1, y1, maxIter. */
export type FrameArgs = readonly [number, number, number, number, number, number, number]

/** The explorer's first view: the whole set on its 640 × 400 canvas at 256 iterations (web/view.ts's home). */
export function wholeSet(width = 640, height = 400, maxIter = 256): FrameArgs {
  const pixel = 3.4 / width
  const [cx, cy] = [-0.6, 0]
  return [width, height, cx - (width / 2) * pixel, cy - (height / 2) * pixel, cx + (width / 2) * pixel, cy + (height / 2) * pixel, maxIter]
}

export interface Protocol {
  readonly args: FrameArgs
  readonly workers: number
  /**
   * 'warm-paired': both engines warmed (≥ 3 runs and ≥ 300 ms each), then
   * `rounds` alternating pairs (the explorer's comparison now);
   * 'cold-sequential': one untimed run, 3 timed on 1 worker, then the same on
   * N (the explorer's comparison before: the 1-worker engine's first calls
   * run unoptimized code).
   */
  readonly protocol: 'warm-paired' | 'cold-sequential'
  readonly rounds: number
  /** Turn an element on every animation frame while measuring, as the demo's spinner does. */
  readonly animate: boolean
  /** On the demo page: stop its spinner while measuring (sabreDemo.frames.pausedDuring), as the explorer's comparison does. */
  readonly quiet?: boolean
  /** Where sabre is: the page's /sabre.js by default; in Node, src/index.js's URL. */
  readonly moduleUrl?: string
}

export interface Measured {
  readonly oneMs: number
  readonly manyMs: number
  readonly speedup: number
  readonly spread: readonly [number, number]
  /** Per frame, the main side's share: the call's wall time less the workers' span (first chunk's start to last chunk's end), ms. */
  readonly oneWaitMs: number
  readonly manyWaitMs: number
  /** Per N-worker frame, the share of rows the busiest worker computed (1 / N: even; 1: one worker did it all), median. */
  readonly busiestShare: number
}

/** In the page: starts a 1-worker and an N-worker engine from /sabre.js and measures them by `protocol`. */
export async function pairedSpeedup({ args, workers, protocol, rounds, animate, quiet = false, moduleUrl }: Protocol): Promise<Measured> {
  const { Engine } = await import(moduleUrl ?? `${location.origin}/sabre.js`) as typeof import('../src/index.js')
  const demo = (globalThis as { sabreDemo?: { frames: { pausedDuring<T>(work: () => Promise<T>): Promise<T> } } }).sabreDemo
  const measure = () => pairedSpeedup({ args, workers, protocol, rounds, animate, moduleUrl: moduleUrl ?? `${location.origin}/sabre.js` })
  if (quiet) {
    if (!demo) throw new Error('quiet: this page is not the demo')
    return demo.frames.pausedDuring(measure)
  }
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b)
    const mid = sorted.length >> 1
    return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
  }
  let animating = animate
  if (animate) {
    const spinner = document.body.appendChild(document.createElement('div'))
    let frames = 0
    const tick = () => {
      if (!animating) return spinner.remove()
      spinner.style.transform = `rotate(${(frames * 6) % 360}deg)`
      spinner.textContent = String(frames++)
      requestAnimationFrame(tick)
    }
    requestAnimationFrame(tick)
  }
  type Run = { ms: number; waitMs: number; busiest: number }
  const engines = [await Engine.start({ threads: 1, trace: true }), await Engine.start({ threads: workers, trace: true })]
  try {
    const [one, many] = engines.map((engine) => {
      const image = engine.alloc(Uint32Array, args[0] * args[1])
      return async () => {
        await engine.trace({ clear: true })
        const started = performance.now()
        await engine.parallelFor('mandelbrot', args[1], [image, ...args], { schedule: 'dynamic', chunk: 4 })
        const wall = performance.now() - started
        const records = await engine.trace({ clear: true })
        const span = Math.max(...records.map((r) => r.endMs)) - Math.min(...records.map((r) => r.startMs))
        const rows = new Map<number, number>()
        for (const r of records) rows.set(r.worker, (rows.get(r.worker) ?? 0) + r.end - r.begin)
        return { ms: wall, waitMs: wall - span, busiest: Math.max(...rows.values()) / args[1] }
      }
    }) as [() => Promise<Run>, () => Promise<Run>]
    const runs: Run[][] = [[], []]
    if (protocol === 'cold-sequential') {
      for (const [side, run] of [one, many].entries()) {
        await run()
        for (let i = 0; i < 3; i++) runs[side]!.push(await run())
      }
    } else {
      for (const run of [one, many]) {
        for (let i = 0, ms = 0; i < 3 || ms < 300; i++) ms += (await run()).ms
      }
      for (let i = 0; i < rounds; i++) {
        runs[0]!.push(await one())
        runs[1]!.push(await many())
      }
    }
    const [ones, manys] = runs as [Run[], Run[]]
    const ratios = protocol === 'cold-sequential'
      ? [median(ones.map((r) => r.ms)) / median(manys.map((r) => r.ms))]
      : ones.map((r, i) => r.ms / manys[i]!.ms)
    return {
      oneMs: median(ones.map((r) => r.ms)), manyMs: median(manys.map((r) => r.ms)),
      speedup: median(ratios), spread: [Math.min(...ratios), Math.max(...ratios)],
      oneWaitMs: median(ones.map((r) => r.waitMs)), manyWaitMs: median(manys.map((r) => r.waitMs)),
      busiestShare: median(manys.map((r) => r.busiest)),
    }
  } finally {
    animating = false
    await Promise.all(engines.map((engine) => engine.close()))
  }
}

/** A row of the causes table: the page and protocol, then the medians of `runs` (the speedup with the runs' range). */
export function causeRow(page: string, how: string, runs: readonly Measured[]): string[] {
  const of = (pick: (m: Measured) => number) => median(runs.map(pick))
  const speedups = runs.map((m) => m.speedup)
  return [page, how, ms(of((m) => m.oneMs)), ms(of((m) => m.manyMs)),
    `${of((m) => m.speedup).toFixed(2)}× (${Math.min(...speedups).toFixed(2)}–${Math.max(...speedups).toFixed(2)})`,
    `${ms(of((m) => m.oneWaitMs))} / ${ms(of((m) => m.manyWaitMs))}`, `${Math.round(of((m) => m.busiestShare) * 100)}%`]
}

/** The median and range of repeated speedups, as docs quote them. */
export function summary(speedups: readonly number[]): string {
  return `median ${median(speedups).toFixed(2)}×, range ${Math.min(...speedups).toFixed(2)}–${Math.max(...speedups).toFixed(2)}× over ${speedups.length} page loads`
}
