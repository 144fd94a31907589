// The page a user would write: start an engine with 2 threads, run a reduce,
// a parallelFor, a sort and a scan, and put the results on the page (and on
// globalThis.sabreResult for the test). Shared by the bundler consumers, the
// missing-file pages and the isolation pages, with the expected results.

import { mandelbrot } from '../../src/kernels/reference.js'
import { waitFor } from './dom.js'
import type { TestPage } from './driver.js'

const N = 100_000
const SIDE = 64
const MAX_ITER = 200
const VIEW = [-2, -1.5, 1, 1.5] as const

/** What the page reports when everything works. */
export interface AppResult {
  readonly isolated: boolean
  readonly threads: number
  /** sumF64 over xs[i] = i + 0.5, i < N: exactly N² / 2. */
  readonly sum: number
  /** Every pixel's iteration count of a SIDE × SIDE mandelbrot, added up. */
  readonly iterations: number
  /** xs sorted descending: its first and last elements. */
  readonly ends: readonly [number, number]
  /** The scan of the sorted xs in place: its total (exact: every partial sum is a multiple of 0.5 below 2^53). */
  readonly scanned: number
}

/** What the page reports when Engine.start or a call rejects. */
export interface AppFailure {
  readonly isolated: boolean
  readonly error: string
  /** From just before Engine.start to the rejection. */
  readonly ms: number
}

/** The page's script, importing sabre as `specifier` ('sabre/browser', 'sabre', './sabre.js'). */
export const appScript = (specifier: string): string => `import { Engine } from '${specifier}'

async function main() {
  const engine = await Engine.start({ threads: 2 })
  try {
    const xs = engine.alloc(Float64Array, ${N})
    for (let i = 0; i < xs.length; i++) xs[i] = i + 0.5
    const sum = await engine.reduce('sumF64', xs.length, [xs])
    const image = engine.alloc(Uint32Array, ${SIDE} * ${SIDE})
    await engine.parallelFor('mandelbrot', ${SIDE}, [image, ${SIDE}, ${SIDE}, ${VIEW.join(', ')}, ${MAX_ITER}], { schedule: 'dynamic', chunk: 4 })
    let iterations = 0
    for (const count of image) iterations += count
    await engine.sort(xs, { descending: true })
    const ends = [xs[0], xs[xs.length - 1]]
    const scanned = await engine.scan(xs, xs)
    return { isolated: crossOriginIsolated, threads: engine.threads, sum, iterations, ends, scanned }
  } finally {
    await engine.close()
  }
}

const started = performance.now()
const show = (result) => {
  globalThis.sabreResult = result
  document.querySelector('#result').textContent = JSON.stringify(result)
}
main().then(show, (error) => show({ isolated: crossOriginIsolated, error: \`\${error.name}: \${error.message}\`, ms: performance.now() - started }))
`

/** The page: `scripts` (tags) in the head, and an element for the result. */
export const pageHtml = (...scripts: string[]): string =>
  `<!doctype html>\n<meta charset="utf-8">\n<link rel="icon" href="data:,">\n<title>sabre</title>\n${scripts.join('\n')}\n<pre id="result"></pre>\n`

/** The page's results when sabre works, computed here with the kernels' TypeScript references. */
export function expectedResult(): AppResult {
  const image = new Uint32Array(SIDE * SIDE)
  mandelbrot(image, SIDE, SIDE, ...VIEW, MAX_ITER, 0, SIDE)
  return { isolated: true, threads: 2, sum: N * N / 2, iterations: image.reduce((a, b) => a + b, 0), ends: [N - 0.5, 0.5], scanned: N * N / 2 }
}

/**
 * Waits (at most `timeoutMs`) for the page to report, across reloads; with
 * `isolatedOnly`, ignores what a load before cross-origin isolation reported.
 */
export function pageResult(page: TestPage, timeoutMs = 30_000, isolatedOnly = false): Promise<AppResult | AppFailure> {
  return waitFor(page, (isolatedOnly) => {
    const result = (globalThis as { sabreResult?: AppResult | AppFailure }).sabreResult
    return result && (result.isolated || !isolatedOnly) ? result : undefined
  }, isolatedOnly, timeoutMs)
}
