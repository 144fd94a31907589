// One algorithm call: its regions, run one after another on the team (await
// each, or with the calling thread in the team for the …Sync twins), its
// scratch memory (freed when the call settles, whatever the outcome) and
// its time bound over every region together.
//
// An algorithm is written once, as a generator that yields the regions it
// needs and does the small serial steps between them (scanning block counts)
// on the calling thread; runAsync and runSync drive it.

import { TimeoutError } from '../errors.js'
import type { KernelSet } from '../kernels/kernel-set.js'
import type { AlgorithmKernel } from '../kernels/algorithm-kernels.js'
import type { SharedMemory } from '../memory/shared-memory.js'
import { Mode } from '../region/descriptor.js'
import { Schedule } from '../region/schedule.js'
import type { Region } from '../team/region.js'
import type { Team } from '../team/team.js'

/** What a call needs of its engine. */
export interface AlgorithmParts {
  readonly team: Team
  readonly memory: SharedMemory
  readonly kernels: KernelSet
}

/** One region an algorithm asks for: `kernel` over `blocks` blocks, with these arguments before begin, end. */
export interface Step {
  readonly kernel: AlgorithmKernel
  readonly blocks: number
  readonly args: readonly number[]
  /**
   * Blocks may be claimed in any order, so they are dealt in runs of
   * consecutive blocks: two members then write neighbouring output only at a
   * run's ends (a radix scatter's blocks write neighbouring slices of every
   * digit, and one block a claim made every such cache line shared: 1M
   * sortByKey 36 → 28 ms on 2 threads). Default: one block a claim, in order.
   */
  readonly runs?: boolean
}

/** An algorithm: yields its regions, returns its result. */
export type Steps<R> = Generator<Step, R, void>

export interface CallOptions {
  readonly signal?: AbortSignal | undefined
  readonly timeoutMs?: number | undefined
}

/** Scratch memory for one call: every block it hands out is freed by release(). */
export class Scratch {
  private readonly addresses: number[] = []

  constructor(private readonly memory: SharedMemory) {}

  /** The byte address of `bytes` bytes (64-byte aligned, not zeroed). */
  allocate(bytes: number): number {
    const { address } = this.memory.arena.allocate(bytes)
    this.addresses.push(address)
    return address
  }

  /** As allocate, or undefined if the engine's memory cannot hold `bytes` more (for a faster way that needs more). */
  tryAllocate(bytes: number): number | undefined {
    try {
      return this.allocate(bytes)
    } catch (error) {
      // The arena's (and a memory that cannot grow's) way of saying no.
      if (error instanceof RangeError) return undefined
      throw error
    }
  }

  /** The memory's current buffer (grown by allocate, perhaps). */
  buffer(): SharedArrayBuffer {
    return this.memory.buffer()
  }

  release(): void {
    for (const address of this.addresses.splice(0)) this.memory.arena.release(address)
  }
}

/** Drives an algorithm's steps, each region awaited; scratch is freed when it settles. */
export async function runAsync<R>(parts: AlgorithmParts, operation: string, options: CallOptions,
  algorithm: (scratch: Scratch) => Steps<R>): Promise<R> {
  const scratch = new Scratch(parts.memory)
  const bound = new Deadline(operation, options.timeoutMs)
  try {
    const steps = algorithm(scratch)
    let step = steps.next()
    for (; !step.done; step = steps.next()) {
      const current = step.value
      await bound.watch(() => parts.team.run(region(parts, operation, current, options.signal, bound.remaining())))
    }
    return step.value
  } finally {
    scratch.release()
  }
}

/** Drives an algorithm's steps with the calling thread in the team; scratch is freed when it settles. */
export function runSync<R>(parts: AlgorithmParts, operation: string, options: CallOptions,
  algorithm: (scratch: Scratch) => Steps<R>): R {
  const scratch = new Scratch(parts.memory)
  const bound = new Deadline(operation, options.timeoutMs)
  try {
    const steps = algorithm(scratch)
    let step = steps.next()
    for (; !step.done; step = steps.next()) {
      const current = step.value
      bound.watchSync(() => parts.team.runSync(region(parts, operation, current, options.signal, bound.remaining()), `${operation}Sync`))
    }
    return step.value
  } finally {
    scratch.release()
  }
}

function region(parts: AlgorithmParts, operation: string, step: Step, signal: AbortSignal | undefined, timeoutMs: number | undefined): Region {
  const spec = parts.kernels.lookUp(step.kernel, 'any')
  // Runs: four a member, dealt round-robin, so a slow member's later runs are taken by the others.
  const claims = step.runs
    ? { schedule: Schedule.Static, chunk: Math.max(1, Math.ceil(step.blocks / (4 * parts.team.size))) }
    : { schedule: Schedule.Dynamic, chunk: 1 }
  return {
    kernel: spec.id, name: `${operation} (${step.kernel})`, args: step.args, mode: Mode.For,
    // The blocks, not the schedule, decide every result; in order where a block needs the ones before it (the scan).
    ...claims, units: step.blocks, unitSize: 1, length: step.blocks,
    signal, timeoutMs, describe: (begin, end) => `blocks [${begin}, ${end})`,
  }
}

/** A call's time bound, spread over its regions: each gets what is left. */
class Deadline {
  private readonly until: number

  constructor(private readonly operation: string, private readonly timeoutMs: number | undefined) {
    this.until = timeoutMs === undefined ? Infinity : performance.now() + timeoutMs
  }

  /** Ms left for the next region (at least 1), or undefined without a bound; a TimeoutError once none are left. */
  remaining(): number | undefined {
    if (this.timeoutMs === undefined) return undefined
    const left = this.until - performance.now()
    if (left <= 0) throw this.error()
    return Math.max(1, Math.ceil(left))
  }

  async watch(run: () => Promise<void>): Promise<void> {
    try {
      await run()
    } catch (error) {
      throw error instanceof TimeoutError ? this.error(error) : error
    }
  }

  watchSync(run: () => void): void {
    try {
      run()
    } catch (error) {
      throw error instanceof TimeoutError ? this.error(error) : error
    }
  }

  private error(cause?: TimeoutError): TimeoutError {
    return new TimeoutError(`engine.${this.operation}() did not finish within ${this.timeoutMs} ms` +
      (cause ? ` (${cause.message})` : ''), { cause })
  }
}
