// engine.scan, compact and filter against their plain-TypeScript references
// (fast-check, seeded): every element type and op, lengths across several
// blocks, on 1, 2 and 3 threads, async and sync. A scan is the same bits as
// the reference (which follows the engine's fixed blocks), so the same bits
// on every thread count.

import fc from 'fast-check'
import * as assert from 'uvu/assert'
import { reference, type Engine } from '../../src/index.js'
import { anyArray, teamSuite, arrays, fill, firstDifference, RUNS, team, TYPES, values, type Numbers } from './support.js'

const { test, teams } = teamSuite('algorithms: scan, compact, filter')
const typed = anyArray()

function copyInto(engine: Engine, data: Numbers): Numbers {
  const view = engine.alloc(data.constructor as typeof Float64Array, data.length) as unknown as Numbers
  view.set(data)
  return view
}

test('scan gives the reference\'s bits and total for every op, inclusive and exclusive, in place or not', async () => {
  const op = fc.constantFrom('sum', 'min', 'max' as const)
  await fc.assert(fc.asyncProperty(typed, op, fc.boolean(), fc.boolean(), team, fc.boolean(),
    async (data, op, exclusive, inPlace, t, sync) => {
      const engine = teams[t]!
      const src = copyInto(engine, data)
      const dst = inPlace ? src : engine.alloc(data.constructor as typeof Float64Array, data.length) as unknown as Numbers
      const expected = data.slice()
      const expectedTotal = reference.scan(data, expected, { op, exclusive })
      const total = sync ? engine.scanSync(src, dst, { op, exclusive }) : await engine.scan(src, dst, { op, exclusive })
      const at = firstDifference(dst, expected)
      const what = `${data.constructor.name}(${data.length}) ${op}${exclusive ? ' exclusive' : ''} on ${t + 1} threads`
      assert.is(at, -1, `${what}: index ${at} is ${dst[at]}, expected ${expected[at]}`)
      assert.ok(Object.is(total, expectedTotal), `${what}: total ${total}, expected ${expectedTotal}`)
      if (!inPlace && data.length > 0) assert.is(firstDifference(src, data), -1, 'src unchanged')
      engine.free(src)
      if (!inPlace) engine.free(dst)
    }), RUNS)
})

test('a float sum scan is the same bits on 1, 2 and 3 threads', async () => {
  const data = fill(Float64Array, 100_003, 9, [0.1, 1e-9, 3.7, -2.25, 1e12])
  const results = await Promise.all(teams.map(async (engine) => {
    const view = copyInto(engine, data)
    const total = await engine.scan(view, view)
    const out = view.slice()
    engine.free(view)
    return { total, out }
  }))
  for (const { total, out } of results.slice(1)) {
    assert.ok(Object.is(total, results[0]!.total))
    assert.is(firstDifference(out, results[0]!.out), -1)
  }
})

test('a scan over many blocks (each waiting on the ones before it) gives the reference\'s bits for every type and op', async () => {
  const engine = teams[2]!
  for (const Type of TYPES) {
    const data = fill(Type, 6 * 16_384 + 7, 5, [0.1, 1e-9, 3.7, -2.25, 1e12, -7, 255])
    for (const op of ['sum', 'min', 'max'] as const) {
      for (const exclusive of [false, true]) {
        const view = copyInto(engine, data)
        const expected = data.slice()
        const expectedTotal = reference.scan(data, expected, { op, exclusive })
        const total = exclusive ? engine.scanSync(view, view, { op, exclusive }) : await engine.scan(view, view, { op, exclusive })
        assert.is(firstDifference(view, expected), -1, `${Type.name} ${op}${exclusive ? ' exclusive' : ''}`)
        assert.ok(Object.is(total, expectedTotal), `${Type.name} ${op}: total ${total}, expected ${expectedTotal}`)
        engine.free(view)
      }
    }
  }
})

test('compact keeps src[i] where mask[i] !== 0, in order, and counts them', async () => {
  const masks = fc.tuple(fc.integer(), fc.constantFrom([0], [1], [0, 1], [0, 0, 0, 255], [2, 0]))
  await fc.assert(fc.asyncProperty(typed, masks, team, fc.boolean(), async (data, [seed, pool], t, sync) => {
    const engine = teams[t]!
    const src = copyInto(engine, data)
    const mask = engine.alloc(Uint8Array, data.length)
    mask.set(fill(Uint32Array, data.length, seed, pool))
    const dst = engine.alloc(data.constructor as typeof Float64Array, data.length + 1) as unknown as Numbers
    const expected = dst.slice()
    const expectedCount = reference.compact(data, expected, mask)
    const count = sync ? engine.compactSync(src, dst, mask) : await engine.compact(src, dst, mask)
    assert.is(count, expectedCount)
    assert.is(firstDifference(dst.subarray(0, count), expected.subarray(0, count)), -1, `${data.constructor.name}(${data.length}) on ${t + 1} threads`)
    for (const view of [src, mask, dst]) engine.free(view)
  }), RUNS)
})

test('filter keeps src[i] <op> value (JavaScript\'s comparisons, NaN included), in order, and counts them', async () => {
  const ops = fc.constantFrom('<', '<=', '>', '>=', '==', '!=' as const)
  const cases = fc.constantFrom(...TYPES).chain((Type) => fc.tuple(arrays(Type), values(Type)))
  await fc.assert(fc.asyncProperty(cases, ops, team, fc.boolean(), async ([data, value], op, t, sync) => {
    const engine = teams[t]!
    const src = copyInto(engine, data)
    const dst = engine.alloc(data.constructor as typeof Float64Array, data.length) as unknown as Numbers
    const expected = dst.slice()
    const expectedCount = reference.filter(data, expected, { op, value })
    const count = sync ? engine.filterSync(src, dst, { op, value }) : await engine.filter(src, dst, { op, value })
    assert.is(count, expectedCount, `${data.constructor.name}(${data.length}) ${op} ${value}`)
    assert.is(firstDifference(dst.subarray(0, count), expected.subarray(0, count)), -1)
    engine.free(src)
    engine.free(dst)
  }), RUNS)
})

test.run()
