// The control block: the one place in shared memory where the main side and the
// members of a team meet. Layout in Int32 words; each hot word sits on its own
// 64-byte cache line so that spinning readers do not slow the writers of other
// words. Callers go through ControlBlock's named methods; the region's
// descriptor (what to run) is encoded and decoded by descriptor.ts alone.
//
//   line     field                         written by                read by
//   ───────  ────────────────────────────  ────────────────────────  ──────────────
//   0        GENERATION  odd: writing,     main                      members (wait)
//                        even: published
//            COMMAND     RUN | STOP        main                      members
//            CALLER      1: the caller is  main (descriptor.ts)      members
//                        the last member
//   1        region descriptor             main, while GEN is odd    members
//   2        NEXT        next unit         members (add / CAS)       members
//   3        DONE        units finished    members (add)             members
//            TRACE_TAIL  trace records     members (add)             main (engine.trace)
//   4        COMPLETE    last gen done     the member finishing the  main
//                                          last unit
//            COMPLETE_AT when it was done  (f64, same member)        main (how long to poll)
//   5        CANCEL      skip the rest     main (abort), members (trap)
//            ERROR_*     first trap (map:  trapping members (ERROR_STATE
//                        lowest item)      as a lock)
//            TRACE, TRACE_CAPACITY  where chunk records go (0: tracing off)   main, once
//            PARK        +1 per region of  main                      a worker that sat
//                        every worker                                out (waits on it)
//   6        ACTIVE      workers inside    workers (add / sub)       main, before rewriting
//   7        LOG_TAIL    entries in the    members (add)             main (map, tasks)
//                        completion log
//   8-9      ARGS        16 × f64          main (descriptor.ts)      members
//   10-25    ERROR_TEXT  512 × u16         first trapping member     main
//   26       BARRIER     broken | phase |  members (phase.ts), and   members (wait)
//                        arrived           cancelWith (breaks it)
//   27-282   CURSOR[w]   position in       member w, then thieves    members
//                        member w's static share
//
// The protocol (README.md in this folder tells it in full): the main side makes
// GENERATION odd, waits until ACTIVE is 0, writes the descriptor, makes
// GENERATION even again and wakes the team. A worker joins by incrementing
// ACTIVE and then re-reading GENERATION; sequentially consistent Atomics make
// that a Dekker handshake, so no worker ever reads a half-written descriptor.

/** Words per cache line (64 bytes / 4). */
export const LINE = 16

export const GENERATION = 0
export const COMMAND = 1
/** 1 when the calling thread takes part (a synchronous region) as member TEAM_SIZE − 1; that worker stays out. */
export const CALLER = 2

/** First word of the region descriptor's line (descriptor.ts names its fields). */
export const DESCRIPTOR = LINE

export const NEXT = 2 * LINE
export const DONE = 3 * LINE
export const TRACE_TAIL = DONE + 1
export const COMPLETE = 4 * LINE
/** Float64 index: when the region became complete (ms since the epoch, performance.timeOrigin + now), written just before COMPLETE. */
export const COMPLETE_AT_F64 = (COMPLETE + 2) / 2

export const CANCEL = 5 * LINE
export const ERROR_STATE = CANCEL + 1
export const ERROR_WORKER = CANCEL + 2
export const ERROR_BEGIN = CANCEL + 3
export const ERROR_END = CANCEL + 4
export const ERROR_LENGTH = CANCEL + 5
export const TRACE = CANCEL + 6
export const TRACE_CAPACITY = CANCEL + 7
/** Bumped (and notified) with every region that needs every worker, and at STOP: where a worker that sat out a region sleeps. */
export const PARK = CANCEL + 8

export const ACTIVE = 6 * LINE
export const LOG_TAIL = 7 * LINE

/** Float64 index of the first argument slot (descriptor.ts writes and reads them). */
export const ARGS_F64 = (8 * LINE) / 2
/** Most arguments a kernel call takes, in a region or a task row. */
export const MAX_ARGS = 16

