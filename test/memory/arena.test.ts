import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { ALIGN, Arena } from '../../src/memory/arena.js'

const arena = (limit = 1 << 20, base = 1000) => {
  let reserved = 0
  const it = new Arena({ base, limit, reserve: (end) => { reserved = Math.max(reserved, end) } })
  return { it, reserved: () => reserved }
}

const test = suite('Arena')

test('hands out 64-byte aligned blocks above the base, growing memory as it goes', () => {
  const { it, reserved } = arena()
  const a = it.allocate(1)
  const b = it.allocate(100)
  assert.is(a.address % ALIGN, 0)
  assert.ok(a.address >= 1000)
  assert.is(b.address, a.address + ALIGN)
  assert.is(b.bytes, 128)
  assert.is(reserved(), b.address + b.bytes)
  assert.is(it.usedBytes, 192)
})

test('reuses a freed block for the next allocation that fits', () => {
  const { it } = arena()
  const a = it.allocate(256)
  it.allocate(64)
  it.release(a.address)
  const c = it.allocate(200)
  assert.is(c.address, a.address)
  assert.is(c.dirtyBytes, 256, 'a reused block is reported dirty so the engine clears it')
})

test('coalesces neighbours and gives the top back', () => {
  const { it } = arena()
  const a = it.allocate(64)
  const b = it.allocate(64)
  const c = it.allocate(64)
  it.release(a.address)
  it.release(c.address)
  it.release(b.address)
  assert.is(it.usedBytes, 0)
  const d = it.allocate(192)
  assert.is(d.address, a.address, 'all three merged into one range at the start')
})

test('never-used memory is reported clean', () => {
  const { it } = arena()
  const a = it.allocate(64)
  assert.is(a.dirtyBytes, 0)
})

test('refuses to pass its limit with a RangeError naming the numbers', () => {
  const { it } = arena(4096, 0)
  it.allocate(4000)
  assert.throws(() => it.allocate(1000), (error: Error) =>
    error instanceof RangeError && /cannot allocate 1000 bytes/.test(error.message) && /4096/.test(error.message))
  assert.is(it.usedBytes, 4032, 'a refused request disturbs nothing')
})

test('finds the live block that contains a byte range', () => {
  const { it } = arena()
  const a = it.allocate(640)
  assert.equal(it.blockContaining(a.address + 64, 64), { address: a.address, bytes: 640 })
  assert.is(it.blockContaining(a.address + 600, 64), undefined, 'reaches past the end')
  it.release(a.address)
  assert.is(it.blockContaining(a.address, 8), undefined, 'freed')
})

test('release of an address that is not a live block is a RangeError', () => {
  const { it } = arena()
  const a = it.allocate(64)
  it.release(a.address)
  assert.throws(() => it.release(a.address), RangeError)
})

test.run()
