// The region descriptor: what a published region runs, encoded into the
// control block by the main side and decoded by every member, here and
// nowhere else. A union by mode, so each mode carries only its own fields.
//
//   line 1 (DESCRIPTOR + k)
//   k   0 KERNEL   1 ARG_COUNT   2 MODE    3 SCHEDULE   4 UNITS   5 UNIT_SIZE
//       6 LENGTH   7 CHUNK       8 TEAM_SIZE            9 PARTIALS / ITEMS
//      10 STRIDE / ARITY         11 RESULTS             12 LOG    13 WATCH
//   line 0: CALLER                lines 8-9: ARGS (f64)

import {
  ACTIVE, ARGS_F64, BARRIER, CALLER, CANCEL, COMMAND, Cancel, Command, DESCRIPTOR, DONE, ERROR_STATE, ErrorState, GENERATION, LOG_TAIL,
  MAX_ARGS, NEXT, cursor, type ControlBlock,
} from './control-block.js'
import type { Schedule } from './schedule.js'

const KERNEL = DESCRIPTOR + 0
const ARG_COUNT = DESCRIPTOR + 1
const MODE = DESCRIPTOR + 2
const SCHEDULE = DESCRIPTOR + 3
const UNITS = DESCRIPTOR + 4
const UNIT_SIZE = DESCRIPTOR + 5
const LENGTH = DESCRIPTOR + 6
const CHUNK = DESCRIPTOR + 7
const TEAM_SIZE = DESCRIPTOR + 8
/** Reduce: byte address of the partials. Map, Tasks: of the items (or task rows). */
const BUFFER = DESCRIPTOR + 9
/** Reduce: bytes per partial slot. Map: f64 arguments per item. */
const WIDTH = DESCRIPTOR + 10
const RESULTS = DESCRIPTOR + 11
const LOG = DESCRIPTOR + 12
/** 1 when the main side waits for progress: members then notify DONE after each chunk. */
const WATCH = DESCRIPTOR + 13
/** Words of line 1 the descriptor uses (a test holds it within the line). */
export const DESCRIPTOR_WORDS = 14

/** How a member calls the kernel for a chunk of units. */
export const enum Mode {
  /** parallelFor: one call per chunk, units are indices. */
  For = 0,
  /** reduce, scalar partial: one call per block, the return value goes to partials[block]. */
  ReduceReturn = 1,
  /** reduce, vector partial: one call per block, the kernel writes its block's slot. */
  ReduceSlot = 2,
  /** map: one call per item, results[i] = kernel(...items[i]); chunks go to the completion log. */
  Map = 3,
  /** tasks: one call per task row (any kernel, its own arguments); a failure fails only its row. */
  Tasks = 4,
  /** phased: one call per member, no range; the kernel waits for the others at barriers (phase.ts). */
  Phased = 5,
}

/** What every region's descriptor has, whatever its mode. */
interface DescriptorBase {
  /** Kernel id: its index in the names the team booted with. */
  readonly kernel: number
  /** Kernel arguments before (slot,) begin, end; pointers as byte addresses. At most MAX_ARGS. */
  readonly args: readonly number[]
  readonly schedule: Schedule
  /** Units the schedule hands out: indices (parallelFor), blocks (reduce), items (map) or task rows (runAll). */
  readonly units: number
  /** Indices per unit: 1, or the block size of a reduce. */
  readonly unitSize: number
  /** Indices in the region, n. */
  readonly length: number
  /** Units per chunk; 0 with static means one contiguous block per member. */
  readonly chunk: number
}

/** parallelFor: one kernel call per chunk of indices. */
export interface ForDescriptor extends DescriptorBase {
  readonly mode: Mode.For
}

/** reduce: one call per block, its partial returned (ReduceReturn) or written to its slot (ReduceSlot). */
export interface ReduceDescriptor extends DescriptorBase {
  readonly mode: Mode.ReduceReturn | Mode.ReduceSlot
  /** Byte address of the partials, one slot of `stride` bytes per block. */
  readonly partials: number
  readonly stride: number
}

/** map: one call per item; results per item; whole chunks appended to the completion log. */
export interface MapDescriptor extends DescriptorBase {
  readonly mode: Mode.Map
  /** Byte addresses of the items (`arity` f64 each), the results and the completion log. */
  readonly items: number
  readonly arity: number
  readonly results: number
  readonly log: number
  /** The main side reports progress: members notify DONE after each chunk. */
  readonly watch: boolean
}

/** runAll: one task row per call, any kernel; a failure fails its row only. */
export interface TasksDescriptor extends DescriptorBase {
  readonly mode: Mode.Tasks
  /** Byte addresses of the task rows and the completion log. */
  readonly items: number
  readonly log: number
  readonly watch: boolean
}

/** parallel: the kernel once on every member (units: one per member), phases separated by barriers. */
export interface PhasedDescriptor extends DescriptorBase {
  readonly mode: Mode.Phased
}

export type Descriptor = ForDescriptor | ReduceDescriptor | MapDescriptor | TasksDescriptor | PhasedDescriptor

/** A descriptor as members read it: with the team it was published for. */
export type Published = Descriptor & {
  /** Members in the region, the caller included. */
  readonly teamSize: number
  /** The calling thread is member teamSize − 1 (a synchronous region); the worker of that index sits it out. */
  readonly caller: boolean
}

