// engine.map: items packed into shared memory, one Map region over them,
// results read back in item order; whole chunks reported as they complete.

import { KernelError, typeError } from '../errors.js'
import type { KernelSet } from '../kernels/kernel-set.js'
import type { Block } from '../memory/arena.js'
import type { SharedMemory } from '../memory/shared-memory.js'
import { Mode } from '../region/descriptor.js'
import { Schedule } from '../region/schedule.js'
import { CompletionLog } from './completion-log.js'
import { defaultChunksize, packItems } from './items.js'
import { checkRegionOptions, OPTION_NAMES, type MapOptions } from './options.js'
import type { Team } from '../team/team.js'

/** What a call needs of its engine. */
export interface EngineParts {
  readonly team: Team
  readonly memory: SharedMemory
  readonly kernels: KernelSet
  readonly threads: number
}

const itemText = (items: ArrayLike<unknown>, i: number): string => {
  const item = items[i]
  return typeof item === 'number' ? String(item) : JSON.stringify(Array.from(item as ArrayLike<number>))
}

/** Runs item kernel `kernel` over `items` on `on`'s team (see Engine.map). */
export async function runMap(on: EngineParts, kernel: string, items: ArrayLike<number> | ArrayLike<ArrayLike<number>>, options: MapOptions): Promise<Float64Array> {
  const spec = on.kernels.lookUp(kernel, 'map')
  const { chunk: given, signal, timeoutMs } = checkRegionOptions(options, 'engine.map', OPTION_NAMES.map)
  const packed = packItems(spec, items, options.tuples === true)
  const arity = spec.params.length
  const n = (items as ArrayLike<unknown>).length
  const chunk = given ?? defaultChunksize(n, on.threads)
  const onChunk = options.onChunk
  if (onChunk !== undefined && typeof onChunk !== 'function') throw typeError('options.onChunk', 'a function', onChunk)
  if (n === 0) return new Float64Array(0)

  const chunks = Math.ceil(n / chunk)
  const arena = on.memory.arena
  const blocks = [arena.allocate(packed.byteLength), arena.allocate(n * 8), arena.allocate(chunks * 4)]
  const [itemsBlock, resultsBlock, logBlock] = blocks as [Block, Block, Block]
  try {
    const buffer = on.memory.buffer()
    new Float64Array(buffer, itemsBlock.address, packed.length).set(packed)
    const results = new Float64Array(buffer, resultsBlock.address, n)
    const log = new CompletionLog(buffer, logBlock.address, chunks)
    const progress = onChunk && ((): void => log.drain((begin) => {
      const end = Math.min(n, begin + chunk)
      onChunk(begin, end, results.subarray(begin, end))
    }))
    try {
      await on.team.run({
        kernel: spec.id, name: spec.name, args: [], mode: Mode.Map, schedule: Schedule.Dynamic,
        units: n, unitSize: 1, length: n, chunk,
        items: itemsBlock.address, arity, results: resultsBlock.address, log: logBlock.address, watch: progress !== undefined,
        signal, progress, timeoutMs, describe: (begin) => `on item ${begin} (${itemText(items, begin)})`,
      })
    } catch (error) {
      // The failing item's chunk is not in the log; the items before it in
      // that chunk did run, and a stream yields them before the error.
      if (onChunk && error instanceof KernelError) {
        const failed = error.range![0] // a map region always names its chunk
        const begin = failed - (failed % chunk)
        // The trap is the error to report, even if this last onChunk throws.
        if (failed > begin) try { onChunk(begin, failed, results.subarray(begin, failed)) } catch {}
      }
      throw error
    }
    return results.slice()
  } finally {
    for (const block of blocks) arena.release(block.address)
  }
}
