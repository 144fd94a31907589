// The main side of team dispatch: owns the workers and the control block, runs
// one parallel region at a time, and never blocks the main thread. When a
// worker dies or a region outlives its timeout, the region is rejected (not
// rerun: its kernel may have written part of its output) and the whole team is
// replaced, so no half-finished region is left in the control block.

import { AbortError, KernelError, StateError, TimeoutError, WorkerError } from '../errors.js'
import { instantiateKernels, type Kernel } from '../kernels/instance.js'
import { mayBlock } from '../platform/platform.js'
import type { WorkerApi } from '../worker/protocol.js'
import { spawnWorker, type ThreadHandle } from '../worker/spawn.js'
import {
  ACTIVE, ARG_COUNT, ARITY, ITEMS, LOG, LOG_TAIL, RESULTS, TRACE, TRACE_CAPACITY, TRACE_TAIL, WATCH, ARGS_F64, CANCEL, CHUNK, COMMAND, COMPLETE, DONE, ERROR_BEGIN, ERROR_END, ERROR_STATE,
  ERROR_WORKER, GENERATION, KERNEL, LENGTH, MAX_ARGS, MODE, NEXT, PARTIAL_STRIDE, PARTIALS,
  SCHEDULE, TEAM_SIZE, UNIT_SIZE, UNITS, CALLER, COMPLETE_AT_F64, PARK, Cancel, Command, controlViews, cursor, readErrorText,
  type ControlViews, Mode,
} from '../team/control-block.js'
import { runRegion } from '../team/member.js'
import { now } from '../trace/records.js'
import type { Schedule } from '../team/schedule.js'

/**
 * How long the main side polls for a region's end before it falls back to
 * Atomics.waitAsync (ms). A waitAsync wake-up costs about 13 µs here on an
 * idle machine, more under load, so a region shorter than the long poll ends
 * sooner (64² mandelbrot regions: ~500 → ~120 µs with one worker). But a
 * polling main thread holds a core: when the team has every core, a third
 * runnable thread delays a worker (measured: the first chunk of a 64² region
 * started ~20 µs after it was published with a 10 µs poll, ~3 µs without),
 * so the main side then sleeps at once.
 */
export const MAIN_SPIN_MS = { spareCore: 0.25, noSpareCore: 0 } as const

/**
 * How long a synchronous region's caller polls for the workers' last chunks
 * before Atomics.wait (ms). The caller has done its share by then and holds no
 * core a worker needs more than it does; a futex wake-up costs tens of µs.
 */
const SYNC_SPIN_MS = 0.05

/** A region that ends within this long (ms) is tiny: the main side polls for the next one too (see Team.pollMs). */
const TINY_REGION_MS = 0.03

/** Polls `changed` until it is true (returns true) or `ms` have passed (false). */
function spinFor(changed: () => boolean, ms: number): boolean {
  const until = performance.now() + ms
  for (;;) {
    for (let i = 0; i < 64; i++) if (changed()) return true
    if (performance.now() >= until) return false
  }
}

/** What every parallel region has, whatever its mode. */
interface RegionBase {
  /** Kernel id: its index in the names the team booted with. */
  readonly kernel: number
  /** The kernel's own name, for error messages. */
  readonly name: string
  /** Kernel arguments before (slot,) begin, end; pointers as byte addresses. */
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
  readonly signal?: AbortSignal | undefined
  /** Names units [begin, end) in a trap's message (default: "indices [begin, end)"). */
  readonly describe?: ((begin: number, end: number) => string) | undefined
  /** Rejects with TimeoutError and replaces the team if the region runs longer (ms). */
  readonly timeoutMs?: number | undefined
}

/** parallelFor: one kernel call per chunk of indices. */
export interface ForRegion extends RegionBase {
  readonly mode: Mode.For
}

/** reduce: one call per block, its partial returned (ReduceReturn) or written to its slot (ReduceSlot). */
export interface ReduceRegion extends RegionBase {
  readonly mode: Mode.ReduceReturn | Mode.ReduceSlot
  /** Byte address of the partials, one slot of `stride` bytes per block. */
  readonly partials: number
  readonly stride: number
}

/** map: one call per item; results per item; whole chunks appended to the completion log. */
export interface MapRegion extends RegionBase {
  readonly mode: Mode.Map
  /** Byte addresses of the items (`arity` f64 each), the results and the completion log. */
  readonly items: number
  readonly arity: number
  readonly results: number
  readonly log: number
  /** Called (on the main thread) whenever chunks have completed, and once at the end. */
  readonly progress?: (() => void) | undefined
}