/** Uint16 index of the first character of the error text, and its capacity. */
export const ERROR_TEXT_U16 = 10 * LINE * 2
export const ERROR_TEXT_CHARS = 512

/** A phased region's barrier word (phase.ts): BARRIER_BROKEN | phase << 16 | arrived. */
export const BARRIER = 26 * LINE
/** Set in BARRIER when the region is cancelled: every member waiting there leaves, and no member waits there again. */
export const BARRIER_BROKEN = 1 << 31

/** Most members a team can have: one cursor line each. */
export const MAX_TEAM = 256
const CURSOR_LINE = 27
/** Int32 index of member w's static-share cursor. */
export const cursor = (member: number): number => (CURSOR_LINE + member) * LINE

/** Size of the control block in bytes. */
export const CONTROL_BYTES = (CURSOR_LINE + MAX_TEAM) * LINE * 4

export const enum Command { Run = 1, Stop = 2 }

/** CANCEL: why the rest of a region is skipped. TimedOut: a synchronous caller's deadline passed at a barrier. */
export const enum Cancel { None = 0, Aborted = 1, Trapped = 2, TimedOut = 3 }

/** ERROR_STATE: whether the ERROR_* fields hold a trap (a small lock: a map keeps its lowest trap). */
export const enum ErrorState { Empty = 0, Writing = 1, Written = 2 }

/** The first trap of a region (or, in a map, the lowest): who, on which units, and its message. */
export interface Trap {
  readonly member: number
  readonly begin: number
  readonly end: number
  readonly text: string
}

/**
 * A typed accessor over one control block, made once per thread (the block
 * never moves). Each method is one step of the protocol, with the ordering it
 * relies on said where it happens; `i32` stays open for the schedules'
 * cursors and the descriptor.
 */
export class ControlBlock {
  readonly i32: Int32Array
  readonly f64: Float64Array
  readonly u16: Uint16Array

  /** The block at `address` (bytes, 64-aligned) in `buffer`. */
  constructor(buffer: ArrayBufferLike, address: number) {
    this.i32 = new Int32Array(buffer, address, CONTROL_BYTES / 4)
    this.f64 = new Float64Array(buffer, address, CONTROL_BYTES / 8)
    this.u16 = new Uint16Array(buffer, address, CONTROL_BYTES / 2)
  }

  /** The current GENERATION: odd while the main side writes, even once published. */
  get generation(): number {
    // Acquire: an even generation publishes the descriptor written before it.
    return Atomics.load(this.i32, GENERATION)
  }

  /** Main side, step 1: GENERATION odd, so workers that have not joined stay out while the descriptor is rewritten. */
  beginWriting(): void {
    Atomics.add(this.i32, GENERATION, 1)
  }

  /** Main side, step 4: GENERATION even again, publishing what was written; wakes sleeping workers. Returns it. */
  publish(): number {
    // Release: the descriptor is written before the even generation says so.
    const generation = (Atomics.add(this.i32, GENERATION, 1) + 1) | 0 // int32 wrap-around, as stored
    Atomics.notify(this.i32, GENERATION)
    return generation
  }

  get command(): Command {
    return this.i32[COMMAND] as Command
  }

  /** Workers inside a region: the main side rewrites the descriptor only at 0. */
  get active(): number {
    return Atomics.load(this.i32, ACTIVE)
  }

  /**
   * A worker joins generation `seen`: true if it may read the descriptor. The
   * add, then the re-read of GENERATION, pair with the main side's odd bump and
   * ACTIVE check (a Dekker handshake): one of the two sees the other.
   */
  join(seen: number): boolean {
    Atomics.add(this.i32, ACTIVE, 1)
    return Atomics.load(this.i32, GENERATION) === seen
  }

  /** Blocks while `active` workers are inside a region, up to `ms` (a thread that may block). */
  waitActive(active: number, ms: number): void {
    Atomics.wait(this.i32, ACTIVE, active, ms)
  }

