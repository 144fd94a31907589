// What any member of a team does in a published region, worker or calling
// thread alike: claim chunks with the schedule, run them with the kernel,
// count them done. The worker's loop (../worker/team-loop.ts) and a
// synchronous region's caller (team.ts) both run a region through here.

import {
  ARG_COUNT, ARGS_F64, ARITY, CANCEL, CHUNK, COMPLETE, COMPLETE_AT_F64, DONE, ERROR_BEGIN, ERROR_END,
  ERROR_STATE, ERROR_WORKER, ITEMS, KERNEL, LENGTH, LOG, LOG_TAIL, MODE, PARTIAL_STRIDE,
  PARTIALS, RESULTS, SCHEDULE, TEAM_SIZE, TRACE, TRACE_CAPACITY, TRACE_TAIL, UNIT_SIZE,
  UNITS, WATCH, Cancel, ErrorState, Mode, writeErrorText, writeText, type ControlViews,
} from './control-block.js'
import {
  SKIP_TASK, TASK_ARGC, TASK_ARGS, TASK_KERNEL, TASK_RESULT, TASK_ROW_BYTES, TASK_SLOTS, TASK_STATUS, TASK_TEXT,
  TASK_TEXT_CHARS, TASK_WORKER, TaskStatus,
} from './task-row.js'
import { ChunkCursor, type Schedule } from './schedule.js'
import type { Kernel } from '../kernels/instance.js'
import { now, TraceWriter } from '../trace/records.js'
import { errorLine } from '../errors.js'

type Call = (begin: number, end: number) => number | void

/** Binds a region's arguments once, so the per-chunk call does not spread an array. */
function bind(fn: Kernel, a: number[]): Call {
  switch (a.length) {
    case 0: return (b, e) => fn(b, e)
    case 1: return (b, e) => fn(a[0]!, b, e)
    case 2: return (b, e) => fn(a[0]!, a[1]!, b, e)
    case 3: return (b, e) => fn(a[0]!, a[1]!, a[2]!, b, e)
    case 4: return (b, e) => fn(a[0]!, a[1]!, a[2]!, a[3]!, b, e)
    default: return (b, e) => fn(...a, b, e)
  }
}

export interface TeamMember {
  readonly views: ControlViews
  /** This member's index in the team, 0-based (a synchronous region's caller is the last). */
  readonly index: number
  /** Kernels by id, in the order the engine numbered them. */
  readonly kernels: readonly Kernel[]
  /** The GENERATION value at boot: the first region is the next one. */
  readonly generation: number
  /** The current memory buffer: partial results are written through it. */
  buffer(): ArrayBufferLike
}

/**
 * Runs units [begin, end) of the region; returns normally even when a kernel
 * traps. True when every unit ran to completion, so its outputs are written.
 */
type ChunkRunner = (begin: number, end: number) => boolean

/** Claims and runs chunks of the published region `generation` until none are left. */
export function runRegion(member: TeamMember, generation: number): void {
  const control = member.views.i32
  const units = control[UNITS]!
  const watched = control[WATCH] === 1
  const log = control[LOG] === 0 ? null : new Int32Array(member.buffer(), control[LOG]!, Math.max(1, Math.ceil(units / control[CHUNK]!)))
  const run = chunkRunner(member)
  const cursor = new ChunkCursor(control, control[SCHEDULE] as Schedule, units, control[CHUNK]!, member.index, control[TEAM_SIZE]!)
  const trace = control[TRACE] === 0 ? null
    : new TraceWriter(member.buffer(), control[TRACE]!, control[TRACE_CAPACITY]!, control, TRACE_TAIL)

  const mapMode = control[MODE] === Mode.Map

  for (let begin = cursor.next(); begin !== -1; begin = cursor.next()) {
    const end = cursor.end
    // A cancelled region (abort, or a trap anywhere) still claims and counts
    // its chunks, without running them, so that DONE reaches UNITS.
    if (mayRun(control, mapMode, begin)) {
      let complete: boolean
      if (trace) {
        const start = now()
        complete = run(begin, end)
        trace.write(member.index, control[KERNEL]!, begin, end, start, now())
      } else {
        complete = run(begin, end)
      }
      // Completion log: entry = first unit + 1 (0 means "being written").
      // Only whole chunks: a chunk cut short by a trap holds unwritten results.
      if (log && complete) Atomics.store(log, Atomics.add(control, LOG_TAIL, 1), begin + 1)
    }
    // Release: this chunk's outputs are written before it counts as done.
    const done = Atomics.add(control, DONE, end - begin) + (end - begin)
    if (done === units) {
      member.views.f64[COMPLETE_AT_F64] = now()
      // Release: the outputs, and the time above, are written before COMPLETE says so.
      Atomics.store(control, COMPLETE, generation)
      Atomics.notify(control, COMPLETE)
    }
    if (watched) Atomics.notify(control, DONE)
  }
}

/**
 * Whether a claimed chunk still runs. After a trap, a map goes on with the
 * chunks before the failing item (as Python's imap yields every result before
 * the first failure); every other mode, and an abort, skips the rest.
 */
function mayRun(control: Int32Array, mapMode: boolean, begin: number): boolean {
  const cancel = Atomics.load(control, CANCEL)
  if (cancel === Cancel.None) return true
  // ERROR_BEGIN only decreases during a map region, so a stale read runs a chunk that is merely not needed.
  return mapMode && cancel === Cancel.Trapped && begin < control[ERROR_BEGIN]!
}

