// One call of any kernel, as Executor.submit and Process take it: an item
// kernel with its arguments, or a range kernel with its arguments followed by
// begin and end (the whole ABI signature, run on one worker).

import { rangeError, typeError } from '../errors.js'
import { checkLength, marshalArguments } from '../kernels/arguments.js'
import type { KernelSpec } from '../kernels/catalog.js'
import type { ScalarParam } from '../kernels/vocabulary.js'
import type { SharedMemory } from '../memory/shared-memory.js'
import { MAX_ARGS } from '../region/control-block.js'
import { checkItemValue } from './items.js'

/** Checks `args` for one call of `spec`; returns the numbers the kernel receives. */
export function packCall(spec: KernelSpec, args: readonly unknown[], memory: SharedMemory): number[] {
  if (spec.kind === 'item') {
    const params = spec.params as readonly ScalarParam[]
    if (args.length !== params.length) {
      throw new TypeError(`${spec.name}(${params.map((p) => p.name).join(', ')}) takes ${params.length} argument${params.length === 1 ? '' : 's'}, got ${args.length}`)
    }
    return params.map((param, i) => checkItemValue(spec, param, args[i], 'the call'))
  }
  const names = [...spec.params.map((p) => p.name), 'begin', 'end']
  if (args.length !== names.length) {
    throw new TypeError(`${spec.name}(${names.join(', ')}) takes ${names.length} arguments, got ${args.length}`)
  }
  const [begin, end] = args.slice(-2)
  const last = checkLength(spec, end)
  if (typeof begin !== 'number') throw typeError(`begin (${spec.name} ${spec.indices})`, 'a number', begin)
  if (!Number.isInteger(begin) || begin < 0 || begin > last) throw rangeError(`begin (${spec.name} ${spec.indices})`, `an integer in [0, end = ${last}]`, begin)
  const values = [...marshalArguments(spec, last, args.slice(0, -2), memory), begin, last]
  if (values.length > MAX_ARGS) throw new RangeError(`${spec.name} takes ${values.length} arguments; a task takes at most ${MAX_ARGS}`)
  return values
}
