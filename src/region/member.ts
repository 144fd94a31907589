// What any member of a team does in a published region, worker or calling
// thread alike: claim chunks with the schedule, run them with the kernel,
// count them done. The worker's loop (../worker/team-loop.ts) and a
// synchronous region's caller (../team/sync-join.ts) both run a region
// through here.

import { Cancel, TRACE_TAIL, writeText, type ControlBlock } from './control-block.js'
import { Mode, readDescriptor, teamSizeOf, type Descriptor } from './descriptor.js'
import {
  SKIP_TASK, TASK_ARGC, TASK_ARGS, TASK_KERNEL, TASK_RESULT, TASK_ROW_BYTES, TASK_SLOTS, TASK_STATUS, TASK_TEXT,
  TASK_TEXT_CHARS, TASK_WORKER, TaskStatus,
} from './task-row.js'
import { RELEASED, type PhaseContext } from './phase.js'
import { ChunkCursor } from './schedule.js'
import type { Kernel } from '../kernels/instance.js'
import { now, TraceWriter } from '../trace/records.js'
import { errorLine } from '../errors.js'

type Call = (begin: number, end: number) => number | void

/**
 * Binds a region's arguments once, so the per-chunk call does not spread an
 * array: a spread call cost ~2.5 µs a chunk (the scan's kernel has 9
 * arguments: a 10M-element f64 scan, 611 chunks, on 1 thread 9.3–9.9 →
 * 7.8–8.2 ms). Kernels of more than 12 arguments still spread.
 */
function bind(fn: Kernel, a: number[]): Call {
  switch (a.length) {
    case 0: return (b, e) => fn(b, e)
    case 1: return (b, e) => fn(a[0]!, b, e)
    case 2: return (b, e) => fn(a[0]!, a[1]!, b, e)
    case 3: return (b, e) => fn(a[0]!, a[1]!, a[2]!, b, e)
    case 4: return (b, e) => fn(a[0]!, a[1]!, a[2]!, a[3]!, b, e)
    case 5: return (b, e) => fn(a[0]!, a[1]!, a[2]!, a[3]!, a[4]!, b, e)
    case 6: return (b, e) => fn(a[0]!, a[1]!, a[2]!, a[3]!, a[4]!, a[5]!, b, e)
    case 7: return (b, e) => fn(a[0]!, a[1]!, a[2]!, a[3]!, a[4]!, a[5]!, a[6]!, b, e)
    case 8: return (b, e) => fn(a[0]!, a[1]!, a[2]!, a[3]!, a[4]!, a[5]!, a[6]!, a[7]!, b, e)
    case 9: return (b, e) => fn(a[0]!, a[1]!, a[2]!, a[3]!, a[4]!, a[5]!, a[6]!, a[7]!, a[8]!, b, e)
    case 10: return (b, e) => fn(a[0]!, a[1]!, a[2]!, a[3]!, a[4]!, a[5]!, a[6]!, a[7]!, a[8]!, a[9]!, b, e)
    case 11: return (b, e) => fn(a[0]!, a[1]!, a[2]!, a[3]!, a[4]!, a[5]!, a[6]!, a[7]!, a[8]!, a[9]!, a[10]!, b, e)
    case 12: return (b, e) => fn(a[0]!, a[1]!, a[2]!, a[3]!, a[4]!, a[5]!, a[6]!, a[7]!, a[8]!, a[9]!, a[10]!, a[11]!, b, e)
    default: return (b, e) => fn(...a, b, e)
  }
}

