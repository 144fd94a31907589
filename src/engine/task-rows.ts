// Task rows (Tasks mode): the main side writes one row per call and reads its
// outcome back. The row layout is in region/task-row.ts.

import { KernelError } from '../errors.js'
import {
  TASK_ARGC, TASK_ARGS, TASK_KERNEL, TASK_RESULT, TASK_ROW_BYTES, TASK_STATUS, TASK_SLOTS, TASK_TEXT, TASK_WORKER, TaskStatus,
} from '../region/task-row.js'

/** How one call of runAll ended; `worker` is the team index that ran it (-1: it did not run). */
export type CallOutcome =
  | { readonly status: 'fulfilled'; readonly value: number; readonly worker: number }
  | { readonly status: 'rejected'; readonly reason: unknown; readonly worker: number }

export class TaskRows {
  constructor(private readonly buffer: ArrayBufferLike, private readonly address: number) {}

  /** Bytes for `count` rows. */
  static bytes(count: number): number {
    return count * TASK_ROW_BYTES
  }

  /** Writes row t: kernel id (or SKIP_TASK) and its arguments; pending. */
  write(t: number, kernel: number, values: readonly number[]): void {
    const row = this.row(t)
    row.fill(0)
    row[TASK_KERNEL] = kernel
    row[TASK_ARGC] = values.length
    row.set(values, TASK_ARGS)
  }

  /** The outcome of row t, which a worker has finished; `call` names it in an error. */
  outcome(t: number, kernel: string, call: string): CallOutcome {
    const row = this.row(t)
    const worker = row[TASK_WORKER]!
    if (row[TASK_STATUS] === TaskStatus.Done) return { status: 'fulfilled', value: row[TASK_RESULT]!, worker }
    // A failed row keeps its error text's length in the result slot.
    const text = new Uint16Array(this.buffer, this.address + t * TASK_ROW_BYTES + TASK_TEXT, row[TASK_RESULT]!)
    const trap = String.fromCharCode(...text)
    const reason = new KernelError(`kernel ${call} failed in worker ${worker}: ${trap}`, kernel, undefined, worker, trap)
    return { status: 'rejected', reason, worker }
  }

  private row(t: number): Float64Array {
    return new Float64Array(this.buffer, this.address + t * TASK_ROW_BYTES, TASK_SLOTS)
  }
}
