// Streams of map results: in item order (imap, Executor.map) or in completion
// order (imapUnordered), fed by engine.map's onChunk as chunks complete.

import type { MapOptions } from '../engine.js'
import { AsyncQueue } from './async-queue.js'

type RunMap = (options: MapOptions) => Promise<Float64Array>

/** Starts `run` and streams its results; breaking out of the loop aborts the rest. */
function stream(run: RunMap, chunk: number | undefined, signal: AbortSignal | undefined,
  onChunk: (queue: AsyncQueue<number>, begin: number, results: Float64Array) => void): AsyncIterableIterator<number> {
  const stop = new AbortController()
  const queue = new AsyncQueue<number>(() => stop.abort())
  const signals = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal
  run({ ...(chunk !== undefined && { chunk }), signal: signals, onChunk: (begin, _end, results) => onChunk(queue, begin, results) })
    .then(() => queue.end(), (error: unknown) => queue.fail(error))
  return queue
}

/** Results in item order: a chunk is held back until every chunk before it has arrived. */
export function orderedStream(run: RunMap, chunk?: number, signal?: AbortSignal): AsyncIterableIterator<number> {
  const arrived = new Map<number, Float64Array>()
  let next = 0
  return stream(run, chunk, signal, (queue, begin, results) => {
    arrived.set(begin, results.slice())
    for (let ready = arrived.get(next); ready; ready = arrived.get(next)) {
      arrived.delete(next)
      for (const value of ready) queue.push(value)
      next += ready.length
    }
  })
}

/** Results in completion order, chunk by chunk. */
export function unorderedStream(run: RunMap, chunk?: number, signal?: AbortSignal): AsyncIterableIterator<number> {
  return stream(run, chunk, signal, (queue, _begin, results) => {
    for (const value of results) queue.push(value)
  })
}
