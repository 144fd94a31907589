// Kernel data in Redis: small arrays travel inside the job; large ones are
// written once as raw bytes under one key, and each job names its slice, which
// the worker node reads with GETRANGE (only the bytes it needs).

import type { Redis } from 'ioredis'
import { VIEW_TYPES, viewOfElement, viewTypeOf, type ViewOf, type ViewType } from '../kernels/vocabulary.js'
import { INLINE_LIMIT_BYTES, type Payload } from './jobs.js'

/** An array a kernel's view parameter takes (a Float64Array, a Uint8ClampedArray, …). */
export type Numeric = ViewOf<ViewType>

/** Writes `data` under `key` if it is large, to expire after `ttlSeconds`; returns how a job slice [begin, end) of it is described. */
export async function storeArray(redis: Redis, key: string, data: Numeric, ttlSeconds: number): Promise<(begin: number, end: number) => Payload> {
  if (data.byteLength <= INLINE_LIMIT_BYTES) return (begin, end) => ({ inline: Array.from(data.subarray(begin, end)) })
  const view = viewTypeOf(data)
  if (!view) throw new TypeError(`kernel data must be a typed array a kernel takes, got a ${(data as object).constructor.name}`)
  // On the wire a view's type is its element ('f64', 'u8'), as the kernel's source spells it.
  const type = VIEW_TYPES[view].element
  await redis.set(key, Buffer.from(data.buffer, data.byteOffset, data.byteLength), 'EX', ttlSeconds)
  return (begin, end) => (end - begin) * data.BYTES_PER_ELEMENT <= INLINE_LIMIT_BYTES
    ? { inline: Array.from(data.subarray(begin, end)) }
    : { ref: key, type, offset: begin, length: end - begin }
}

/** The numbers a payload describes (read from Redis when it is a reference), as a `type` view when inline. */
export async function loadPayload(redis: Redis, payload: Payload, type: ViewType = 'f64*'): Promise<Numeric> {
  if ('inline' in payload) return VIEW_TYPES[type].views[0].from(payload.inline)
  const stored = viewOfElement(payload.type)
  if (!stored) throw new TypeError(`the data under ${payload.ref} has the unknown element type ${JSON.stringify(payload.type)}`)
  const View = VIEW_TYPES[stored].views[0]
  const size = View.BYTES_PER_ELEMENT
  const bytes = await redis.getrangeBuffer(payload.ref, payload.offset * size, (payload.offset + payload.length) * size - 1)
  if (bytes.length !== payload.length * size) throw new Error(`the data under ${payload.ref} is gone or short (got ${bytes.length} bytes)`)
  const copy = new Uint8Array(bytes) // aligned
  return new View(copy.buffer)
}
