// Whether a Redis client is connected, and the clock on it: the first
// connection is awaited at most `timeoutMs`, and a connection that stays down
// longer than that mid-run is "lost", which fails whatever waits on it.

import type { Redis } from 'ioredis'
import { ClusterConnectionError } from '../errors.js'

/** connecting → up ⇄ down → lost → up …; closed at the end. */
export type ConnectionState = 'connecting' | 'up' | 'down' | 'lost' | 'closed'

export interface ConnectionHooks {
  /** Called once per outage, when the connection drops after having been up; `reason` is ioredis's last error. */
  readonly onDown?: (reason: string) => void
  /** Called once when the connection is back after onDown. */
  readonly onUp?: () => void
  /** Called once per outage, when it has lasted `timeoutMs`. */
  readonly onLost?: (error: ClusterConnectionError) => void
}

export class ConnectionWatch {
  private current: ConnectionState = 'connecting'
  private lastError: Error | undefined
  private lostTimer: ReturnType<typeof setTimeout> | undefined
  /** Rejecters of guard()ed work, called when the connection is lost. */
  private readonly waiters = new Set<(error: ClusterConnectionError) => void>()
  private markConnected!: () => void
  /** Resolves when the client is ready for the first time (never rejects: bound it with deadline()). */
  readonly connected = new Promise<void>((resolve) => { this.markConnected = resolve })

  /** Watches `client` (a client that keeps reconnecting); `label` names Redis in messages; `timeoutMs` in ms. */
  constructor(client: Redis, readonly label: string, readonly timeoutMs: number, private readonly hooks: ConnectionHooks = {}) {
    // With an 'error' listener, ioredis prints nothing itself: the error becomes part of our one message.
    client.on('error', (error: Error) => { this.lastError = error })
    client.on('ready', () => this.up())
    // ioredis emits 'close' on every failed attempt too; down() acts on the first only.
    client.on('close', () => this.down())
  }

  get state(): ConnectionState {
    return this.current
  }

  /**
   * `work` (the first connection of a client this watch sees, or of BullMQ's
   * own), or a ClusterConnectionError naming the URL after `timeoutMs`.
   */
  async deadline<T>(work: Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ClusterConnectionError(
        `cannot reach Redis at ${this.label} within ${this.timeoutMs} ms${this.reason()}`, this.label, { cause: this.lastError })), this.timeoutMs)
    })
    try {
      return await Promise.race([work, expired])
    } finally {
      clearTimeout(timer)
    }
  }

  /** `work`, unless the connection is lost first (or already is): then a ClusterConnectionError. */
  guard<T>(work: Promise<T>): Promise<T> {
    if (this.current === 'lost') {
      work.catch(() => {})
      return Promise.reject(this.lostError())
    }
    return new Promise<T>((resolve, reject) => {
      const onLost = (error: ClusterConnectionError): void => reject(error)
      this.waiters.add(onLost)
      work.then(resolve, reject).finally(() => this.waiters.delete(onLost))
    })
  }

  /** The error a call gets while the connection is lost. */
  lostError(): ClusterConnectionError {
    return new ClusterConnectionError(`lost Redis at ${this.label}: no connection for over ${this.timeoutMs} ms${this.reason()}`,
      this.label, { cause: this.lastError })
  }

  /** Stops the clock; call before disconnecting on purpose. */
  close(): void {
    this.current = 'closed'
    clearTimeout(this.lostTimer)
    this.waiters.clear()
  }

  private up(): void {
    if (this.current === 'closed') return
    clearTimeout(this.lostTimer)
    const wasDown = this.current === 'down' || this.current === 'lost'
    this.current = 'up'
    this.lastError = undefined
    this.markConnected()
    if (wasDown) this.hooks.onUp?.()
  }

  private down(): void {
    if (this.current !== 'up') return
    this.current = 'down'
    this.hooks.onDown?.(this.lastError?.message ?? 'connection closed')
    this.lostTimer = setTimeout(() => {
      this.current = 'lost'
      const error = this.lostError()
      for (const reject of this.waiters) reject(error)
      this.waiters.clear()
      this.hooks.onLost?.(error)
    }, this.timeoutMs)
    // An outage alone must not keep a process alive that has nothing else to do.
    this.lostTimer.unref()
  }

  private reason(): string {
    return this.lastError ? ` (${this.lastError.message})` : ''
  }
}

/**
 * Waits for `work` at most `ms`, then goes on either way: for clean-ups that
 * wait on a Redis reply, which may never come while Redis is away.
 */
export async function settleWithin(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined
  await Promise.race([work.catch(() => {}), new Promise((resolve) => { timer = setTimeout(resolve, ms) })])
  clearTimeout(timer)
}
