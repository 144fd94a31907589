// Queue and Pipe: Python's multiprocessing.Queue and Pipe for numbers, over a
// ring buffer in shared memory. The ring is Vyukov's bounded multi-producer
// multi-consumer queue: each cell carries a sequence number that says whose
// turn it is, so producers and consumers claim cells with one CAS each and
// never take a lock. Blocking is separate: a full queue makes producers sleep
// on SPACE, an empty one makes consumers sleep on ITEMS (event counters).
//
//   header (Int32 words, one cache line each for the hot ones)
//     0  TAIL          next cell to fill       (producers, CAS)
//    16  HEAD          next cell to take       (consumers, CAS)
//    32  ITEMS         +1 after every put      (consumers wait on it)
//    33  GETTERS       consumers about to sleep
//    48  SPACE         +1 after every get      (producers wait on it)
//    49  PUTTERS       producers about to sleep
//    64  CELLS         cells in the ring (a power of two, >= 2)
//    65  MAXSIZE       most items held at once (<= CELLS): Python's maxsize
//   then CELLS cells of 16 bytes: [ seq: i32 | pad | value: f64 ]
//
// The ring has a power-of-two size so positions map to cells with a mask;
// MAXSIZE bounds what a put may add, so the queue holds exactly what was
// asked for.

import { rangeError, typeError } from '../errors.js'
import { assertMayBlock, deadline, sleep, sleepAsync, timedOut } from '../sync/wait.js'

const TAIL = 0
const HEAD = 16
const ITEMS = 32
const GETTERS = 33
const SPACE = 48
const PUTTERS = 49
const CELLS = 64
const MAXSIZE = 65
const HEADER_BYTES = 80 * 4
const CELL_BYTES = 16
const MAX_CAPACITY = 2 ** 24

export class Queue {
  private readonly words: Int32Array
  private readonly cells: Int32Array
  private readonly values: Float64Array
  private readonly mask: number
  /** Most items held at once, as asked of Queue.create. */
  readonly capacity: number

  /** A queue on `buffer` (from another queue's `buffer`, to share it with a worker). */
  constructor(readonly buffer: SharedArrayBuffer) {
    if (!(buffer instanceof SharedArrayBuffer)) throw typeError('Queue buffer', 'a SharedArrayBuffer from Queue.create(…).buffer', buffer)
    const header = buffer.byteLength >= HEADER_BYTES ? new Int32Array(buffer, 0, HEADER_BYTES / 4) : undefined
    const cells = header?.[CELLS] ?? 0
    const maxsize = header?.[MAXSIZE] ?? 0
    if (cells < 2 || maxsize < 1 || maxsize > cells || buffer.byteLength !== HEADER_BYTES + cells * CELL_BYTES) {
      throw new RangeError(`Queue buffer (${buffer.byteLength} bytes) is not a queue: make one with Queue.create(capacity)`)
    }
    this.words = header!
    this.mask = cells - 1
    this.capacity = maxsize
    this.cells = new Int32Array(buffer, HEADER_BYTES, cells * (CELL_BYTES / 4))
    this.values = new Float64Array(buffer, HEADER_BYTES, cells * (CELL_BYTES / 8))
  }

  /**
   * A queue that holds at most `capacity` numbers (Python's maxsize). Its ring
   * has a power of two of at least 2 cells (with one cell, "filled" and "free
   * for the next lap" would be the same sequence number).
   */
  static create(capacity = 1024): Queue {
    if (!Number.isInteger(capacity) || capacity < 1 || capacity > MAX_CAPACITY) {
      throw rangeError('Queue capacity', `an integer in [1, ${MAX_CAPACITY}]`, capacity)
    }
    const cells = Math.max(2, 2 ** Math.ceil(Math.log2(capacity)))
    const buffer = new SharedArrayBuffer(HEADER_BYTES + cells * CELL_BYTES)
    const words = new Int32Array(buffer)
    words[CELLS] = cells
    words[MAXSIZE] = capacity
    // Cell i is free for the put at position i.
    for (let i = 0; i < cells; i++) words[HEADER_BYTES / 4 + i * (CELL_BYTES / 4)] = i
    return new Queue(buffer)
  }

  /** Items in the queue now (a snapshot: others may be putting and getting). */
  get size(): number {
    return Math.max(0, Math.min(this.capacity, (Atomics.load(this.words, TAIL) - Atomics.load(this.words, HEAD)) | 0))
  }

  /** Adds `value` if there is room; false if the queue is full. */
  tryPut(value: number): boolean {
    if (typeof value !== 'number') throw typeError('Queue item', 'a number', value)
    const { words, cells, mask, capacity } = this
    for (;;) {
      const position = Atomics.load(words, TAIL)
      // HEAD only grows: if this claim succeeds, at most `capacity` items are held.
      if (((position - Atomics.load(words, HEAD)) | 0) >= capacity) return false
      const cell = (position & mask) * (CELL_BYTES / 4)
      // Differences are taken mod 2^32: positions wrap around like the int32 words they live in.
      const turn = (Atomics.load(cells, cell) - position) | 0
      if (turn < 0) return false // the cell still holds an item from a lap ago: full
      // Claim the cell for this position; another producer may beat us to it.
      if (turn === 0 && Atomics.compareExchange(words, TAIL, position, (position + 1) | 0) === position) {
        this.values[cell / 2 + 1] = value
        // Release: the value is written before the cell says "full at position".
        Atomics.store(cells, cell, (position + 1) | 0)
        Atomics.add(words, ITEMS, 1)
        if (Atomics.load(words, GETTERS) > 0) Atomics.notify(words, ITEMS)
        return true
      }
    }
  }