  /** waitActive without blocking: a promise that settles when ACTIVE changes from `active` or `ms` pass (undefined: it already did). */
  waitActiveAsync(active: number, ms: number): Promise<unknown> | undefined {
    return waitAsync(this.i32, ACTIVE, active, ms)
  }

  /** A worker leaves; the last one out wakes a main side waiting to rewrite the descriptor. */
  leave(): void {
    if (Atomics.sub(this.i32, ACTIVE, 1) === 1) Atomics.notify(this.i32, ACTIVE)
  }

  /** Counts `units` finished; returns the total so far. */
  countDone(units: number): number {
    // Release: the units' outputs are written before they count as done.
    return Atomics.add(this.i32, DONE, units) + units
  }

  /** A watched region (map, tasks): wakes the main side after each chunk, to report progress. */
  notifyDone(): void {
    Atomics.notify(this.i32, DONE)
  }

  /** Claims the next entry of the region's completion log; returns its index. */
  appendLog(): number {
    return Atomics.add(this.i32, LOG_TAIL, 1)
  }

  get done(): number {
    return Atomics.load(this.i32, DONE)
  }

  /** The member that finished the last unit says region `generation` is complete, stamped `atMs`, and wakes the main side. */
  complete(generation: number, atMs: number): void {
    this.f64[COMPLETE_AT_F64] = atMs
    // Release: every output, and the stamp above, are written before COMPLETE says so.
    Atomics.store(this.i32, COMPLETE, generation)
    Atomics.notify(this.i32, COMPLETE)
  }

  /** The last generation completed. */
  get completed(): number {
    // Acquire: read before the outputs of the region it names.
    return Atomics.load(this.i32, COMPLETE)
  }

  /** Blocks while COMPLETE is `seen`, up to `ms` (Infinity: no limit); a thread that may block. */
  waitComplete(seen: number, ms: number): void {
    Atomics.wait(this.i32, COMPLETE, seen, ms === Infinity ? undefined : ms)
  }

  /** A promise that settles when COMPLETE changes from `seen` (undefined: it already did); never blocks. */
  waitCompleteAsync(seen: number): Promise<unknown> | undefined {
    return waitAsync(this.i32, COMPLETE, seen)
  }

  /** A promise that settles when DONE changes from `seen` (undefined: it already did): members of a watched region notify it after each chunk. */
  waitDoneAsync(seen: number): Promise<unknown> | undefined {
    return waitAsync(this.i32, DONE, seen)
  }

  /** When the last region became complete (ms, as trace/records.ts's now()). */
  get completedAtMs(): number {
    return this.f64[COMPLETE_AT_F64]!
  }

  get cancel(): Cancel {
    return Atomics.load(this.i32, CANCEL) as Cancel
  }

  /** Members skip the region's remaining work from now on, and those waiting at a barrier leave it. */
  cancelWith(reason: Cancel.Aborted | Cancel.Trapped | Cancel.TimedOut): void {
    Atomics.store(this.i32, CANCEL, reason)
    // After CANCEL: a member released from the barrier reads why. Changing the word wakes every wait on it.
    Atomics.or(this.i32, BARRIER, BARRIER_BROKEN)
    Atomics.notify(this.i32, BARRIER)
  }

  /** Main side: wakes workers that sat out a synchronous region (after a region for every worker, or STOP, is published). */
  unpark(): void {
    Atomics.add(this.i32, PARK, 1)
    Atomics.notify(this.i32, PARK)
  }

  /**
   * A worker that sat out region `seen` sleeps until the main side unparks it
   * or publishes another generation. A worker left out of a synchronous
   * region would otherwise spin, taking a core from the caller or a member.
   */
  park(seen: number): void {
    for (;;) {
      // PARK before GENERATION: a region published in between bumps PARK after it, so the wait returns at once.
      const ticket = Atomics.load(this.i32, PARK)
      if (Atomics.load(this.i32, GENERATION) !== seen) return
      Atomics.wait(this.i32, PARK, ticket)
    }
  }