/** runAll: one task row per call, any kernel; a failure fails its row only. */
export interface TasksRegion extends RegionBase {
  readonly mode: Mode.Tasks
  /** Byte addresses of the task rows and the completion log. */
  readonly items: number
  readonly log: number
  readonly progress: () => void
}

/** One parallel region, as the workers read it from the control block: a union by mode. */
export type Region = ForRegion | ReduceRegion | MapRegion | TasksRegion

export interface TeamOptions {
  readonly threads: number
  readonly module: WebAssembly.Module
  readonly memory: WebAssembly.Memory
  /** Byte address of a CONTROL_BYTES block in `memory`, zeroed. */
  readonly control: number
  readonly kernels: readonly string[]
  readonly startTimeoutMs: number
  /** How long the main side polls for a region's end before Atomics.waitAsync (ms): see MAIN_SPIN_MS. */
  readonly spinMs: number
}

export class Team {
  private readonly views: ControlViews
  private workers: (ThreadHandle<WorkerApi> & { readonly token: number })[] = []
  /** The tail of the region queue: regions (and team replacements) run one after another. */
  private queue: Promise<unknown> = Promise.resolve()
  /** Rejects the region in flight when a worker dies or its time is up. */
  private interrupt: ((error: Error) => void) | undefined
  private interrupted: Promise<never> = new Promise(() => {})
  /** Set when a replacement team could not start: the team is gone for good. */
  private broken: WorkerError | undefined
  /** A worker died and the team has not been replaced yet. */
  private deadWorker: WorkerError | undefined
  private stopped = false
  /** True while the first team boots: a death then is only recorded (replace must not run beside spawnAll). */
  private starting = false
  private nextToken = 1
  /** Regions queued or running, and team replacements. */
  private pending = 0
  /** When the last region was published, and how long it ran until its last unit was done (ms): the next one's likely length. */
  private publishedAt = 0
  private lastRegionMs = Infinity
  /** The calling thread as a team member (synchronous regions), where it may block. */
  private caller: { readonly kernels: readonly Kernel[]; readonly token: number } | undefined
  /** Workers replaced after a death or a timeout, since start. */
  replacements = 0

  private constructor(readonly size: number, private readonly options: TeamOptions) {
    this.views = controlViews(options.memory.buffer, options.control)
  }

  /**
   * Spawns and boots `threads` workers in parallel; rejects (and stops them) if
   * any fails or times out. Where this thread may block, it also gets its own
   * instance of the module, to take part in synchronous regions.
   */
  static async start(options: TeamOptions): Promise<Team> {
    const team = new Team(options.threads, options)
    team.starting = true
    try {
      await team.spawnAll()
    } finally {
      team.starting = false
    }
    if (mayBlock) {
      const token = team.nextToken++
      team.caller = { kernels: await instantiateKernels(options.module, options.memory, options.kernels, token, true), token }
    }
    return team
  }

  /** Whether `token` (a worker's setWorkerToken value) belongs to a live member of this team: a worker, or the calling thread. */
  isAlive(token: number): boolean {
    return this.caller?.token === token || this.workers.some((worker) => worker.token === token)
  }

  /** Ends worker `index` as a crash would: fault injection for tests. */
  async killWorker(index: number): Promise<void> {
    await this.workers[index]?.kill()
  }