  /** Takes the oldest item; undefined if the queue is empty. */
  tryGet(): number | undefined {
    const { words, cells, mask } = this
    for (;;) {
      const position = Atomics.load(words, HEAD)
      const cell = (position & mask) * (CELL_BYTES / 4)
      const turn = (Atomics.load(cells, cell) - position - 1) | 0
      if (turn < 0) return undefined // not yet filled for this position: empty
      if (turn === 0 && Atomics.compareExchange(words, HEAD, position, (position + 1) | 0) === position) {
        const value = this.values[cell / 2 + 1]!
        // Release: the cell is free for the put one lap later.
        Atomics.store(cells, cell, (position + mask + 1) | 0)
        Atomics.add(words, SPACE, 1)
        if (Atomics.load(words, PUTTERS) > 0) Atomics.notify(words, SPACE)
        return value
      }
    }
  }

  /** Adds `value`, sleeping while the queue is full; workers only. TimeoutError after `timeoutMs`. */
  put(value: number, timeoutMs?: number): void {
    assertMayBlock('Queue.put', 'putAsync')
    const until = deadline(timeoutMs, 'Queue.put')
    while (!this.tryPut(value)) {
      if (!this.sleepUntil(SPACE, PUTTERS, until, () => this.size < this.capacity)) throw timedOut('Queue.put (the queue stayed full)', timeoutMs)
    }
  }

  /** Takes the oldest item, sleeping while the queue is empty; workers only. */
  get(timeoutMs?: number): number {
    assertMayBlock('Queue.get', 'getAsync')
    const until = deadline(timeoutMs, 'Queue.get')
    for (;;) {
      const value = this.tryGet()
      if (value !== undefined) return value
      if (!this.sleepUntil(ITEMS, GETTERS, until, () => this.size > 0)) throw timedOut('Queue.get (the queue stayed empty)', timeoutMs)
    }
  }

  /** put() without blocking the thread. */
  async putAsync(value: number, timeoutMs?: number): Promise<void> {
    const until = deadline(timeoutMs, 'Queue.putAsync')
    while (!this.tryPut(value)) {
      if (!(await this.sleepUntilAsync(SPACE, PUTTERS, until, () => this.size < this.capacity))) {
        throw timedOut('Queue.putAsync (the queue stayed full)', timeoutMs)
      }
    }
  }

  /** get() without blocking the thread. */
  async getAsync(timeoutMs?: number): Promise<number> {
    const until = deadline(timeoutMs, 'Queue.getAsync')
    for (;;) {
      const value = this.tryGet()
      if (value !== undefined) return value
      if (!(await this.sleepUntilAsync(ITEMS, GETTERS, until, () => this.size > 0))) {
        throw timedOut('Queue.getAsync (the queue stayed empty)', timeoutMs)
      }
    }
  }

  /**
   * Sleeps on event counter `event` until it moves, announcing the sleep in
   * `sleepers` so the other side notifies. Re-checks `ready` after announcing:
   * a put (or get) that landed in between is seen here, not lost.
   */
  private sleepUntil(event: number, sleepers: number, until: number, ready: () => boolean): boolean {
    const seen = Atomics.load(this.words, event)
    Atomics.add(this.words, sleepers, 1)
    try {
      return ready() || sleep(this.words, event, seen, until)
    } finally {
      Atomics.sub(this.words, sleepers, 1)
    }
  }

  private async sleepUntilAsync(event: number, sleepers: number, until: number, ready: () => boolean): Promise<boolean> {
    const seen = Atomics.load(this.words, event)
    Atomics.add(this.words, sleepers, 1)
    try {
      return ready() || (await sleepAsync(this.words, event, seen, until))
    } finally {
      Atomics.sub(this.words, sleepers, 1)
    }
  }
}

/** One end of a Pipe: sends into one queue, receives from the other. */
export class PipeEnd {
  constructor(private readonly outgoing: Queue, private readonly incoming: Queue) {}

  /** The two buffers, to rebuild this end in a worker with PipeEnd.attach. */
  get buffers(): readonly [SharedArrayBuffer, SharedArrayBuffer] {
    return [this.outgoing.buffer, this.incoming.buffer]
  }

  static attach([outgoing, incoming]: readonly [SharedArrayBuffer, SharedArrayBuffer]): PipeEnd {
    return new PipeEnd(new Queue(outgoing), new Queue(incoming))
  }

  send(value: number, timeoutMs?: number): void { this.outgoing.put(value, timeoutMs) }
  recv(timeoutMs?: number): number { return this.incoming.get(timeoutMs) }
  sendAsync(value: number, timeoutMs?: number): Promise<void> { return this.outgoing.putAsync(value, timeoutMs) }
  recvAsync(timeoutMs?: number): Promise<number> { return this.incoming.getAsync(timeoutMs) }
  /** True if a recv would not wait. */
  poll(): boolean { return this.incoming.size > 0 }
}

/** Python's Pipe(): a duplex pair of ends; what one end sends, the other receives. */
export function Pipe(capacity = 1024): [PipeEnd, PipeEnd] {
  const ab = Queue.create(capacity)
  const ba = Queue.create(capacity)
  return [new PipeEnd(ab, ba), new PipeEnd(ba, ab)]
}