export interface TeamMember {
  readonly block: ControlBlock
  /** What this member's instance imports for phased kernels (threadIndex, threadCount, barrier). */
  readonly phase: PhaseContext
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

/**
 * Claims and runs chunks of the published region `generation` until none are
 * left. A synchronous caller passes the `region` it wrote; a worker decodes it.
 */
export function runRegion(member: TeamMember, generation: number, region: Descriptor = readDescriptor(member.block)): void {
  const { block } = member
  if (region.mode === Mode.Phased) return runPhase(member, region, generation)
  const { units, chunk } = region
  const watched = (region.mode === Mode.Map || region.mode === Mode.Tasks) && region.watch
  const log = region.mode === Mode.Map || region.mode === Mode.Tasks
    ? new Int32Array(member.buffer(), region.log, Math.max(1, Math.ceil(units / chunk))) : null
  const run = chunkRunner(member, region)
  const cursor = new ChunkCursor(block.i32, region.schedule, units, chunk, member.index, teamSizeOf(block))
  const trace = block.traceAddress === 0 ? null
    : new TraceWriter(member.buffer(), block.traceAddress, block.traceCapacity, block.i32, TRACE_TAIL)
  const mapMode = region.mode === Mode.Map

  for (let begin = cursor.next(); begin !== -1; begin = cursor.next()) {
    const end = cursor.end
    // A cancelled region (abort, or a trap anywhere) still claims and counts
    // its chunks, without running them, so that DONE reaches UNITS.
    if (mayRun(block, mapMode, begin)) {
      let complete: boolean
      if (trace) {
        const start = now()
        complete = run(begin, end)
        trace.write(member.index, region.kernel, begin, end, start, now())
      } else {
        complete = run(begin, end)
      }
      // Completion log: entry = first unit + 1 (0 means "being written").
      // Only whole chunks: a chunk cut short by a trap holds unwritten results.
      if (log && complete) Atomics.store(log, block.appendLog(), begin + 1)
    }
    if (block.countDone(end - begin) === units) block.complete(generation, now())
    if (watched) block.notifyDone()
  }
}

/**
 * Runs a phased region's kernel once, as this member. A trap is recorded
 * under this member's index and breaks the barrier (cancelWith), so members
 * waiting there leave with RELEASED, which is no trap of their own.
 */
function runPhase(member: TeamMember, region: Descriptor & { readonly mode: Mode.Phased }, generation: number): void {
  const { block, index } = member
  if (block.cancel === Cancel.None) {
    const start = now()
    try {
      member.kernels[region.kernel]!(...region.args)
    } catch (error) {
      if (error !== RELEASED) block.recordTrap({ member: index, begin: index, end: index + 1, text: errorLine(error) }, false)
    }
    if (block.traceAddress !== 0) {
      new TraceWriter(member.buffer(), block.traceAddress, block.traceCapacity, block.i32, TRACE_TAIL)
        .write(index, region.kernel, index, index + 1, start, now())
    }
  }
  if (block.countDone(1) === region.units) block.complete(generation, now())
}

/**
 * Whether a claimed chunk still runs. After a trap, a map goes on with the
 * chunks before the failing item (as Python's imap yields every result before
 * the first failure); every other mode, and an abort, skips the rest.
 */
function mayRun(block: ControlBlock, mapMode: boolean, begin: number): boolean {
  const cancel = block.cancel
  if (cancel === Cancel.None) return true
  // The lowest trapped unit only decreases during a map region, so a stale read runs a chunk that is merely not needed.
  return mapMode && cancel === Cancel.Trapped && begin < block.trappedAt
}

/** How this region's mode turns a chunk of units into kernel calls. */
function chunkRunner(member: TeamMember, region: Exclude<Descriptor, { readonly mode: Mode.Phased }>): ChunkRunner {
  const { block } = member
  const kernel = member.kernels[region.kernel]!
  const args = [...region.args]
  const { length, unitSize } = region
  const trap = (error: unknown, begin: number, end: number, lowest = false): void =>
    block.recordTrap({ member: member.index, begin, end, text: errorLine(error) }, lowest)

  switch (region.mode) {
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
      const { partials: slots, stride } = region
      if (region.mode === Mode.ReduceSlot) args.push(0) // replaced by each block's slot address
      const call = bind(kernel, args)
      const partials = region.mode === Mode.ReduceReturn ? new Float64Array(member.buffer(), slots) : null
      return (begin, end) => {
        for (let b = begin; b < end; b++) {
          if (block.cancel !== Cancel.None) return false
          const first = b * unitSize
          const last = Math.min(length, first + unitSize)
          try {
            if (partials) partials[b] = call(first, last) as number
            else {
              args[args.length - 1] = slots + b * stride
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
      const { arity, units } = region
      const items = new Float64Array(member.buffer(), region.items, units * arity)
      const results = new Float64Array(member.buffer(), region.results, units)
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
      const rows = region.items
      const buffer = member.buffer()
      return (begin, end) => {
        for (let t = begin; t < end; t++) {
          if (block.cancel !== Cancel.None) return false
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