  /**
   * Records a trap and cancels the rest of the region. The first trap is kept,
   * or with `lowest` (a map) the one at the lowest unit, so that the error
   * names the same item whatever the timing. ERROR_STATE is a small lock over
   * the fields: empty, being written, written.
   */
  recordTrap(trap: Trap, lowest: boolean): void {
    const control = this.i32
    for (;;) {
      const state = Atomics.compareExchange(control, ERROR_STATE, ErrorState.Empty, ErrorState.Writing)
      if (state === ErrorState.Written && !lowest) break
      // Another member is writing its trap: traps are rare, so spin.
      if (state === ErrorState.Writing) continue
      if (state === ErrorState.Written && Atomics.compareExchange(control, ERROR_STATE, ErrorState.Written, ErrorState.Writing) !== ErrorState.Written) continue
      if (state === ErrorState.Empty || trap.begin < control[ERROR_BEGIN]!) {
        control[ERROR_WORKER] = trap.member
        control[ERROR_BEGIN] = trap.begin
        control[ERROR_END] = trap.end
        control[ERROR_LENGTH] = writeText(this.u16.subarray(ERROR_TEXT_U16, ERROR_TEXT_U16 + ERROR_TEXT_CHARS), trap.text)
      }
      // Release: the fields are written before the state says so.
      Atomics.store(control, ERROR_STATE, ErrorState.Written)
      break
    }
    // After the fields: a member that sees Trapped reads a valid ERROR_BEGIN.
    this.cancelWith(Cancel.Trapped)
  }

  /** The lowest unit that trapped so far in a map region: chunks before it still run. */
  get trappedAt(): number {
    return this.i32[ERROR_BEGIN]!
  }

  /** The region's recorded trap, once it is complete; undefined if none. */
  get trap(): Trap | undefined {
    const control = this.i32
    if (Atomics.load(control, ERROR_STATE) === ErrorState.Empty) return undefined
    const length = control[ERROR_LENGTH]!
    const text = String.fromCharCode(...this.u16.subarray(ERROR_TEXT_U16, ERROR_TEXT_U16 + length))
    return { member: control[ERROR_WORKER]!, begin: control[ERROR_BEGIN]!, end: control[ERROR_END]!, text }
  }

  /** Where members record chunks (0: tracing off), set once before any region. */
  get traceAddress(): number {
    return this.i32[TRACE]!
  }

  get traceCapacity(): number {
    return this.i32[TRACE_CAPACITY]!
  }

  /** Main side, before any region: members record every chunk into `capacity` records at byte `address`. */
  enableTrace(address: number, capacity: number): void {
    this.i32[TRACE] = address
    this.i32[TRACE_CAPACITY] = capacity
  }

  /** Trace records written so far (at most the capacity); `clear` starts over. Only between regions. */
  traceCount(clear: boolean): number {
    const count = Math.min(Atomics.load(this.i32, TRACE_TAIL), this.i32[TRACE_CAPACITY]!)
    if (clear) Atomics.store(this.i32, TRACE_TAIL, 0)
    return count
  }

  /** Main side: STOP for every worker, published as a generation of its own. */
  stop(): void {
    this.beginWriting()
    this.i32[COMMAND] = Command.Stop
    this.publish()
    this.unpark()
  }
}

/** Atomics.waitAsync's promise, or undefined when it settled at once (the word differs already, or `ms` is 0). */
function waitAsync(view: Int32Array, index: number, value: number, ms?: number): Promise<unknown> | undefined {
  const wait = Atomics.waitAsync(view, index, value, ms)
  return wait.async ? wait.value : undefined
}

/** Writes `text` into `chars` (cut to fit); returns the length written. */
export function writeText(chars: Uint16Array, text: string): number {
  const length = Math.min(text.length, chars.length)
  for (let i = 0; i < length; i++) chars[i] = text.charCodeAt(i)
  return length
}
