// engine.parallel and parallelSync: a phased kernel once on every member of
// the team (OpenMP's `parallel`), its phases separated by barrier() inside the
// kernel (region/phase.ts). One unit per member, no index range.

import { marshalArguments } from '../kernels/arguments.js'
import { Mode } from '../region/descriptor.js'
import { Schedule } from '../region/schedule.js'
import type { Region } from '../team/region.js'
import type { EngineParts } from './map-call.js'
import { checkRegionOptions, OPTION_NAMES } from './options.js'

/** Options of engine.parallel and parallelSync. */
export interface ParallelOptions {
  /** Aborting releases the members waiting at a barrier; the call rejects with AbortError. */
  readonly signal?: AbortSignal
  /**
   * Rejects with TimeoutError if the call runs longer (ms). engine.parallel
   * replaces the workers (a hung kernel cannot be stopped any other way);
   * parallelSync releases members waiting at a barrier, and replaces the
   * workers only if they do not then finish.
   */
  readonly timeoutMs?: number
}

/** The checked region of a phased call of `kernel` on `on`'s team of `on.threads` members. */
export function phasedRegion(on: EngineParts, operation: string, kernel: unknown, args: unknown, options: unknown): Region {
  const spec = on.kernels.lookUp(kernel, 'parallel')
  const { signal, timeoutMs } = checkRegionOptions(options, `engine.${operation}`, OPTION_NAMES.parallel)
  // A view's length is checked against n, here the number of members.
  const members = on.threads
  const values = marshalArguments(spec, members, args, on.memory)
  return {
    kernel: spec.id, name: spec.name, args: values, mode: Mode.Phased, schedule: Schedule.Static,
    units: members, unitSize: 1, length: members, chunk: 1, signal, timeoutMs,
    describe: (member) => `as member ${member} of ${members}`,
  }
}