/** How this region's mode turns a chunk of units into kernel calls. */
function chunkRunner(member: TeamMember): ChunkRunner {
  const { views } = member
  const control = views.i32
  const kernel = member.kernels[control[KERNEL]!]!
  const args: number[] = []
  for (let i = 0; i < control[ARG_COUNT]!; i++) args.push(views.f64[ARGS_F64 + i]!)
  const mode = control[MODE] as Mode
  const length = control[LENGTH]!
  const unitSize = control[UNIT_SIZE]!
  const trap = (error: unknown, first: number, last: number, lowest = false) => recordTrap(member, error, first, last, lowest)

  switch (mode) {
    case Mode.For: {
      const call = bind(kernel, args)
      return (begin, end) => {
        try {
          call(begin, end)
          return true
        } catch (error) {
          trap(error, begin, end)
          return false
        }
      }
    }
    case Mode.ReduceReturn:
    case Mode.ReduceSlot: {
      const slots = control[PARTIALS]!
      const stride = control[PARTIAL_STRIDE]!
      if (mode === Mode.ReduceSlot) args.push(0) // replaced by each block's slot address
      const call = bind(kernel, args)
      const partials = mode === Mode.ReduceReturn ? new Float64Array(member.buffer(), slots) : null
      return (begin, end) => {
        for (let block = begin; block < end; block++) {
          if (Atomics.load(control, CANCEL) !== Cancel.None) return false
          const first = block * unitSize
          const last = Math.min(length, first + unitSize)
          try {
            if (partials) partials[block] = call(first, last) as number
            else {
              args[args.length - 1] = slots + block * stride
              call(first, last)
            }
          } catch (error) {
            trap(error, first, last)
            return false
          }
        }
        return true
      }
    }
    case Mode.Map: {
      const arity = control[ARITY]!
      const items = new Float64Array(member.buffer(), control[ITEMS]!, control[UNITS]! * arity)
      const results = new Float64Array(member.buffer(), control[RESULTS]!, control[UNITS]!)
      const call = itemCall(kernel, arity, items)
      return (begin, end) => {
        for (let i = begin; i < end; i++) {
          try {
            results[i] = call(i) as number
          } catch (error) {
            trap(error, i, i + 1, true)
            return false
          }
        }
        return true
      }
    }
    case Mode.Tasks: {
      const rows = control[ITEMS]!
      const buffer = member.buffer()
      return (begin, end) => {
        for (let t = begin; t < end; t++) {
          if (Atomics.load(control, CANCEL) !== Cancel.None) return false
          const row = new Float64Array(buffer, rows + t * TASK_ROW_BYTES, TASK_SLOTS)
          if (row[TASK_KERNEL] === SKIP_TASK) continue
          const fn = member.kernels[row[TASK_KERNEL]!]!
          row[TASK_WORKER] = member.index
          try {
            const result = fn(...row.subarray(TASK_ARGS, TASK_ARGS + row[TASK_ARGC]!))
            row[TASK_RESULT] = typeof result === 'number' ? result : NaN
            row[TASK_STATUS] = TaskStatus.Done
          } catch (error) {
            // A task's failure is its own: record it in its row and go on.
            const text = new Uint16Array(buffer, rows + t * TASK_ROW_BYTES + TASK_TEXT, TASK_TEXT_CHARS)
            row[TASK_RESULT] = writeText(text, errorLine(error))
            row[TASK_STATUS] = TaskStatus.Failed
          }
        }
        return true
      }
    }
  }
}

/** A call of an item kernel on item i (its `arity` arguments in `items`). */
function itemCall(fn: Kernel, arity: number, items: Float64Array): (i: number) => number | void {
  switch (arity) {
    case 0: return () => fn()
    case 1: return (i) => fn(items[i]!)
    case 2: return (i) => fn(items[2 * i]!, items[2 * i + 1]!)
    case 3: return (i) => fn(items[3 * i]!, items[3 * i + 1]!, items[3 * i + 2]!)
    default: return (i) => fn(...items.subarray(arity * i, arity * i + arity))
  }
}


/**
 * Records a trap and cancels the rest of the region. The first trap is kept,
 * or with `lowest` (a map) the trap at the lowest index, so that the error
 * names the same item whatever the timing. ERROR_STATE guards the fields:
 * 0 empty, 1 being written, 2 written.
 */
function recordTrap(member: TeamMember, error: unknown, begin: number, end: number, lowest: boolean): void {
  const { views, index } = member
  const control = views.i32
  for (;;) {
    const state = Atomics.compareExchange(control, ERROR_STATE, ErrorState.Empty, ErrorState.Writing)
    if (state === ErrorState.Written && !lowest) break
    // Another worker is writing its trap: traps are rare, so spin.
    if (state === ErrorState.Writing) continue
    if (state === ErrorState.Written && Atomics.compareExchange(control, ERROR_STATE, ErrorState.Written, ErrorState.Writing) !== ErrorState.Written) continue
    if (state === ErrorState.Empty || begin < control[ERROR_BEGIN]!) {
      control[ERROR_WORKER] = index
      control[ERROR_BEGIN] = begin
      control[ERROR_END] = end
      writeErrorText(views, errorLine(error))
    }
    // Release: the fields are written before the state says so.
    Atomics.store(control, ERROR_STATE, ErrorState.Written)
    break
  }
  // After the fields: a worker that sees Trapped reads a valid ERROR_BEGIN.
  Atomics.store(control, CANCEL, Cancel.Trapped)
}
