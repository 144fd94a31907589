// Where Redis is: a redis:// URL, as the CLI and the README write it.

import { rangeError, typeError } from '../errors.js'

export interface RedisConnection {
  readonly host: string
  readonly port: number
  readonly username?: string
  readonly password?: string
  readonly db?: number
}

/** Parses `redis://[user:password@]host[:port][/db]` (port 6379 by default). */
export function parseRedisUrl(url: unknown): RedisConnection {
  if (typeof url !== 'string') throw typeError('redis URL', 'a string like redis://127.0.0.1:6379', url)
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw rangeError('redis URL', 'a URL like redis://127.0.0.1:6379', url)
  }
  if (parsed.protocol !== 'redis:') throw rangeError('redis URL', 'a redis:// URL', url)
  const port = parsed.port ? Number(parsed.port) : 6379
  const db = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : undefined
  if (db !== undefined && !Number.isInteger(db)) throw rangeError('redis URL database', 'an integer after the /', url)
  return {
    host: parsed.hostname, port,
    ...(parsed.username && { username: decodeURIComponent(parsed.username) }),
    ...(parsed.password && { password: decodeURIComponent(parsed.password) }),
    ...(db !== undefined && { db }),
  }
}
