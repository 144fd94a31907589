// A futex mutex on two shared Int32 words, the same algorithm and layout as
// assembly/sync/mutex.ts, so JS code and wasm kernels can share one lock.

import { AbandonedLockError, checkOptions, rangeError, StateError, typeError } from '../errors.js'
import { MUTEX_OWNER, MUTEX_STATE, MUTEX_WORDS } from './layout.js'
import { assertMayBlock, deadline, sleep, sleepAsync, timedOut } from './wait.js'

/** With isAlive, a waiter looks at its lock's holder at least this often (ms). */
const ABANDON_CHECK_MS = 20

/** This agent's default owner id: random, so that agents sharing a lock differ. */
const agent = 1 + Math.floor(Math.random() * 0x7ffffffe)

/** Checks that words [index, index + words) of `view` exist on a shared buffer. */
export function checkWords(view: unknown, index: unknown, words: number, what: string): void {
  if (!(view instanceof Int32Array)) throw typeError(`${what} view`, 'an Int32Array on shared memory', view)
  if (!(view.buffer instanceof SharedArrayBuffer)) throw typeError(`${what} view`, 'an Int32Array on a SharedArrayBuffer', view)
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index + words > view.length) {
    throw rangeError(`${what} index`, `an integer in [0, ${view.length - words}] (it takes ${words} words)`, index)
  }
}

export interface MutexOptions {
  /** The id this mutex writes as owner (default: random per agent). */
  readonly owner?: number
  /**
   * Whether the agent with this owner id still lives (for engine workers:
   * `engine.isAlive`). With it, a lock whose holder died fails with
   * AbandonedLockError instead of waiting out its timeout, or forever.
   */
  readonly isAlive?: (owner: number) => boolean
}

export class Mutex {
  /** Int32 words a mutex occupies. */
  static readonly WORDS = MUTEX_WORDS
  /** The id this mutex writes as owner: unique per agent unless given. */
  readonly owner: number
  private readonly isAlive: ((owner: number) => boolean) | undefined

  /** A mutex on view[index], view[index + 1] (zeroed words are a free mutex). */
  constructor(private readonly view: Int32Array, private readonly index = 0, options: MutexOptions = {}) {
    checkWords(view, index, MUTEX_WORDS, 'Mutex')
    const { owner = agent, isAlive } = checkOptions(options, ['owner', 'isAlive'], 'new Mutex')
    if (!Number.isInteger(owner) || owner < 1 || owner > 0x7fffffff) throw rangeError('Mutex owner', 'an integer in [1, 2^31)', owner)
    if (isAlive !== undefined && typeof isAlive !== 'function') throw typeError('Mutex isAlive', 'a function (owner) => boolean', isAlive)
    this.owner = owner
    this.isAlive = isAlive
  }

  /** The owner id of the current holder (0: free, or taken a moment ago and not yet named). */
  get holder(): number {
    return Atomics.load(this.view, this.index + MUTEX_OWNER)
  }

  /** When to wake up from one sleep: with isAlive, often enough to notice a holder's death. */
  private wakeBy(until: number): number {
    return this.isAlive ? Math.min(until, performance.now() + ABANDON_CHECK_MS) : until
  }

  /** Throws AbandonedLockError if the mutex is held by an agent isAlive says is dead. */
  private checkAbandoned(what: string): void {
    const holder = this.holder
    if (this.isAlive && holder !== 0 && Atomics.load(this.view, this.index + MUTEX_STATE) !== 0 && !this.isAlive(holder)) {
      throw new AbandonedLockError(`${what}: the holder (owner ${holder}) died holding the lock; what it guards may be ` +
        'half-updated: check it, then call recover()', holder)
    }
  }

