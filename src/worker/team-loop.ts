// The worker side of a parallel region: wait for a published generation, join
// it, claim and run chunks until none are left, count them done, leave.

import {
  ACTIVE, ARG_COUNT, ARGS_F64, CANCEL, CHUNK, COMMAND, COMPLETE, DONE, ERROR_BEGIN, ERROR_END,
  ERROR_STATE, ERROR_WORKER, GENERATION, KERNEL, LENGTH, MODE, PARTIAL_STRIDE, PARTIALS, SCHEDULE,
  TEAM_SIZE, UNIT_SIZE, UNITS, Cancel, Command, Mode, writeErrorText, type ControlViews,
} from '../team/control-block.js'
import { ChunkCursor, type Schedule } from '../team/schedule.js'
import { awaitGeneration } from './idle.js'

type Kernel = (...args: number[]) => number | void
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
  /** This worker's index in the team, 0-based. */
  readonly index: number
  /** Kernels by id, in the order the engine numbered them. */
  readonly kernels: readonly Kernel[]
  /** The GENERATION value at boot: the first region is the next one. */
  readonly generation: number
  /** The current memory buffer: partial results are written through it. */
  buffer(): ArrayBufferLike
}

/** Serves regions until STOP. Blocks this worker thread (never the main thread). */
export function teamLoop(member: TeamMember): void {
  const control = member.views.i32
  let seen = member.generation
  for (;;) {
    seen = awaitGeneration(control, seen)
    // Odd: the main side is rewriting the descriptor; the even value follows.
    if (seen & 1) continue
    if (control[COMMAND] === Command.Stop) return
    // Join, then re-check: if GENERATION moved on, the main side may be
    // rewriting the descriptor, so leave without reading it (Dekker handshake
    // with the main side's GENERATION bump and ACTIVE check).
    Atomics.add(control, ACTIVE, 1)
    if (Atomics.load(control, GENERATION) === seen) runRegion(member, seen)
    // Leave: the main side rewrites the descriptor only once ACTIVE is 0.
    Atomics.sub(control, ACTIVE, 1)
  }
}

function runRegion(member: TeamMember, generation: number): void {
  const { views, index } = member
  const control = views.i32
  const argCount = control[ARG_COUNT]!
  const args: number[] = []
  for (let i = 0; i < argCount; i++) args.push(views.f64[ARGS_F64 + i]!)
  const mode = control[MODE] as Mode
  const units = control[UNITS]!
  const length = control[LENGTH]!
  const unitSize = control[UNIT_SIZE]!
  const stride = control[PARTIAL_STRIDE]!
  const slots = control[PARTIALS]!
  if (mode === Mode.ReduceSlot) args.push(0) // replaced by each block's slot address
  const kernel = member.kernels[control[KERNEL]!]!
  const call = bind(kernel, args)
  const partials = mode === Mode.ReduceReturn ? new Float64Array(member.buffer(), slots) : null
  const cursor = new ChunkCursor(control, control[SCHEDULE] as Schedule, units, control[CHUNK]!, index, control[TEAM_SIZE]!)

  for (let begin = cursor.next(); begin !== -1; begin = cursor.next()) {
    const end = cursor.end
    // A cancelled region (abort, or a trap anywhere) still claims and counts
    // its chunks, without running them, so that DONE reaches UNITS.
    if (Atomics.load(control, CANCEL) === Cancel.None) runChunk(member, mode, call, args, begin, end, unitSize, length, slots, stride, partials)
    // Release: this chunk's outputs are written before it counts as done.
    const done = Atomics.add(control, DONE, end - begin) + (end - begin)
    if (done === units) {
      Atomics.store(control, COMPLETE, generation)
      Atomics.notify(control, COMPLETE)
    }
  }
}

function runChunk(
  member: TeamMember, mode: Mode, call: Call, args: number[], begin: number, end: number,
  unitSize: number, length: number, slots: number, stride: number, partials: Float64Array | null,
): void {
  const control = member.views.i32
  let first = begin * unitSize
  let last = Math.min(length, end * unitSize)
  try {
    if (mode === Mode.For) {
      if (first < last) call(first, last)
      return
    }
    for (let block = begin; block < end; block++) {
      if (Atomics.load(control, CANCEL) !== Cancel.None) return
      first = block * unitSize
      last = Math.min(length, first + unitSize)
      if (partials) partials[block] = call(first, last) as number
      else {
        args[args.length - 1] = slots + block * stride
        call(first, last)
      }
    }
  } catch (error) {
    recordTrap(member, error, first, last)
  }
}

/** Keeps the first trap of a region and cancels the rest of it. */
function recordTrap(member: TeamMember, error: unknown, begin: number, end: number): void {
  const { views, index } = member
  const control = views.i32
  // Only the first trapping worker writes the error fields.
  if (Atomics.compareExchange(control, ERROR_STATE, 0, 1) === 0) {
    control[ERROR_WORKER] = index
    control[ERROR_BEGIN] = begin
    control[ERROR_END] = end
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
    writeErrorText(views, text)
  }
  Atomics.store(control, CANCEL, Cancel.Trapped)
}
