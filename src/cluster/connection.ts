// Where Redis is: a redis:// URL (parsed by ioredis, which knows every form)
// or { host, port }; and the ioredis clients sabre opens to it.

import type { Redis, RedisOptions } from 'ioredis'
import { checkOptions, rangeError, typeError } from '../errors.js'

export interface RedisConnection {
  readonly host: string
  readonly port: number
  readonly username?: string
  readonly password?: string
  readonly db?: number
}

/** A checked Redis address: what ioredis is given, and how messages name it (password hidden). */
export interface RedisTarget {
  readonly url?: string
  readonly options: RedisConnection | undefined
  readonly label: string
}

/** `redis://user:secret@host` → `redis://user:***@host`: URLs appear in errors and logs. */
export const hidePassword = (url: string): string => url.replace(/^(\w+:\/\/[^:@/]*):[^@/]*@/, '$1:***@')

/** Checks `redis` (a redis:// or rediss:// URL, or { host, port, … }) at the public boundary. */
export function redisTarget(redis: unknown, what = 'options.redis'): RedisTarget {
  const expected = 'a URL like redis://127.0.0.1:6379 or { host, port }'
  if (typeof redis === 'string') {
    if (!/^rediss?:\/\/./i.test(redis)) throw rangeError(what, expected, redis)
    return { url: redis, options: undefined, label: hidePassword(redis) }
  }
  if (redis === null || typeof redis !== 'object') throw typeError(what, expected, redis)
  const { host, port, db, username, password } = checkOptions(redis as RedisConnection, ['host', 'port', 'db', 'username', 'password'], what, { what, required: ['host', 'port'] })
  if (typeof host !== 'string' || host === '') throw typeError(`${what}.host`, 'a host name or address', host)
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw rangeError(`${what}.port`, 'an integer in [1, 65535]', port)
  if (db !== undefined && (!Number.isInteger(db) || db < 0)) throw rangeError(`${what}.db`, 'an integer >= 0', db)
  if (username !== undefined && typeof username !== 'string') throw typeError(`${what}.username`, 'a string', username)
  if (password !== undefined && typeof password !== 'string') throw typeError(`${what}.password`, 'a string', password)
  const auth = username !== undefined || password !== undefined ? `${username ?? ''}:***@` : ''
  return { options: redis as RedisConnection, label: `redis://${auth}${host}:${port}${db ? `/${db}` : ''}` }
}

/** Reconnect delays (ms): quick at first, then once a second, forever (a ClusterPool gives up on its own clock). */
const retryStrategy = (attempt: number): number => Math.min(50 * 2 ** Math.min(attempt, 5), 1000)

/**
 * One ioredis client to `target` that never gives up by itself: commands wait
 * through a reconnection (the caller bounds the wait), as BullMQ requires.
 * `attemptMs` bounds one TCP connect attempt.
 */
export function openClient(RedisClass: typeof Redis, target: RedisTarget, attemptMs: number): Redis {
  const options: RedisOptions = { maxRetriesPerRequest: null, retryStrategy, connectTimeout: Math.max(100, Math.min(attemptMs, 10_000)) }
  return target.url !== undefined ? new RedisClass(target.url, options) : new RedisClass({ ...target.options, ...options })
}
