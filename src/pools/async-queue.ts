// A one-consumer async queue: producers push values (or fail or end it) from
// callbacks; the consumer pulls them with for-await. Backs imap, asCompleted.

export class AsyncQueue<T> implements AsyncIterableIterator<T> {
  private readonly values: T[] = []
  private head = 0
  private error: { reason: unknown } | undefined
  private ended = false
  private wake: (() => void) | undefined

  constructor(private readonly onReturn: () => void = () => {}) {}

  push(value: T): void {
    this.values.push(value)
    this.notify()
  }

  /** Ends the queue with an error, delivered after the values already pushed. */
  fail(reason: unknown): void {
    this.error ??= { reason }
    this.notify()
  }

  end(): void {
    this.ended = true
    this.notify()
  }

  async next(): Promise<IteratorResult<T>> {
    for (;;) {
      if (this.head < this.values.length) {
        const value = this.values[this.head]!
        this.values[this.head++] = undefined as T // let it be collected
        return { value, done: false }
      }
      if (this.error) throw this.error.reason
      if (this.ended) return { value: undefined, done: true }
      await new Promise<void>((resolve) => { this.wake = resolve })
    }
  }

  /** The consumer stopped early (break in for-await): tell the producer. */
  async return(): Promise<IteratorResult<T>> {
    this.ended = true
    this.onReturn()
    return { value: undefined, done: true }
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this
  }

  private notify(): void {
    const wake = this.wake
    this.wake = undefined
    wake?.()
  }
}
