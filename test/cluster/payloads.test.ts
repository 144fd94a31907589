// Kernel data on its way to a worker node: every view type a kernel takes
// (f64, f32, u32, i32, u8) travels inline when small and by reference when
// large, and comes back as the same numbers in a view of its type. Redis here
// is a map of byte strings with the two commands payloads.ts uses.

import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import type { Redis } from 'ioredis'
import { INLINE_LIMIT_BYTES } from '../../src/cluster/jobs.js'
import { loadPayload, storeArray, type Numeric } from '../../src/cluster/payloads.js'
import { VIEW_NAMES, VIEW_TYPES, viewBytes, viewTypeOf } from '../../src/kernels/vocabulary.js'

/** The bytes SET stores (and its expiry, in `expiries`) and GETRANGE reads (end inclusive, clamped as Redis does). */
function fakeRedis(expiries = new Map<string, unknown[]>()): Redis {
  const keys = new Map<string, Buffer>()
  return {
    set: async (key: string, value: Buffer, ...expiry: unknown[]) => { keys.set(key, Buffer.from(value)); expiries.set(key, expiry); return 'OK' },
    getrangeBuffer: async (key: string, start: number, end: number) => (keys.get(key) ?? Buffer.alloc(0)).subarray(start, end + 1),
  } as unknown as Redis
}

/** n elements of `View`, each a value its type holds exactly (negative where it can be). */
function sample(View: new (length: number) => Numeric, n: number): Numeric {
  const array = new View(n)
  for (let i = 0; i < n; i++) array[i] = (i * 37) % 251 - (array instanceof Uint8Array || array instanceof Uint32Array || array instanceof Uint8ClampedArray ? 0 : 100)
  return array
}

const test = suite('cluster payloads')

test('every view type travels inline when small and by reference when large, and loads as its own type', async () => {
  const redis = fakeRedis()
  for (const type of VIEW_NAMES) {
    for (const View of VIEW_TYPES[type].views) {
      for (const n of [10, Math.ceil((2 * INLINE_LIMIT_BYTES) / viewBytes(type))]) {
        const data = sample(View, n)
        const slice = await storeArray(redis, `k:${View.name}:${n}`, data, 60)
        const [begin, end] = [3, n - 2]
        const payload = slice(begin, end)
        assert.is('inline' in payload, n === 10, `${View.name} × ${n}: inline only when small`)
        const loaded = await loadPayload(redis, payload, type)
        assert.is(viewTypeOf(loaded), type, `${View.name} × ${n}`)
        assert.equal(Array.from(loaded), Array.from(data.subarray(begin, end)), `${View.name} × ${n}`)
      }
    }
  }
})

test('a reference names its element type as the kernel source spells it, and its key expires', async () => {
  const expiries = new Map<string, unknown[]>()
  const slice = await storeArray(fakeRedis(expiries), 'k', new Uint8ClampedArray(2 * INLINE_LIMIT_BYTES), 86_400)
  assert.equal(slice(0, INLINE_LIMIT_BYTES + 1), { ref: 'k', type: 'u8', offset: 0, length: INLINE_LIMIT_BYTES + 1 })
  assert.equal(expiries.get('k'), ['EX', 86_400])
})

test('missing data and an unknown element type are errors naming the key', async () => {
  const redis = fakeRedis()
  await loadPayload(redis, { ref: 'gone', type: 'f64', offset: 0, length: 4 }).then(() => assert.unreachable(),
    (e: Error) => assert.is(e.message, 'the data under gone is gone or short (got 0 bytes)'))
  await loadPayload(redis, { ref: 'odd', type: 'i16' as never, offset: 0, length: 4 }).then(() => assert.unreachable(),
    (e: Error) => assert.is(e.message, 'the data under odd has the unknown element type "i16"'))
})

test.run()
