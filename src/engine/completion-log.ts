// The main side of a completion log: workers append the first unit of each
// finished chunk (plus one, so 0 means "being written"); the main side reads
// entries in the order they were appended.

export class CompletionLog {
  private readonly entries: Int32Array
  private read = 0

  /** A cleared log of `length` entries at byte `address` of `buffer`. */
  constructor(buffer: ArrayBufferLike, address: number, length: number) {
    this.entries = new Int32Array(buffer, address, length).fill(0)
  }

  /** Calls `onChunk(firstUnit)` for each entry appended since the last drain, stopping at one still being written. */
  drain(onChunk: (firstUnit: number) => void): void {
    const { entries } = this
    while (this.read < entries.length) {
      const entry = Atomics.load(entries, this.read)
      if (entry === 0) return
      this.read++
      onChunk(entry - 1)
    }
  }
}
