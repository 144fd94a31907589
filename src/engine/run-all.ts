// engine.runAll: one task row per call, any kernel with its own arguments, in
// one Tasks region; each call settles on its own, a failure fails its row only.

import { typeError } from '../errors.js'
import { Mode } from '../region/descriptor.js'
import { Schedule } from '../region/schedule.js'
import { SKIP_TASK } from '../region/task-row.js'
import { packCall } from './calls.js'
import { CompletionLog } from './completion-log.js'
import type { EngineParts } from './map-call.js'
import { checkRegionOptions, OPTION_NAMES, type CallOutcome, type KernelCall, type RunAllOptions } from './options.js'
import { TaskRows } from './task-rows.js'

/** Runs every call at the same time on `on`'s team (see Engine.runAll); one outcome per call, in call order. */
export async function runAllCalls(on: EngineParts, calls: readonly KernelCall[], options: RunAllOptions): Promise<CallOutcome[]> {
  if (!Array.isArray(calls)) throw typeError('calls', 'an array of { kernel, args }', calls)
  const { signal, timeoutMs } = checkRegionOptions(options, 'engine.runAll', OPTION_NAMES.runAll)
  // A call that fails validation settles at once as rejected; the rest still run.
  const invalid = new Map<number, unknown>()
  const packed = calls.map((call, i) => {
    try {
      if (call === null || typeof call !== 'object') throw typeError(`calls[${i}]`, 'an object { kernel, args }', call)
      const spec = on.kernels.lookUp(call.kernel, 'any')
      if (spec.reduce && spec.reduce.partial !== 'return') throw new TypeError(`kernel ${spec.name} writes a partial slot: run it with engine.reduce`)
      const args = call.args ?? []
      if (!Array.isArray(args)) throw typeError(`calls[${i}].args`, 'an array', args)
      return { spec, values: packCall(spec, args, on.memory) }
    } catch (error) {
      invalid.set(i, error)
      // The row stays, marked to be skipped, so that row indices match call indices.
      return { spec: { name: 'invalid', indices: '', params: [], id: SKIP_TASK }, values: [] }
    }
  })
  const onSettle = options.onSettle
  if (onSettle !== undefined && typeof onSettle !== 'function') throw typeError('options.onSettle', 'a function', onSettle)
  const count = packed.length
  if (count === 0) return []
  const outcomes: (CallOutcome | undefined)[] = new Array(count)
  for (const [i, reason] of invalid) {
    outcomes[i] = { status: 'rejected', reason, worker: -1 }
    onSettle?.(i, outcomes[i]!)
  }

  const arena = on.memory.arena
  const rowsBlock = arena.allocate(TaskRows.bytes(count))
  const logBlock = arena.allocate(count * 4)
  try {
    const buffer = on.memory.buffer()
    const rows = new TaskRows(buffer, rowsBlock.address)
    packed.forEach(({ spec, values }, t) => rows.write(t, spec.id, values))
    const log = new CompletionLog(buffer, logBlock.address, count)
    const progress = (): void => log.drain((t) => {
      if (invalid.has(t)) return
      const { spec, values } = packed[t]!
      outcomes[t] = rows.outcome(t, spec.name, `${spec.name}(${values.join(', ')})`)
      onSettle?.(t, outcomes[t]!)
    })
    let aborted: unknown
    await on.team.run({
      kernel: -1, name: 'runAll', args: [], mode: Mode.Tasks, schedule: Schedule.Dynamic,
      units: count, unitSize: 1, length: count, chunk: 1,
      items: rowsBlock.address, log: logBlock.address, watch: true, signal, progress, timeoutMs,
    }).catch((error: unknown) => { aborted = error })
    // Array.from, not map: map skips the holes, which are exactly the calls that never ran.
    return Array.from(outcomes, (outcome, t) => {
      if (outcome) return outcome
      const reason = aborted ?? new Error(`call ${t} did not run`)
      const skipped: CallOutcome = { status: 'rejected', reason, worker: -1 }
      onSettle?.(t, skipped)
      return skipped
    })
  } finally {
    arena.release(rowsBlock.address)
    arena.release(logBlock.address)
  }
}
