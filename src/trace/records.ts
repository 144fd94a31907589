// Trace records: one per chunk a worker ran, written by the worker into a
// buffer in shared memory, read by the main side. Layout of one record
// (32 bytes; times are ms since the Unix epoch, from each thread's
// performance.timeOrigin + performance.now(), so threads agree):
//
//   i32 worker | i32 kernel id | i32 begin | i32 end | f64 start | f64 end

export const RECORD_BYTES = 32
const I32 = RECORD_BYTES / 4
const F64 = RECORD_BYTES / 8
/** Field offsets in a record: Int32 slots, then Float64 slots (after the four i32s). */
const WORKER = 0
const KERNEL = 1
const BEGIN = 2
const END = 3
const START = 16 / 8
const FINISH = START + 1

/** One chunk, as engine.trace() reports it. Times in ms since the engine started. */
export interface TraceRecord {
  /** Team index of the worker that ran the chunk. */
  readonly worker: number
  readonly kernel: string
  /** The chunk's index range, [begin, end) in the kernel's indices (items, or blocks for reduce). */
  readonly begin: number
  readonly end: number
  readonly startMs: number
  readonly endMs: number
}

/** Milliseconds since the epoch, comparable across threads. */
export const now = (): number => performance.timeOrigin + performance.now()

/** Worker side: appends records to the buffer at `address` (capacity records), counting in tail[index]. */
export class TraceWriter {
  private readonly i32: Int32Array
  private readonly f64: Float64Array

  constructor(buffer: ArrayBufferLike, address: number, private readonly capacity: number, private readonly tail: Int32Array, private readonly index: number) {
    this.i32 = new Int32Array(buffer, address, capacity * I32)
    this.f64 = new Float64Array(buffer, address, capacity * F64)
  }

  write(worker: number, kernel: number, begin: number, end: number, start: number, finish: number): void {
    // Claims a slot; past capacity the record is dropped (the tail still counts it).
    const slot = Atomics.add(this.tail, this.index, 1)
    if (slot >= this.capacity) return
    const [i, f] = [slot * I32, slot * F64]
    this.i32[i + WORKER] = worker
    this.i32[i + KERNEL] = kernel
    this.i32[i + BEGIN] = begin
    this.i32[i + END] = end
    this.f64[f + START] = start
    this.f64[f + FINISH] = finish
  }
}

/** Main side: decodes `count` records (relative to `originMs`). */
export function readRecords(buffer: ArrayBufferLike, address: number, count: number, names: readonly string[], originMs: number): TraceRecord[] {
  const i32 = new Int32Array(buffer, address, count * I32)
  const f64 = new Float64Array(buffer, address, count * F64)
  return Array.from({ length: count }, (_, r) => {
    const [i, f] = [r * I32, r * F64]
    return {
      worker: i32[i + WORKER]!, kernel: names[i32[i + KERNEL]!] ?? 'tasks', begin: i32[i + BEGIN]!, end: i32[i + END]!,
      startMs: f64[f + START]! - originMs, endMs: f64[f + FINISH]! - originMs,
    }
  })
}