  private async spawnAll(): Promise<void> {
    const { options } = this
    const onDeath = (error: WorkerError): void => this.onDeath(error)
    const spawned = await Promise.allSettled(Array.from({ length: this.size }, async (_, index) => {
      const token = this.nextToken++
      const thread = await spawnWorker({
        module: options.module, memory: options.memory, control: options.control,
        index, token, kernels: options.kernels, warm: true,
      }, { timeoutMs: options.startTimeoutMs, onDeath })
      return Object.assign(thread, { token })
    }))
    this.workers = spawned.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []))
    const failure = spawned.find((result) => result.status === 'rejected')
    if (failure) {
      await this.terminateAll()
      throw (failure as PromiseRejectedResult).reason
    }
  }

  private async terminateAll(): Promise<void> {
    const workers = this.workers
    this.workers = []
    await Promise.all(workers.map((worker) => worker.terminate().catch(() => {})))
  }

  /** A worker died: reject the region in flight, or replace the team before the next one. */
  private onDeath(error: WorkerError): void {
    if (this.stopped) return
    this.deadWorker = error
    if (this.interrupt) return this.interrupt(error)
    if (!this.starting) void this.enqueue(async () => { if (this.deadWorker) await this.replace() })
  }

  /**
   * Ends every worker (a hung one too: terminate interrupts wasm loops), makes
   * the control block idle again and boots a new team on the same memory. The
   * module's data segments are constants, so instantiating it again rewrites
   * them with the same bytes; nothing the arena handed out is touched.
   */
  private async replace(): Promise<void> {
    if (this.stopped || this.broken) return
    await this.terminateAll()
    this.deadWorker = undefined
    const control = this.views.i32
    if (control[GENERATION]! & 1) control[GENERATION]! += 1
    control[COMMAND] = Command.Run
    for (const index of [ACTIVE, NEXT, DONE, LOG_TAIL, CANCEL, ERROR_STATE]) control[index] = 0
    this.replacements += this.size
    try {
      await this.spawnAll()
    } catch (error) {
      this.broken = new WorkerError(`the engine could not replace its workers: ${(error as Error).message}`)
    }
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
    return this.enqueue(() => this.execute(region))
  }

  /** Resolves once every region queued so far (and any team replacement) is done. */
  async idle(): Promise<void> {
    while (this.pending > 0) await this.queue
  }

  /** Runs `work` after everything queued before it, counted as pending until it settles. */
  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    // Nothing queued: start now rather than a microtask later.
    const result = this.pending === 0 ? work() : this.queue.then(work)
    this.pending++
    const done = (): void => { this.pending-- }
    result.then(done, done)
    this.queue = result.catch(() => {})
    return result
  }

  /**
   * Runs `region` with the calling thread as its last member (OpenMP's model:
   * the thread that reaches a parallel region is one of its team) and returns
   * when it is complete. Blocks the calling thread: Node's main thread and
   * workers only. `region.timeoutMs` bounds the wait for the workers; a chunk
   * hung on the caller itself cannot be interrupted.
   */
  runSync(region: Region, operation: string): void {
    if (!this.caller) {
      throw new Error(`engine.${operation}() would block this thread, and a browser's main thread may not block: ` +
        `start the engine inside a Worker to use synchronous calls, or call engine.${operation.replace(/Sync$/, '')}() here`)
    }
    if (this.pending > 0 || this.deadWorker) {
      throw new StateError(`engine.${operation}(${region.name}) cannot run while async calls${this.deadWorker ? ' (or the replacement of a dead worker)' : ''} ` +
        'are pending on this engine: await them first (await engine.idle())')
    }
    if (this.broken) throw new WorkerError(`${this.broken.message}; start a new engine`)
    const { signal } = region
    if (signal?.aborted) throw new AbortError(`${region.name} was aborted before it started`, { cause: signal.reason })
    if (region.args.length > MAX_ARGS) throw new RangeError(`a kernel takes at most ${MAX_ARGS} arguments`)
    const until = region.timeoutMs === undefined ? Infinity : performance.now() + region.timeoutMs
    const control = this.views.i32

    Atomics.add(control, GENERATION, 1)
    // Workers leave a region as soon as they find nothing to claim; one descheduled in between is waited for.
    while (Atomics.load(control, ACTIVE) !== 0) Atomics.wait(control, ACTIVE, Atomics.load(control, ACTIVE), 1)
    this.writeDescriptor(region, true)
    // Even GENERATION publishes the descriptor to every worker that sees it.
    const generation = (Atomics.add(control, GENERATION, 1) + 1) | 0
    Atomics.notify(control, GENERATION)
    const { kernels } = this.caller
    runRegion({ views: this.views, index: this.size - 1, kernels, generation, buffer: () => this.options.memory.buffer }, generation)
    if (!this.awaitCompleteSync(generation, until)) {
      // Only ending the workers stops a hung kernel; the replacement runs before the next call.
      this.deadWorker = new WorkerError('a synchronous call timed out')
      void this.enqueue(() => this.replace())
      throw new TimeoutError(`kernel ${region.name} did not finish within ${region.timeoutMs} ms; its workers are being replaced ` +
        '(await engine.idle() before the next synchronous call)')
    }
    this.settle(region, signal)
  }

  /** Spins briefly, then sleeps in Atomics.wait until COMPLETE reaches `generation`; false if `until` passed first. */
  private awaitCompleteSync(generation: number, until: number): boolean {
    const control = this.views.i32
    // Acquire: COMPLETE is stored after every member's outputs.
    if (spinFor(() => Atomics.load(control, COMPLETE) === generation, SYNC_SPIN_MS)) return true
    for (;;) {
      const seen = Atomics.load(control, COMPLETE)
      if (seen === generation) return true
      const remaining = until - performance.now()
      if (remaining <= 0) return false
      Atomics.wait(control, COMPLETE, seen, remaining === Infinity ? undefined : remaining)
    }
  }

  /** Ends every worker; safe to call twice. Waits for queued regions first. */
  async stop(): Promise<void> {
    await this.queue
    this.stopped = true
    const control = this.views.i32
    Atomics.add(control, GENERATION, 1)
    control[COMMAND] = Command.Stop
    // Even GENERATION publishes STOP; sleeping workers wake and return from the team loop.
    Atomics.add(control, GENERATION, 1)
    Atomics.notify(control, GENERATION)
    this.unpark()
    await this.terminateAll()
  }

  /** Runs `region`; on a worker's death or a timeout, replaces the team and rejects. */
  private async execute(region: Region): Promise<void> {
    // A replacement may lose a worker too; a team that keeps dying is broken.
    for (let tries = 0; this.deadWorker && !this.broken; tries++) {
      if (tries === 3) this.broken = new WorkerError(`workers keep dying (${this.deadWorker.message})`)
      else await this.replace()
    }
    if (this.broken) throw new WorkerError(`${this.broken.message}; start a new engine`)
    this.interrupted = new Promise<never>((_, reject) => { this.interrupt = reject })
    this.interrupted.catch(() => {}) // observed by the awaits below, or by nobody
    const timer = region.timeoutMs === undefined ? undefined : setTimeout(() => this.interrupt?.(new TimeoutError(
      `kernel ${region.name} did not finish within ${region.timeoutMs} ms; its workers were replaced`)), region.timeoutMs)
    try {
      await this.dispatch(region)
    } catch (error) {
      if (!(error instanceof WorkerError || error instanceof TimeoutError)) throw error
      this.interrupt = undefined
      await this.replace()
      if (error instanceof TimeoutError) throw error
      throw new WorkerError(`${error.message} while running kernel ${region.name}; the region was rejected, not rerun, ` +
        `and ${this.broken ? 'no replacement team could start' : `a new team of ${this.size} workers replaced the old one`}`)
    } finally {
      clearTimeout(timer)
      this.interrupt = undefined
    }
  }

  private async dispatch(region: Region): Promise<void> {
    const { signal } = region
    if (signal?.aborted) throw new AbortError(`${region.name} was aborted before it started`, { cause: signal.reason })
    const control = this.views.i32
    if (region.args.length > MAX_ARGS) throw new RangeError(`a kernel takes at most ${MAX_ARGS} arguments`)

    // Odd GENERATION: workers that have not joined stay out while we write.
    Atomics.add(control, GENERATION, 1)
    // Nearly always 0 already: only a worker descheduled on its way out is awaited.
    if (Atomics.load(control, ACTIVE) !== 0) await this.awaitQuiet()
    this.writeDescriptor(region, false)

    const onAbort = (): void => { Atomics.store(control, CANCEL, Cancel.Aborted) }
    signal?.addEventListener('abort', onAbort, { once: true })
    // An abort while we awaited the workers' leaving fired before the listener existed.
    if (signal?.aborted) onAbort()
    try {
      // Even GENERATION publishes the descriptor above to every worker that sees it.
      this.publishedAt = now()
      const generation = (Atomics.add(control, GENERATION, 1) + 1) | 0 // int32 wrap-around, as stored
      Atomics.notify(control, GENERATION)
      this.unpark()
      const progress = 'progress' in region ? region.progress : undefined
      await (progress ? this.awaitProgress(generation, region.units, progress) : this.awaitComplete(generation))
    } finally {
      signal?.removeEventListener('abort', onAbort)
    }

    this.settle(region, signal)
  }

  /** Wakes a worker that sat out a synchronous region: after a region for every worker, or STOP, is published. */
  private unpark(): void {
    const control = this.views.i32
    Atomics.add(control, PARK, 1)
    Atomics.notify(control, PARK)
  }

  /** Writes `region` into the control block; `caller`: the calling thread is its last member. Only while GENERATION is odd and ACTIVE is 0. */
  private writeDescriptor(region: Region, caller: boolean): void {
    const { i32: control, f64 } = this.views
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
    const reduce = region.mode === Mode.ReduceReturn || region.mode === Mode.ReduceSlot ? region : undefined
    const map = region.mode === Mode.Map ? region : undefined
    const tasks = region.mode === Mode.Tasks ? region : undefined
    control[PARTIALS] = reduce?.partials ?? 0
    control[PARTIAL_STRIDE] = reduce?.stride ?? 0
    control[ITEMS] = (map ?? tasks)?.items ?? 0
    control[ARITY] = map?.arity ?? 0
    control[RESULTS] = map?.results ?? 0
    control[LOG] = (map ?? tasks)?.log ?? 0
    control[WATCH] = (map ?? tasks)?.progress ? 1 : 0
    control[LOG_TAIL] = 0
    control[NEXT] = 0
    control[DONE] = 0
    for (let w = 0; w < this.size; w++) control[cursor(w)] = 0
    control[CANCEL] = Cancel.None
    control[ERROR_STATE] = 0
    control[CALLER] = caller ? 1 : 0
    control[COMMAND] = Command.Run
  }

  /** Throws the region's outcome once it is complete: KernelError for a trap, AbortError if it was cancelled. */
  private settle(region: Region, signal: AbortSignal | undefined): void {
    const control = this.views.i32
    if (Atomics.load(control, ERROR_STATE) !== 0) {
      const begin = control[ERROR_BEGIN]!
      const end = control[ERROR_END]!
      const worker = control[ERROR_WORKER]!
      const where = region.describe?.(begin, end) ?? `indices [${begin}, ${end})`
      const who = control[CALLER] === 1 && worker === this.size - 1 ? 'the calling thread' : `worker ${worker}`
      const trap = readErrorText(this.views)
      throw new KernelError(`kernel ${region.name} trapped on ${where} in ${who}: ${trap}`, region.name, [begin, end], worker, trap)
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
    if (spinFor(() => Atomics.load(control, ACTIVE) === 0, this.options.spinMs)) return
    for (;;) {
      const active = Atomics.load(control, ACTIVE)
      if (active === 0) return
      // The last worker to leave notifies ACTIVE; the 1 ms bound is a safety net.
      const wait = Atomics.waitAsync(control, ACTIVE, active, 1)
      if (wait.async) await Promise.race([wait.value, this.interrupted])
    }
  }

  /** awaitComplete for a watched region: wakes on every DONE change (workers notify it) to report progress. */
  private async awaitProgress(generation: number, units: number, progress: () => void): Promise<void> {
    const control = this.views.i32
    // A callback that throws (a user's onChunk) must not end the wait: the
    // workers would still be writing memory the caller is about to free. The
    // rest of the region is skipped, and its end awaited, before the error.
    let failure: { error: unknown } | undefined
    const report = (): void => {
      if (failure) return
      try {
        progress()
      } catch (error) {
        failure = { error }
        Atomics.store(control, CANCEL, Cancel.Aborted)
      }
    }
    for (;;) {
      const done = Atomics.load(control, DONE)
      report()
      // Acquire: COMPLETE is stored after every worker's outputs.
      if (Atomics.load(control, COMPLETE) === generation) break
      // Every unit is counted, and DONE will not change again: the last
      // worker's COMPLETE store may still be on its way, and only a wait on
      // COMPLETE itself cannot miss it (a wait on DONE would sleep forever).
      if (done === units) {
        await this.awaitComplete(generation)
        break
      }
      if (this.spinWhile(DONE, done)) continue
      const wait = Atomics.waitAsync(control, DONE, done)
      if (wait.async) await Promise.race([wait.value, this.interrupted])
    }
    report()
    this.lastRegionMs = this.views.f64[COMPLETE_AT_F64]! - this.publishedAt
    if (failure) throw failure.error
  }

  /** Polls (see pollMs) while control[index] === value; true if it changed. */
  private spinWhile(index: number, value: number): boolean {
    const control = this.views.i32
    return spinFor(() => Atomics.load(control, index) !== value, this.pollMs())
  }

  /** Resolves when COMPLETE reaches `generation`: polled for a while (see pollMs), then Atomics.waitAsync. */
  private async awaitComplete(generation: number): Promise<void> {
    const control = this.views.i32
    // Acquire: COMPLETE is stored after every worker's outputs.
    const polled = spinFor(() => Atomics.load(control, COMPLETE) === generation, this.pollMs())
    if (!polled) await this.sleepUntilComplete(generation)
    this.lastRegionMs = this.views.f64[COMPLETE_AT_F64]! - this.publishedAt
  }

  /**
   * How long to poll for the end of a region: spinMs, except on a team with
   * every core, where a polling main thread is a third runnable thread. There
   * it polls only while regions keep ending within TINY_REGION_MS (a tiny
   * task's round trip then costs no waitAsync wake-up), and sleeps at once
   * after a longer one.
   */
  private pollMs(): number {
    if (this.options.spinMs > 0) return this.options.spinMs
    return this.lastRegionMs < TINY_REGION_MS ? TINY_REGION_MS : 0
  }

  private async sleepUntilComplete(generation: number): Promise<void> {
    const control = this.views.i32
    for (;;) {
      const seen = Atomics.load(control, COMPLETE)
      if (seen === generation) return
      const wait = Atomics.waitAsync(control, COMPLETE, seen)
      if (wait.async) await Promise.race([wait.value, this.interrupted])
    }
  }
}