  /**
   * Frees a mutex abandoned by a dead holder (the robust-mutex recovery of
   * pthreads), waking every waiter. Throws if the holder is alive or unknown.
   */
  recover(): void {
    const holder = this.holder
    if (!this.isAlive) throw new TypeError('Mutex.recover needs the isAlive option, to know the holder is dead')
    if (Atomics.load(this.view, this.index + MUTEX_STATE) === 0) return
    if (holder === 0 || this.isAlive(holder)) throw new StateError(`Mutex.recover: the holder (owner ${holder}) is not known to be dead`)
    Atomics.store(this.view, this.index + MUTEX_OWNER, 0)
    Atomics.store(this.view, this.index + MUTEX_STATE, 0)
    Atomics.notify(this.view, this.index + MUTEX_STATE)
  }

  /** True while some agent holds the mutex. */
  get locked(): boolean {
    return Atomics.load(this.view, this.index + MUTEX_STATE) !== 0
  }

  /** Takes the mutex if it is free. */
  tryLock(): boolean {
    if (Atomics.compareExchange(this.view, this.index + MUTEX_STATE, 0, 1) !== 0) return false
    Atomics.store(this.view, this.index + MUTEX_OWNER, this.owner)
    return true
  }

  /** Takes the mutex, sleeping in Atomics.wait; workers only. Throws TimeoutError after `timeoutMs`. */
  lock(timeoutMs?: number): void {
    assertMayBlock('Mutex.lock', 'lockAsync')
    const until = deadline(timeoutMs, 'Mutex.lock')
    const { view, index } = this
    let c = Atomics.compareExchange(view, index + MUTEX_STATE, 0, 1)
    if (c !== 0) {
      // Mark "maybe waited on" so the holder's unlock wakes someone.
      if (c !== 2) c = Atomics.exchange(view, index + MUTEX_STATE, 2)
      while (c !== 0) {
        this.checkAbandoned('Mutex.lock')
        if (!sleep(view, index + MUTEX_STATE, 2, this.wakeBy(until)) && performance.now() >= until) {
          this.checkAbandoned('Mutex.lock')
          throw timedOut('Mutex.lock', timeoutMs)
        }
        c = Atomics.exchange(view, index + MUTEX_STATE, 2)
      }
    }
    Atomics.store(view, index + MUTEX_OWNER, this.owner)
  }

  /** Takes the mutex without blocking the thread (Atomics.waitAsync); the main thread's lock. */
  async lockAsync(timeoutMs?: number): Promise<void> {
    const until = deadline(timeoutMs, 'Mutex.lockAsync')
    const { view, index } = this
    let c = Atomics.compareExchange(view, index + MUTEX_STATE, 0, 1)
    if (c !== 0) {
      if (c !== 2) c = Atomics.exchange(view, index + MUTEX_STATE, 2)
      while (c !== 0) {
        this.checkAbandoned('Mutex.lockAsync')
        if (!(await sleepAsync(view, index + MUTEX_STATE, 2, this.wakeBy(until))) && performance.now() >= until) {
          this.checkAbandoned('Mutex.lockAsync')
          throw timedOut('Mutex.lockAsync', timeoutMs)
        }
        c = Atomics.exchange(view, index + MUTEX_STATE, 2)
      }
    }
    Atomics.store(view, index + MUTEX_OWNER, this.owner)
  }

  /** Releases the mutex. Throws if this owner does not hold it. */
  unlock(): void {
    const { view, index } = this
    const holder = Atomics.load(view, index + MUTEX_OWNER)
    if (Atomics.load(view, index + MUTEX_STATE) === 0 || holder !== this.owner) {
      throw new StateError(`Mutex.unlock: owner ${this.owner} does not hold this mutex (${holder === 0 ? 'it is free' : `owner ${holder} does`})`)
    }
    Atomics.store(view, index + MUTEX_OWNER, 0)
    // Release: the critical section's writes happen before the lock reads free.
    if (Atomics.sub(view, index + MUTEX_STATE, 1) !== 1) {
      Atomics.store(view, index + MUTEX_STATE, 0)
      Atomics.notify(view, index + MUTEX_STATE, 1)
    }
  }
}