/** Throws a RangeError if `descriptor` cannot be published: call before the main side starts writing. */
export function checkDescriptor(descriptor: Descriptor): void {
  if (descriptor.args.length > MAX_ARGS) {
    throw new RangeError(`a kernel takes at most ${MAX_ARGS} arguments, got ${descriptor.args.length}`)
  }
}

/** Writes `descriptor` for a team of `teamSize` and resets the region's counters. Only while GENERATION is odd and ACTIVE is 0. */
export function writeDescriptor(block: ControlBlock, descriptor: Descriptor, teamSize: number, caller: boolean): void {
  const { i32: control, f64 } = block
  const { args } = descriptor
  control[KERNEL] = descriptor.kernel
  control[ARG_COUNT] = args.length
  for (let i = 0; i < args.length; i++) f64[ARGS_F64 + i] = args[i]!
  control[MODE] = descriptor.mode
  control[SCHEDULE] = descriptor.schedule
  control[UNITS] = descriptor.units
  control[UNIT_SIZE] = descriptor.unitSize
  control[LENGTH] = descriptor.length
  control[CHUNK] = descriptor.chunk
  control[TEAM_SIZE] = teamSize
  control[CALLER] = caller ? 1 : 0
  switch (descriptor.mode) {
    case Mode.For:
    case Mode.Phased:
      break
    case Mode.ReduceReturn:
    case Mode.ReduceSlot:
      control[BUFFER] = descriptor.partials
      control[WIDTH] = descriptor.stride
      break
    case Mode.Map:
      control[BUFFER] = descriptor.items
      control[WIDTH] = descriptor.arity
      control[RESULTS] = descriptor.results
      control[LOG] = descriptor.log
      control[WATCH] = descriptor.watch ? 1 : 0
      break
    case Mode.Tasks:
      control[BUFFER] = descriptor.items
      control[LOG] = descriptor.log
      control[WATCH] = descriptor.watch ? 1 : 0
      break
  }
  resetRegion(block, teamSize)
}

/** Reads the descriptor published with the current even GENERATION. */
export function readDescriptor(block: ControlBlock): Published {
  const { i32: control, f64 } = block
  const count = control[ARG_COUNT]!
  const args = new Array<number>(count)
  for (let i = 0; i < count; i++) args[i] = f64[ARGS_F64 + i]!
  // One literal per mode, no spread: a worker decodes every region it joins, so this is on the dispatch path.
  const kernel = control[KERNEL]!
  const schedule = control[SCHEDULE] as Schedule
  const units = control[UNITS]!
  const unitSize = control[UNIT_SIZE]!
  const length = control[LENGTH]!
  const chunk = control[CHUNK]!
  const teamSize = control[TEAM_SIZE]!
  const caller = control[CALLER] === 1
  const mode = control[MODE] as Mode
  switch (mode) {
    case Mode.For:
    case Mode.Phased:
      return { mode, kernel, args, schedule, units, unitSize, length, chunk, teamSize, caller }
    case Mode.ReduceReturn:
    case Mode.ReduceSlot:
      return { mode, kernel, args, schedule, units, unitSize, length, chunk, teamSize, caller, partials: control[BUFFER]!, stride: control[WIDTH]! }
    case Mode.Map:
      return {
        mode, kernel, args, schedule, units, unitSize, length, chunk, teamSize, caller,
        items: control[BUFFER]!, arity: control[WIDTH]!, results: control[RESULTS]!, log: control[LOG]!, watch: control[WATCH] === 1,
      }
    case Mode.Tasks:
      return { mode, kernel, args, schedule, units, unitSize, length, chunk, teamSize, caller, items: control[BUFFER]!, log: control[LOG]!, watch: control[WATCH] === 1 }
  }
}

/** Members in the region published now, the caller included. */
export function teamSizeOf(block: ControlBlock): number {
  return block.i32[TEAM_SIZE]!
}

/** Whether member `index` takes part in the region published now (a worker whose place a synchronous caller takes does not). */
export function isMember(block: ControlBlock, index: number): boolean {
  return index < block.i32[TEAM_SIZE]! - block.i32[CALLER]!
}

/** Zeroes what members count during a region: claims, completions, cancellation, the trap. */
function resetRegion(block: ControlBlock, teamSize: number): void {
  const control = block.i32
  control[LOG_TAIL] = 0
  control[NEXT] = 0
  control[DONE] = 0
  for (let w = 0; w < teamSize; w++) control[cursor(w)] = 0
  control[CANCEL] = Cancel.None
  control[ERROR_STATE] = ErrorState.Empty
  control[BARRIER] = 0
  control[COMMAND] = Command.Run
}

/**
 * Makes the block idle after the workers were ended mid-region (a death or a
 * timeout): GENERATION even, nobody inside, nothing counted, so a new team
 * booting on it waits for the next region.
 */
export function resetAfterTeam(block: ControlBlock, teamSize: number): void {
  const control = block.i32
  if (control[GENERATION]! & 1) control[GENERATION]! += 1
  control[ACTIVE] = 0
  resetRegion(block, teamSize)
}
