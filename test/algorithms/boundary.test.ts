// The algorithms' boundary: bad input is a TypeError or RangeError naming the
// value and what was expected, unknown options are refused, an abort or a
// timeout rejects, and scratch memory is returned whatever the outcome.

import * as assert from 'uvu/assert'
import { AbortError, Engine, StateError, TimeoutError } from '../../src/index.js'
import { suite } from '../support/suite.js'

const test = suite('algorithms: boundary')
let engine: Engine
test.before(async () => { engine = await Engine.start({ threads: 2 }) })
test.after(async () => { await engine.close() })

async function rejects(call: () => Promise<unknown>, Type: Function, message: RegExp): Promise<void> {
  try {
    await call()
  } catch (error) {
    assert.instance(error, Type)
    assert.match((error as Error).message, message)
    return
  }
  assert.unreachable(`expected a ${Type.name}`)
}

test('views must be engine-allocated Float64, Float32, Int32 or Uint32 arrays', async () => {
  await rejects(() => engine.sort(new Float64Array(4)), TypeError, /^view must be a view of this engine's memory \(from engine\.alloc\), got a Float64Array of length 4$/)
  await rejects(() => engine.sort(engine.alloc(Int16Array, 4) as never), TypeError,
    /^view must be a Float64Array, Float32Array, Int32Array or Uint32Array from engine\.alloc, got a Int16Array of length 4$/)
  const freed = engine.alloc(Float64Array, 8)
  engine.free(freed)
  await rejects(() => engine.sort(freed), RangeError, /view .* does not lie inside a live allocation/)
})

test('sortByKey needs values of the keys\' length that do not overlap them', async () => {
  const keys = engine.alloc(Float64Array, 10)
  await rejects(() => engine.sortByKey(keys, engine.alloc(Uint32Array, 9)), RangeError, /^values must have the length of keys \(10\), got a Uint32Array of length 9$/)
  await rejects(() => engine.sortByKey(keys.subarray(0, 6), keys.subarray(4, 10)), RangeError, /^values must not overlap keys/)
})

test('scan and filter need dst of src\'s type, long enough, apart from src (scan: or src itself)', async () => {
  const src = engine.alloc(Float64Array, 100)
  await rejects(() => engine.scan(src, engine.alloc(Uint32Array, 100)), TypeError, /^dst must be a Float64Array like src, got a Uint32Array of length 100$/)
  await rejects(() => engine.scan(src, engine.alloc(Float64Array, 99)), RangeError, /^dst must hold at least src's 100 elements, got a Float64Array of length 99$/)
  await rejects(() => engine.scan(src.subarray(0, 50), src.subarray(10, 60)), RangeError, /^dst \(unless it is src itself\) must not overlap src/)
  src.fill(1)
  await rejects(() => engine.filter(src, engine.alloc(Float64Array, 10), { op: '>', value: 0 }), RangeError,
    /^engine\.filter keeps 100 elements, so dst must hold at least 100, got a Float64Array of length 10$/)
  await rejects(() => engine.compact(src, engine.alloc(Float64Array, 100), engine.alloc(Uint8Array, 99)), RangeError, /^mask must have the length of src \(100\), got a Uint8Array of length 99$/)
  await rejects(() => engine.compact(src, engine.alloc(Float64Array, 100), engine.alloc(Uint32Array, 100) as never), TypeError, /^mask must be a Uint8Array from engine\.alloc/)
})

test('options are checked, and an unknown one is refused', async () => {
  const xs = engine.alloc(Float64Array, 10)
  await rejects(() => engine.sort(xs, { descnding: true } as never), TypeError, /^engine\.sort has no option "descnding": its options are \{ descending\?, signal\?, timeoutMs\? \}$/)
  await rejects(() => engine.sort(xs, { descending: 1 } as never), TypeError, /^options\.descending must be true or false, got 1$/)
  await rejects(() => engine.scan(xs, xs, { op: 'product' } as never), TypeError, /^options\.op must be 'sum', 'min', 'max', got "product"$/)
  await rejects(() => engine.filter(xs, xs.subarray(0, 0), { op: '===', value: 1 } as never), TypeError, /^options\.op must be '<', '<=', '>', '>=', '==', '!=', got "==="$/)
  await rejects(() => engine.filter(xs, engine.alloc(Float64Array, 10), { op: '<', value: '1' } as never), TypeError, /^options\.value must be a number, got "1"$/)
  await rejects(() => engine.compact(xs, engine.alloc(Float64Array, 10), engine.alloc(Uint8Array, 10), { timeoutMs: 0 }), RangeError, /^options\.timeoutMs must be a number of ms in \[1, 2\^31\), got 0$/)
  assert.throws(() => engine.scanSync(xs, xs, { exclusive: 'yes' } as never), /^options\.exclusive must be true or false, got "yes"$/)
})

test('an aborted signal rejects with AbortError; a call past its timeoutMs with TimeoutError; the engine goes on', async () => {
  const xs = engine.alloc(Uint32Array, 4_000_000)
  for (let i = 0; i < xs.length; i++) xs[i] = Math.imul(i, 2654435761)
  const controller = new AbortController()
  controller.abort()
  await rejects(() => engine.sort(xs, { signal: controller.signal }), AbortError, /aborted/)
  assert.throws(() => engine.sortSync(xs, { signal: controller.signal }), (error: Error) => error instanceof AbortError)
  // Four passes over 16 MB take far longer than 1 ms on any machine.
  await rejects(() => engine.sort(xs, { timeoutMs: 1 }), TimeoutError, /^engine\.sort\(\) did not finish within 1 ms/)
  const ys = engine.alloc(Float64Array, 5).fill(3)
  assert.is(await engine.scan(ys, ys), 15)
  engine.free(xs)
  engine.free(ys)
})

test('scratch memory is freed whatever the outcome: a thousand calls leave allocatedBytes where it was', async () => {
  const xs = engine.alloc(Float64Array, 5000)
  const ys = engine.alloc(Float64Array, 5000)
  const mask = engine.alloc(Uint8Array, 5000).fill(1)
  const before = engine.allocatedBytes
  const aborted = AbortSignal.abort()
  for (let i = 0; i < 1000; i++) {
    for (let j = 0; j < xs.length; j++) xs[j] = Math.sin(i * j)
    if (i % 4 === 0) await engine.sort(xs)
    else if (i % 4 === 1) engine.sortByKeySync(xs, ys, { descending: true })
    else if (i % 4 === 2) await engine.sort(xs, { signal: aborted }).catch(() => {})
    else await engine.compact(xs, ys.subarray(0, 10), mask).catch(() => {})
  }
  assert.is(engine.allocatedBytes, before)
})

test('sync calls refuse while async ones are pending; calls after close are StateErrors', async () => {
  const xs = engine.alloc(Float64Array, 100_000)
  const pending = engine.sort(xs)
  assert.throws(() => engine.sortSync(xs), (error: Error) => error instanceof StateError)
  await pending
  const closed = await Engine.start({ threads: 1 })
  const view = closed.alloc(Float64Array, 3)
  await closed.close()
  await rejects(() => closed.sort(view), StateError, /^engine\.sort\(\) called after engine\.close\(\)/)
  assert.throws(() => closed.filterSync(view, view, { op: '<', value: 0 }), (error: Error) => error instanceof StateError)
})

test.run()
