// A worker for the sync tests: runs the blocking (Atomics.wait) side of each
// primitive, which the main thread may not.

import { expose } from 'threads/worker'
import { Barrier, Latch, Mutex, Semaphore } from '../../src/sync/index.js'

export interface SyncWorkerApi {
  /** Tries to lock with a timeout; returns the outcome and how long it took (ms). */
  lockWithTimeout(view: Int32Array, index: number, timeoutMs: number): Promise<{ outcome: string; ms: number }>
  /** Locks, holds for `holdMs`, unlocks. */
  holdLock(view: Int32Array, index: number, holdMs: number, owner: number): Promise<void>
  /** `phases` rounds of: count arrival in counts[phase], wait at the barrier, check everyone had arrived. */
  barrierPhases(view: Int32Array, barrier: number, counts: number, phases: number): Promise<number>
  /** `rounds` times: acquire, note concurrency in view[inside] and its maximum in view[peak], release. */
  semaphoreRounds(view: Int32Array, semaphore: number, inside: number, peak: number, rounds: number): Promise<void>
  /** Counts the latch down once after `delayMs`. */
  countDownLater(view: Int32Array, latch: number, delayMs: number): Promise<void>
}

const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)

const api: SyncWorkerApi = {
  async lockWithTimeout(view, index, timeoutMs) {
    const started = performance.now()
    try {
      new Mutex(view, index).lock(timeoutMs)
      return { outcome: 'locked', ms: performance.now() - started }
    } catch (error) {
      return { outcome: (error as Error).name, ms: performance.now() - started }
    }
  },
  async holdLock(view, index, holdMs, owner) {
    const mutex = new Mutex(view, index, { owner })
    mutex.lock(5_000)
    pause(holdMs)
    mutex.unlock()
  },
  async barrierPhases(view, barrier, counts, phases) {
    const b = new Barrier(view, barrier)
    let bad = 0
    for (let phase = 0; phase < phases; phase++) {
      Atomics.add(view, counts + phase, 1)
      b.wait(5_000)
      // Released only after every party arrived in this phase.
      if (Atomics.load(view, counts + phase) !== b.parties) bad++
    }
    return bad
  },
  async semaphoreRounds(view, semaphore, inside, peak, rounds) {
    const s = new Semaphore(view, semaphore)
    for (let i = 0; i < rounds; i++) {
      s.acquire(5_000)
      const now = Atomics.add(view, inside, 1) + 1
      for (let seen = Atomics.load(view, peak); now > seen; seen = Atomics.load(view, peak)) {
        if (Atomics.compareExchange(view, peak, seen, now) === seen) break
      }
      Atomics.sub(view, inside, 1)
      s.release()
    }
  },
  async countDownLater(view, latch, delayMs) {
    pause(delayMs)
    new Latch(view, latch).countDown()
  },
}

expose(api as unknown as Record<string, (...args: never[]) => unknown>)
