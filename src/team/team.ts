// The main side of team dispatch: owns the workers and the control block, runs
// one parallel region at a time, and never blocks the main thread.

import { AbortError, KernelError, WorkerError } from '../errors.js'
import { spawnWorker, type ThreadHandle } from '../worker/spawn.js'
import {
  ACTIVE, ARG_COUNT, ARITY, ITEMS, LOG, LOG_TAIL, RESULTS, TRACE, TRACE_CAPACITY, TRACE_TAIL, WATCH, ARGS_F64, CANCEL, CHUNK, COMMAND, COMPLETE, DONE, ERROR_BEGIN, ERROR_END, ERROR_STATE,
  ERROR_WORKER, GENERATION, KERNEL, LENGTH, MAX_ARGS, MODE, NEXT, PARTIAL_STRIDE, PARTIALS,
  SCHEDULE, TEAM_SIZE, UNIT_SIZE, UNITS, Cancel, Command, controlViews, cursor, readErrorText,
  type ControlViews, type Mode,
} from './control-block.js'
import type { Schedule } from './schedule.js'

/** Loads of COMPLETE before falling back to Atomics.waitAsync: a few µs, enough for tiny regions. */
const MAIN_SPIN_ROUNDS = 4_000

/** One parallel region, as the workers read it from the control block. */
export interface Region {
  /** Kernel id: its index in the names the team booted with. */
  readonly kernel: number
  /** The kernel's own name, for error messages. */
  readonly name: string
  /** Kernel arguments before (slot,) begin, end; pointers as byte addresses. */
  readonly args: readonly number[]
  readonly mode: Mode
  readonly schedule: Schedule
  /** Units the schedule hands out: indices (parallelFor) or blocks (reduce). */
  readonly units: number
  /** Indices per unit: 1, or the block size of a reduce. */
  readonly unitSize: number
  /** Indices in the region, n. */
  readonly length: number
  /** Units per chunk; 0 with static means one contiguous block per worker. */
  readonly chunk: number
  /** Byte address of the partial results of a reduce (0 for parallelFor). */
  readonly partials: number
  /** Bytes per partial slot. */
  readonly stride: number
  /** Map and Tasks modes: byte addresses of items (or task rows), results and completion log; arguments per item. */
  readonly items?: number
  readonly arity?: number
  readonly results?: number
  readonly log?: number
  readonly signal?: AbortSignal | undefined
  /** Names units [begin, end) in a trap's message (default: "indices [begin, end)"). */
  readonly describe?: ((begin: number, end: number) => string) | undefined
  /** Called (on the main thread) whenever chunks have completed, and once at the end. */
  readonly progress?: (() => void) | undefined
}

export interface TeamOptions {
  readonly threads: number
  readonly module: WebAssembly.Module
  readonly memory: WebAssembly.Memory
  /** Byte address of a CONTROL_BYTES block in `memory`, zeroed. */
  readonly control: number
  readonly kernels: readonly string[]
  readonly startTimeoutMs: number
}

export class Team {
  private readonly views: ControlViews
  private workers: ThreadHandle<unknown>[] = []
  /** The tail of the region queue: regions run one after another. */
  private queue: Promise<unknown> = Promise.resolve()
  private death: WorkerError | undefined
  private rejectOnDeath: ((error: WorkerError) => void) | undefined
  private readonly died: Promise<never>

  private constructor(readonly size: number, memory: WebAssembly.Memory, control: number) {
    this.views = controlViews(memory.buffer, control)
    this.died = new Promise<never>((_, reject) => { this.rejectOnDeath = reject })
    this.died.catch(() => {}) // observed through `death` when nobody is waiting
  }

