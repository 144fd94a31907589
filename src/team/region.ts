// A parallel region as the main side holds it: the descriptor members read
// (../region/descriptor.ts), plus what only the main side needs (its name,
// its signal, its time limit, its progress callback), and how its outcome is
// read back once it is complete.

import { AbortError, KernelError, TimeoutError } from '../errors.js'
import { Cancel, type ControlBlock } from '../region/control-block.js'
import type { Descriptor } from '../region/descriptor.js'

/** What the main side keeps of a region beyond its descriptor. */
export interface RegionCall {
  /** The kernel's own name, for error messages. */
  readonly name: string
  readonly signal?: AbortSignal | undefined
  /** Says where in the region units [begin, end) are, in a trap's message (default: "on indices [begin, end)"). */
  readonly describe?: ((begin: number, end: number) => string) | undefined
  /** Rejects with TimeoutError and replaces the team if the region runs longer (ms). */
  readonly timeoutMs?: number | undefined
  /** Map and Tasks regions with `watch`: called (on the main thread) whenever chunks have completed, and once at the end. */
  readonly progress?: (() => void) | undefined
}

/** One parallel region: a union by mode (ForDescriptor, ReduceDescriptor, …) with its call. */
export type Region = Descriptor & RegionCall

/** The AbortError of a region aborted before it was published. */
export const abortedBeforeStart = (region: Region): AbortError =>
  new AbortError(`${region.name} was aborted before it started`, { cause: region.signal?.reason })

/**
 * Throws the outcome of `region`, complete in `block`: a KernelError for a
 * trap, an AbortError if it was cancelled. `callerIndex` is the member index
 * of a synchronous region's caller (-1: none), named as "the calling thread".
 */
export function settle(block: ControlBlock, region: Region, callerIndex: number): void {
  const trap = block.trap
  if (trap) {
    const where = region.describe?.(trap.begin, trap.end) ?? `on indices [${trap.begin}, ${trap.end})`
    const who = trap.member === callerIndex ? 'the calling thread' : `worker ${trap.member}`
    throw new KernelError(`kernel ${region.name} trapped ${where} in ${who}: ${trap.text}`, region.name, [trap.begin, trap.end], trap.member, trap.text)
  }
  const cancel = block.cancel
  if (cancel === Cancel.Aborted) {
    throw new AbortError(`${region.name} was aborted; chunks not yet started were skipped`, { cause: region.signal?.reason })
  }
  if (cancel === Cancel.TimedOut) {
    throw new TimeoutError(`kernel ${region.name} did not finish within ${region.timeoutMs} ms: the calling thread left a barrier the others had not reached, and released them`)
  }
}
