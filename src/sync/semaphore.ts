// A counting semaphore on one shared Int32 word (layout shared with assembly/sync).

import { rangeError } from '../errors.js'
import { SEMAPHORE_PERMITS, SEMAPHORE_WORDS } from './layout.js'
import { checkWords } from './mutex.js'
import { assertMayBlock, deadline, sleep, sleepAsync, timedOut } from './wait.js'

const checkCount = (what: string, count: unknown): number => {
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) throw rangeError(what, 'an integer >= 1', count)
  return count
}

export class Semaphore {
  static readonly WORDS = SEMAPHORE_WORDS

  /** A semaphore on view[index]. */
  constructor(private readonly view: Int32Array, private readonly index = 0) {
    checkWords(view, index, SEMAPHORE_WORDS, 'Semaphore')
  }

  /** Sets up a new semaphore with `permits` permits (before anyone uses it). */
  static init(view: Int32Array, index: number, permits: number): Semaphore {
    const semaphore = new Semaphore(view, index)
    if (!Number.isInteger(permits) || permits < 0) throw rangeError('Semaphore permits', 'an integer >= 0', permits)
    Atomics.store(view, index + SEMAPHORE_PERMITS, permits)
    return semaphore
  }

  /** Permits available now. */
  get permits(): number {
    return Atomics.load(this.view, this.index + SEMAPHORE_PERMITS)
  }

  /** Takes a permit if one is free. */
  tryAcquire(): boolean {
    const p = this.index + SEMAPHORE_PERMITS
    for (;;) {
      const permits = Atomics.load(this.view, p)
      if (permits <= 0) return false
      if (Atomics.compareExchange(this.view, p, permits, permits - 1) === permits) return true
    }
  }

  /** Takes a permit, sleeping while there are none; workers only. */
  acquire(timeoutMs?: number): void {
    assertMayBlock('Semaphore.acquire', 'acquireAsync')
    const until = deadline(timeoutMs, 'Semaphore.acquire')
    while (!this.tryAcquire()) {
      if (!sleep(this.view, this.index + SEMAPHORE_PERMITS, 0, until)) throw timedOut('Semaphore.acquire', timeoutMs)
    }
  }

  /** Takes a permit without blocking the thread. */
  async acquireAsync(timeoutMs?: number): Promise<void> {
    const until = deadline(timeoutMs, 'Semaphore.acquireAsync')
    while (!this.tryAcquire()) {
      if (!(await sleepAsync(this.view, this.index + SEMAPHORE_PERMITS, 0, until))) throw timedOut('Semaphore.acquireAsync', timeoutMs)
    }
  }

  /** Returns `count` permits and wakes as many sleepers. */
  release(count = 1): void {
    checkCount('Semaphore.release count', count)
    Atomics.add(this.view, this.index + SEMAPHORE_PERMITS, count)
    Atomics.notify(this.view, this.index + SEMAPHORE_PERMITS, count)
  }
}