  /** Spawns and boots `threads` workers in parallel; rejects (and stops them) if any fails or times out. */
  static async start(options: TeamOptions): Promise<Team> {
    const team = new Team(options.threads, options.memory, options.control)
    const onDeath = (error: WorkerError): void => team.fail(error)
    const spawned = await Promise.allSettled(Array.from({ length: options.threads }, (_, index) =>
      spawnWorker({
        module: options.module, memory: options.memory, control: options.control,
        index, kernels: options.kernels, warm: true,
      }, { timeoutMs: options.startTimeoutMs, onDeath })))
    team.workers = spawned.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []))
    const failure = spawned.find((result) => result.status === 'rejected')
    if (failure) {
      await team.stop()
      throw (failure as PromiseRejectedResult).reason
    }
    return team
  }

  /** Workers record every chunk into `capacity` records at byte `address` from the next region on. */
  enableTrace(address: number, capacity: number): void {
    this.views.i32[TRACE] = address
    this.views.i32[TRACE_CAPACITY] = capacity
  }

  /** Records written so far (at most the capacity), once every queued region is done; `clear` starts over. */
  async traceCount(clear: boolean): Promise<number> {
    await this.queue
    const control = this.views.i32
    const count = Math.min(Atomics.load(control, TRACE_TAIL), control[TRACE_CAPACITY]!)
    if (clear) Atomics.store(control, TRACE_TAIL, 0)
    return count
  }

  /** Runs `region` after every region queued before it. */
  run(region: Region): Promise<void> {
    const result = this.queue.then(() => this.execute(region))
    this.queue = result.catch(() => {})
    return result
  }

  /** Ends every worker; safe to call twice. Waits for queued regions first. */
  async stop(): Promise<void> {
    await this.queue
    const control = this.views.i32
    Atomics.add(control, GENERATION, 1)
    control[COMMAND] = Command.Stop
    // Even GENERATION publishes STOP; sleeping workers wake and return from the team loop.
    Atomics.add(control, GENERATION, 1)
    Atomics.notify(control, GENERATION)
    const workers = this.workers
    this.workers = []
    await Promise.all(workers.map((worker) => worker.terminate()))
  }

  private fail(error: WorkerError): void {
    if (this.death) return
    this.death = error
    this.rejectOnDeath!(error)
  }

  private async execute(region: Region): Promise<void> {
    if (this.death) throw new WorkerError(`${this.death.message}; this engine cannot run regions any more, start a new one`)
    const { signal } = region
    if (signal?.aborted) throw new AbortError(`${region.name} was aborted before it started`, { cause: signal.reason })
    const { i32: control, f64 } = this.views
    if (region.args.length > MAX_ARGS) throw new RangeError(`a kernel takes at most ${MAX_ARGS} arguments`)

    // Odd GENERATION: workers that have not joined stay out while we write.
    Atomics.add(control, GENERATION, 1)
    await this.awaitQuiet()
    control[KERNEL] = region.kernel
    control[ARG_COUNT] = region.args.length
    for (let i = 0; i < region.args.length; i++) f64[ARGS_F64 + i] = region.args[i]!
    control[MODE] = region.mode
    control[SCHEDULE] = region.schedule
    control[UNITS] = region.units
    control[UNIT_SIZE] = region.unitSize
    control[LENGTH] = region.length
    control[CHUNK] = region.chunk
    control[TEAM_SIZE] = this.size
    control[PARTIALS] = region.partials
    control[PARTIAL_STRIDE] = region.stride
    control[ITEMS] = region.items ?? 0
    control[ARITY] = region.arity ?? 0
    control[RESULTS] = region.results ?? 0
    control[LOG] = region.log ?? 0
    control[WATCH] = region.progress ? 1 : 0
    control[LOG_TAIL] = 0
    control[NEXT] = 0
    control[DONE] = 0
    for (let w = 0; w < this.size; w++) control[cursor(w)] = 0
    control[CANCEL] = Cancel.None
    control[ERROR_STATE] = 0
    control[COMMAND] = Command.Run

    const onAbort = (): void => { Atomics.store(control, CANCEL, Cancel.Aborted) }
    signal?.addEventListener('abort', onAbort, { once: true })
    try {
      // Even GENERATION publishes the descriptor above to every worker that sees it.
      const generation = (Atomics.add(control, GENERATION, 1) + 1) | 0 // int32 wrap-around, as stored
      Atomics.notify(control, GENERATION)
      await (region.progress ? this.awaitProgress(generation, region.progress) : this.awaitComplete(generation))
    } finally {
      signal?.removeEventListener('abort', onAbort)
    }

    if (Atomics.load(control, ERROR_STATE) !== 0) {
      const begin = control[ERROR_BEGIN]!
      const end = control[ERROR_END]!
      const worker = control[ERROR_WORKER]!
      const where = region.describe?.(begin, end) ?? `indices [${begin}, ${end})`
      throw new KernelError(`kernel ${region.name} trapped on ${where} in worker ${worker}: ` +
        readErrorText(this.views), region.name, [begin, end], worker)
    }
    if (Atomics.load(control, CANCEL) === Cancel.Aborted) {
      throw new AbortError(`${region.name} was aborted; chunks not yet started were skipped`, { cause: signal?.reason })
    }
  }

  /**
   * Resolves when no worker is inside a region any more. Workers leave as soon
   * as they find no chunk to claim, so this is nearly always immediate; a
   * worker descheduled in between is waited for by polling.
   */
  private async awaitQuiet(): Promise<void> {
    const control = this.views.i32
    for (let i = 0; ; i++) {
      const active = Atomics.load(control, ACTIVE)
      if (active === 0) return
      if (i >= MAIN_SPIN_ROUNDS) {
        const wait = Atomics.waitAsync(control, ACTIVE, active, 1)
        if (wait.async) await Promise.race([wait.value, this.died])
      }
    }
  }

  /** awaitComplete for a watched region: wakes on every DONE change (workers notify it) to report progress. */
  private async awaitProgress(generation: number, progress: () => void): Promise<void> {
    const control = this.views.i32
    for (;;) {
      const done = Atomics.load(control, DONE)
      progress()
      // Acquire: COMPLETE is stored after every worker's outputs.
      if (Atomics.load(control, COMPLETE) === generation) return progress()
      if (this.spinWhile(DONE, done)) continue
      const wait = Atomics.waitAsync(control, DONE, done)
      if (wait.async) await Promise.race([wait.value, this.died])
    }
  }

  /** Spins up to MAIN_SPIN_ROUNDS loads while control[index] === value; true if it changed. */
  private spinWhile(index: number, value: number): boolean {
    const control = this.views.i32
    for (let i = 0; i < MAIN_SPIN_ROUNDS; i++) if (Atomics.load(control, index) !== value) return true
    return false
  }

  /** Resolves when COMPLETE reaches `generation`: a short spin, then Atomics.waitAsync. */
  private async awaitComplete(generation: number): Promise<void> {
    const control = this.views.i32
    for (let i = 0; i < MAIN_SPIN_ROUNDS; i++) {
      // Acquire: COMPLETE is stored after every worker's outputs.
      if (Atomics.load(control, COMPLETE) === generation) return
    }
    for (;;) {
      const seen = Atomics.load(control, COMPLETE)
      if (seen === generation) return
      const wait = Atomics.waitAsync(control, COMPLETE, seen)
      if (wait.async) await Promise.race([wait.value, this.died])
    }
  }
}
