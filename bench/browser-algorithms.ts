// bench/browser's algorithm rows: sabre's sort, sortByKey, scan and filter in
// the demo page (its sabre.js) on 1 worker and one per core, against the
// page's own V8 built-ins and plain JS loops, as bench/algorithms does in
// Node. Medians of 3 runs, input restored before each (untimed), with the
// page's spinner paused, as its own comparisons pause it (it keeps a fifth
// of both cores busy: docs/browser.md).

import type { TestPage as Page } from '../test/browser/driver.js'
import type { SabreDemo } from '../web/demo.js'

declare const sabreDemo: SabreDemo

/** The rows: [what, baseline, its ms, sabre ms on 1 worker, on `cores` workers, baseline / sabre on `cores`]. */
export async function algorithmRows(page: Page, cores: number, n = 10_000_000, nArgsort = 1_000_000): Promise<string[][]> {
  const results = await page.evaluate(({ n, nArgsort, cores }) => sabreDemo.frames.pausedDuring(async () => {
    const { Engine } = await import(new URL('sabre.js', location.href).href)
    const median = (xs: number[]): number => xs.sort((a, b) => a - b)[xs.length >> 1]!
    const measure = async (restore: () => void, run: () => unknown): Promise<number> => {
      const samples: number[] = []
      for (let i = 0; i <= 3; i++) {
        restore()
        const started = performance.now()
        await run()
        if (i > 0) samples.push(performance.now() - started)
      }
      return median(samples)
    }
    const f64 = Float64Array.from({ length: n }, () => Math.random())
    const u32 = Uint32Array.from({ length: n }, () => (Math.random() * 2 ** 32) >>> 0)
    const keys = Float64Array.from({ length: nArgsort }, () => Math.random())
    const [g, v, out] = [new Float64Array(n), new Uint32Array(n), new Float64Array(n)]
    const indices: number[] = []
    const baseline = {
      sortF64: await measure(() => g.set(f64), () => g.sort()),
      sortU32: await measure(() => v.set(u32), () => v.sort()),
      argsort: await measure(() => { indices.length = 0; for (let i = 0; i < nArgsort; i++) indices.push(i) }, () => indices.sort((a, b) => keys[a]! - keys[b]!)),
      scan: await measure(() => {}, () => { let acc = 0; for (let i = 0; i < n; i++) out[i] = acc += f64[i]! }),
      filter: await measure(() => {}, () => { let kept = 0; for (let i = 0; i < n; i++) { const x = f64[i]!; if (x < 0.5) out[kept++] = x } }),
    }
    const sabre: Record<string, number>[] = []
    for (const threads of [1, cores]) {
      const engine = await Engine.start({ threads })
      const [sg, sv, sout] = [engine.alloc(Float64Array, n), engine.alloc(Uint32Array, n), engine.alloc(Float64Array, n)]
      const [k, idx] = [engine.alloc(Float64Array, nArgsort), engine.alloc(Uint32Array, nArgsort)]
      sabre.push({
        sortF64: await measure(() => sg.set(f64), () => engine.sort(sg)),
        sortU32: await measure(() => sv.set(u32), () => engine.sort(sv)),
        argsort: await measure(() => {}, () => { k.set(keys); for (let i = 0; i < nArgsort; i++) idx[i] = i; return engine.sortByKey(k, idx) }),
        scan: await measure(() => sg.set(f64), () => engine.scan(sg, sout)),
        filter: await measure(() => sg.set(f64), () => engine.filter(sg, sout, { op: '<', value: 0.5 })),
      })
      await engine.close()
    }
    return { baseline, sabre }
  }), { n, nArgsort, cores })
  const lines: [string, string, keyof typeof results.baseline][] = [
    [`sort f64 (${n})`, 'Float64Array#sort', 'sortF64'],
    [`sort u32 (${n})`, 'Uint32Array#sort', 'sortU32'],
    [`sortByKey f64→u32 (${nArgsort})`, 'indices.sort(comparator)', 'argsort'],
    [`scan f64 (${n})`, 'JS loop', 'scan'],
    [`filter f64, half kept (${n})`, 'JS loop', 'filter'],
  ]
  return [
    ['algorithm', 'baseline', 'baseline ms', 'sabre 1 worker ms', `sabre ${cores} workers ms`, `baseline / sabre ${cores}`],
    ...lines.map(([what, base, key]) => [what, base, results.baseline[key].toFixed(1), results.sabre[0]![key]!.toFixed(1),
      results.sabre[1]![key]!.toFixed(1), `${(results.baseline[key] / results.sabre[1]![key]!).toFixed(2)}×`]),
  ]
}
