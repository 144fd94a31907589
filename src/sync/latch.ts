// A one-shot countdown latch on one shared Int32 word (layout shared with assembly/sync).

import { rangeError } from '../errors.js'
import { LATCH_COUNT, LATCH_WORDS } from './layout.js'
import { checkWords } from './mutex.js'
import { assertMayBlock, deadline, sleep, sleepAsync, timedOut } from './wait.js'

export class Latch {
  static readonly WORDS = LATCH_WORDS

  constructor(private readonly view: Int32Array, private readonly index = 0) {
    checkWords(view, index, LATCH_WORDS, 'Latch')
  }

  /** Sets up a latch that opens after `count` count-downs. */
  static init(view: Int32Array, index: number, count: number): Latch {
    const latch = new Latch(view, index)
    if (!Number.isInteger(count) || count < 0) throw rangeError('Latch count', 'an integer >= 0', count)
    Atomics.store(view, index + LATCH_COUNT, count)
    return latch
  }

  /** Count-downs still needed. */
  get count(): number {
    return Atomics.load(this.view, this.index + LATCH_COUNT)
  }

  /** Counts down by `n`; reaching 0 wakes every waiter. Counting below 0 is a RangeError (and changes nothing). */
  countDown(n = 1): void {
    if (!Number.isInteger(n) || n < 1) throw rangeError('Latch.countDown n', 'an integer >= 1', n)
    const p = this.index + LATCH_COUNT
    for (;;) {
      const left = Atomics.load(this.view, p)
      if (left - n < 0) throw new RangeError(`Latch.countDown(${n}) would go below zero (count is ${left})`)
      if (Atomics.compareExchange(this.view, p, left, left - n) === left) {
        if (left - n === 0) Atomics.notify(this.view, p)
        return
      }
    }
  }

  /** Waits until the count reaches 0; workers only. */
  wait(timeoutMs?: number): void {
    assertMayBlock('Latch.wait', 'waitAsync')
    const until = deadline(timeoutMs, 'Latch.wait')
    for (let left = this.count; left > 0; left = this.count) {
      if (!sleep(this.view, this.index + LATCH_COUNT, left, until)) throw timedOut('Latch.wait', timeoutMs)
    }
  }

  /** wait() without blocking the thread. */
  async waitAsync(timeoutMs?: number): Promise<void> {
    const until = deadline(timeoutMs, 'Latch.waitAsync')
    for (let left = this.count; left > 0; left = this.count) {
      if (!(await sleepAsync(this.view, this.index + LATCH_COUNT, left, until))) throw timedOut('Latch.waitAsync', timeoutMs)
    }
  }
}
