// Kernel data in Redis: small arrays travel inside the job; large ones are
// written once as raw bytes under one key, and each job names its slice, which
// the worker node reads with GETRANGE (only the bytes it needs).

import type { Redis } from 'ioredis'
import { INLINE_LIMIT_BYTES, type Payload } from './jobs.js'

type Numeric = Float64Array | Uint32Array

/** Writes `data` under `key` if it is large; returns how a job slice [begin, end) of it is described. */
export async function storeArray(redis: Redis, key: string, data: Numeric): Promise<(begin: number, end: number) => Payload> {
  if (data.byteLength <= INLINE_LIMIT_BYTES) return (begin, end) => ({ inline: Array.from(data.subarray(begin, end)) })
  await redis.set(key, Buffer.from(data.buffer, data.byteOffset, data.byteLength))
  const type = data instanceof Float64Array ? 'f64' : 'u32'
  return (begin, end) => (end - begin) * data.BYTES_PER_ELEMENT <= INLINE_LIMIT_BYTES
    ? { inline: Array.from(data.subarray(begin, end)) }
    : { ref: key, type, offset: begin, length: end - begin }
}

/** The numbers a payload describes (read from Redis when it is a reference). */
export async function loadPayload(redis: Redis, payload: Payload, type: 'f64' | 'u32' = 'f64'): Promise<Numeric> {
  if ('inline' in payload) return type === 'f64' ? Float64Array.from(payload.inline) : Uint32Array.from(payload.inline)
  const size = payload.type === 'f64' ? 8 : 4
  const bytes = await redis.getrangeBuffer(payload.ref, payload.offset * size, (payload.offset + payload.length) * size - 1)
  if (bytes.length !== payload.length * size) throw new Error(`the data under ${payload.ref} is gone or short (got ${bytes.length} bytes)`)
  const copy = new Uint8Array(bytes) // aligned
  return payload.type === 'f64' ? new Float64Array(copy.buffer) : new Uint32Array(copy.buffer)
}
