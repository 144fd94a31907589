// The Team: the main side of a worker team. It owns the workers' lifecycle
// (spawn, death, replacement, stop) and the region queue, and hands each
// region to a join: async-join.ts (the main thread waits without blocking) or
// sync-join.ts (the calling thread is a member). When a worker dies or a
// region outlives its timeout, the region is rejected (not rerun: its kernel
// may have written part of its output) and the whole team is replaced, so no
// half-finished region is left in the control block.

import { AbortError, StateError, TimeoutError, WorkerError } from '../errors.js'
import { instantiateKernels } from '../kernels/instance.js'
import { mayBlock } from '../platform/platform.js'
import { ControlBlock } from '../region/control-block.js'
import { checkDescriptor, resetAfterTeam } from '../region/descriptor.js'
import type { TeamMember } from '../region/member.js'
import { PhaseContext } from '../region/phase.js'
import type { WorkerApi } from '../worker/protocol.js'
import { spawnWorker, type ThreadHandle } from '../worker/spawn.js'
import { AsyncJoin } from './async-join.js'
import { abortedBeforeStart, settle, type Region } from './region.js'
import { joinSync } from './sync-join.js'

export { MAIN_SPIN_MS } from './async-join.js'
export type { Region } from './region.js'

export interface TeamOptions {
  readonly threads: number
  readonly module: WebAssembly.Module
  readonly memory: WebAssembly.Memory
  /** Byte address of a CONTROL_BYTES block in `memory`, zeroed. */
  readonly control: number
  readonly kernels: readonly string[]
  /** Kernels every member calls once at boot so V8 compiles them early: all but the phased ones. */
  readonly warm: readonly string[]
  readonly startTimeoutMs: number
  /** How long the main side polls for a region's end before Atomics.waitAsync (ms): see MAIN_SPIN_MS. */
  readonly spinMs: number
}

export class Team {
  private readonly block: ControlBlock
  private readonly join: AsyncJoin
  private workers: (ThreadHandle<WorkerApi> & { readonly token: number })[] = []
  /** The tail of the region queue: regions (and team replacements) run one after another. */
  private queue: Promise<unknown> = Promise.resolve()
  /** Rejects the region in flight when a worker dies or its time is up. */
  private interrupt: ((error: Error) => void) | undefined
  /** Set when a replacement team could not start: the team is gone for good. */
  private broken: WorkerError | undefined
  /** A worker died and the team has not been replaced yet. */
  private deadWorker: WorkerError | undefined
  private stopped = false
  /** Set by terminate(): the region in flight and every queued one reject with AbortError. */
  private terminated = false
  /** True while the first team boots: a death then is only recorded (replace must not run beside spawnAll). */
  private starting = false
  private nextToken = 1
  /** Regions queued or running, and team replacements. */
  private pending = 0
  /** The calling thread as member size − 1 of synchronous regions, where it may block; and its worker token. */
  private caller: { readonly member: TeamMember; readonly token: number } | undefined
  /** Workers replaced after a death or a timeout, since start. */
  replacements = 0

  private constructor(readonly size: number, private readonly options: TeamOptions) {
    this.block = new ControlBlock(options.memory.buffer, options.control)
    this.join = new AsyncJoin(this.block, options.spinMs)
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
      const index = team.size - 1
      const phase = new PhaseContext(team.block, index)
      const kernels = await instantiateKernels(options.module, options.memory, options.kernels, token, options.warm, phase.imports)
      const member = { block: team.block, phase, index, kernels, generation: 0, buffer: () => options.memory.buffer }
      team.caller = { member, token }
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
        index, token, kernels: options.kernels, warm: options.warm,
      }, { timeoutMs: options.startTimeoutMs, onDeath })
      return Object.assign(thread, { token })
    }))
    this.workers = spawned.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []))
    const failure = spawned.find((result) => result.status === 'rejected')
    // terminate() came while these booted (a replacement): they end too.
    if (this.terminated) {
      await this.terminateAll()
      throw new AbortError('the engine was terminated while its workers were being replaced')
    }
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
    resetAfterTeam(this.block, this.size)
    this.replacements += this.size
    try {
      await this.spawnAll()
    } catch (error) {
      this.broken = new WorkerError(`the engine could not replace its workers: ${(error as Error).message}`)
    }
  }

  /** Members record every chunk into `capacity` records at byte `address` from the next region on. */
  enableTrace(address: number, capacity: number): void {
    this.block.enableTrace(address, capacity)
  }

  /** Records written so far (at most the capacity), once every queued region is done; `clear` starts over. */
  async traceCount(clear: boolean): Promise<number> {
    await this.queue
    return this.block.traceCount(clear)
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
    if (region.signal?.aborted) throw abortedBeforeStart(region)
    checkDescriptor(region)
    const until = region.timeoutMs === undefined ? Infinity : performance.now() + region.timeoutMs
    if (!joinSync(this.caller.member, region, this.size, until)) {
      // Only ending the workers stops a hung kernel; the replacement runs before the next call.
      this.deadWorker = new WorkerError('a synchronous call timed out')
      void this.enqueue(() => this.replace())
      throw new TimeoutError(`kernel ${region.name} did not finish within ${region.timeoutMs} ms; its workers are being replaced ` +
        '(await engine.idle() before the next synchronous call)')
    }
    settle(this.block, region, this.size - 1)
  }

  /** Ends every worker; safe to call twice. Waits for queued regions first. */
  async stop(): Promise<void> {
    await this.queue
    this.stopped = true
    // Sleeping workers wake and return from the team loop.
    this.block.stop()
    await this.terminateAll()
  }

  /**
   * Ends every worker now, a hung one too (terminate interrupts wasm loops):
   * the region in flight rejects, and every queued one when its turn comes.
   * Resolves once the workers have ended; safe to call twice, and after stop().
   */
  async terminate(): Promise<void> {
    this.terminated = true
    this.stopped = true
    this.interrupt?.(new AbortError('the engine was terminated'))
    await this.terminateAll()
  }

  /** Runs `region`; on a worker's death or a timeout, replaces the team and rejects. */
  private async execute(region: Region): Promise<void> {
    // A replacement may lose a worker too; a team that keeps dying is broken.
    for (let tries = 0; this.deadWorker && !this.broken && !this.terminated; tries++) {
      if (tries === 3) this.broken = new WorkerError(`workers keep dying (${this.deadWorker.message})`)
      else await this.replace()
    }
    if (this.terminated) throw new AbortError(`${region.name} did not start: engine.terminate() was called first`)
    if (this.broken) throw new WorkerError(`${this.broken.message}; start a new engine`)
    if (region.signal?.aborted) throw abortedBeforeStart(region)
    checkDescriptor(region)
    const interrupted = new Promise<never>((_, reject) => { this.interrupt = reject })
    interrupted.catch(() => {}) // observed by the join's awaits, or by nobody
    const timer = region.timeoutMs === undefined ? undefined : setTimeout(() => this.interrupt?.(new TimeoutError(
      `kernel ${region.name} did not finish within ${region.timeoutMs} ms; its workers were replaced`)), region.timeoutMs)
    try {
      await this.join.run(region, this.size, interrupted)
    } catch (error) {
      if (this.terminated) throw new AbortError(`${region.name} was stopped by engine.terminate(); its workers were ended`, { cause: error })
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
    settle(this.block, region, -1)
  }
}
