// Step 8: an algorithm, not a kernel. Sorting 10 million doubles with
// engine.sort (a parallel LSD radix sort, several regions in a row) beside
// Float64Array.prototype.sort on the same numbers, checked equal.

import type { Step } from './step.js'

export const sorting: Step = {
  title: 'Sorting: an algorithm in several regions',
  text: 'Sorting is not one loop but a sequence of them: engine.sort counts one digit of every key per block (a region), ' +
    'turns the counts into where each block\'s keys go (a few microseconds on the main thread), and moves them there ' +
    '(a region), once per digit. Beside it, V8\'s Float64Array.prototype.sort sorts the same numbers on the main thread; ' +
    'the two results are checked equal, element by element.',
  async run({ engine, threads, quick }) {
    const n = quick ? 1_000_000 : 10_000_000
    let seed = 7
    const data = Float64Array.from({ length: n }, () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
      return seed / 2 ** 32 - 0.5
    })
    const view = engine.alloc(Float64Array, n)
    try {
      view.set(data)
      const sabreStarted = performance.now()
      await engine.sort(view)
      const sabreMs = performance.now() - sabreStarted
      const copy = data.slice()
      const v8Started = performance.now()
      copy.sort()
      const v8Ms = performance.now() - v8Started
      const wrong = copy.findIndex((x, i) => !Object.is(x, view[i]))
      return {
        tables: [[
          [`sort ${n.toLocaleString('en')} doubles`, 'ms', 'vs V8'],
          ['Float64Array.prototype.sort (main thread)', v8Ms.toFixed(0), '1.00×'],
          [`engine.sort (${threads} threads)`, sabreMs.toFixed(0), `${(v8Ms / sabreMs).toFixed(2)}×`],
        ]],
        figures: [],
        findings: [`engine.sort sorted ${n.toLocaleString('en')} doubles in ${sabreMs.toFixed(0)} ms on ${threads} threads, ` +
          `${(v8Ms / sabreMs).toFixed(1)}× faster than Float64Array.prototype.sort (${v8Ms.toFixed(0)} ms); the first call, cold, ` +
          'as a user meets it (docs/algorithms.md has the warm figures).'],
        ...(wrong !== -1 && { failures: [`engine.sort differs from Float64Array.prototype.sort at index ${wrong}: ${view[wrong]} vs ${copy[wrong]}`] }),
      }
    } finally {
      engine.free(view)
    }
  },
}
