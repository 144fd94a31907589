// engine.sort and engine.sortByKey against their plain-TypeScript references
// (fast-check, seeded): every element type, both directions, lengths across
// several blocks, on 1, 2 and 3 threads, async and sync, on whole views and
// on subarrays; sortByKey is stable.

import fc from 'fast-check'
import * as assert from 'uvu/assert'
import { Engine, reference } from '../../src/index.js'
import { anyArray, teamSuite, firstDifference, RUNS, team, TYPES, type Numbers } from './support.js'

const { test, teams } = teamSuite('algorithms: sort')
const typed = anyArray()

/** `data` copied into a view of `engine`, `pad` elements into an allocation with guards either side. */
function place(engine: Engine, data: Numbers, pad: number): { view: Numbers; whole: Numbers } {
  const Type = data.constructor as typeof Float64Array
  const whole = engine.alloc(Type, data.length + 2 * pad) as unknown as Numbers
  whole.fill(7)
  const view = whole.subarray(pad, pad + data.length) as Numbers
  view.set(data)
  return { view, whole }
}

test('sort puts every type in TypedArray.prototype.sort order (descending: its reverse, NaN last)', async () => {
  await fc.assert(fc.asyncProperty(typed, fc.boolean(), team, fc.boolean(), fc.integer({ min: 0, max: 3 }),
    async (data, descending, t, sync, pad) => {
      const engine = teams[t]!
      const { view, whole } = place(engine, data, pad)
      const expected = data.slice()
      reference.sort(expected, { descending })
      if (sync) engine.sortSync(view, { descending })
      else await engine.sort(view, { descending })
      const at = firstDifference(view, expected)
      assert.is(at, -1, `${data.constructor.name}(${data.length}) ${descending ? 'descending' : 'ascending'} on ${t + 1} threads: ` +
        `index ${at} is ${view[at]}, expected ${expected[at]}`)
      for (let i = 0; i < pad; i++) assert.ok(whole[i] === 7 && whole[whole.length - 1 - i] === 7, 'elements outside the subarray stay')
      engine.free(whole)
    }), RUNS)
})

test('sortByKey moves values with their keys and keeps equal keys in input order', async () => {
  const pairs = fc.tuple(typed, fc.constantFrom(...TYPES)).map(([keys, Values]) =>
    [keys, new Values(keys.length).map((_, i) => (Values === Int32Array ? -i : i)) as Numbers] as const)
  await fc.assert(fc.asyncProperty(pairs, fc.boolean(), team, fc.boolean(), async ([keyData, valueData], descending, t, sync) => {
    const engine = teams[t]!
    const { view: keys, whole: keysWhole } = place(engine, keyData, 0)
    const { view: values, whole } = place(engine, valueData, 1)
    const [expectedKeys, expectedValues] = [keyData.slice(), valueData.slice()]
    reference.sortByKey(expectedKeys, expectedValues, { descending })
    if (sync) engine.sortByKeySync(keys, values, { descending })
    else await engine.sortByKey(keys, values, { descending })
    assert.is(firstDifference(keys, expectedKeys), -1, 'keys sorted')
    const at = firstDifference(values, expectedValues)
    assert.is(at, -1, `${keyData.constructor.name}(${keyData.length}) → ${valueData.constructor.name}, ${t + 1} threads: value ${at} is ${values[at]}, expected ${expectedValues[at]}`)
    engine.free(keysWhole)
    engine.free(whole)
  }), RUNS)
})

test('sortByKey in a memory too small for its records moves keys and values apart, with the same result', async () => {
  // 2M f64 keys and u32 values take 24 MB, their scratch 24 MB more; the records would take 64 MB.
  const engine = await Engine.start({ threads: 2, memory: { maximumBytes: 64 * 2 ** 20 } })
  try {
    const n = 2_000_000
    const keys = engine.alloc(Float64Array, n)
    const values = engine.alloc(Uint32Array, n)
    let seed = 7
    for (let i = 0; i < n; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
      keys[i] = (seed % 1000) / 7
      values[i] = i
    }
    const [expectedKeys, expectedValues] = [keys.slice(), values.slice()]
    reference.sortByKey(expectedKeys, expectedValues)
    const before = engine.allocatedBytes
    await engine.sortByKey(keys, values)
    assert.is(firstDifference(keys, expectedKeys), -1, 'keys sorted')
    assert.is(firstDifference(values, expectedValues), -1, 'values moved with them, equal keys in input order')
    assert.is(engine.allocatedBytes, before)
  } finally {
    await engine.close()
  }
})

test.run()
