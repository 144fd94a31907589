// Streams of map results: in item order (imap, Executor.map) or in completion
// order (imapUnordered), fed by a map's onChunk as chunks complete.

import { AsyncQueue } from './async-queue.js'

/** What a streamed map is given: the chunk size, a signal, and where to report each completed chunk. */
export interface StreamedMapOptions<T> {
  readonly chunk?: number
  readonly signal: AbortSignal
  readonly onChunk: (begin: number, end: number, results: ArrayLike<T>) => void
}

export type RunMap<T> = (options: StreamedMapOptions<T>) => Promise<unknown>

/** Starts `run` and streams its results; breaking out of the loop aborts the rest. */
function stream<T>(run: RunMap<T>, chunk: number | undefined, signal: AbortSignal | undefined,
  onChunk: (queue: AsyncQueue<T>, begin: number, results: ArrayLike<T>) => void): AsyncIterableIterator<T> {
  const stop = new AbortController()
  const queue = new AsyncQueue<T>(() => stop.abort())
  const signals = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal
  run({ ...(chunk !== undefined && { chunk }), signal: signals, onChunk: (begin, _end, results) => onChunk(queue, begin, results) })
    .then(() => queue.end(), (error: unknown) => queue.fail(error))
  return queue
}

/** Results in item order: a chunk is held back until every chunk before it has arrived. */
export function orderedStream<T>(run: RunMap<T>, chunk?: number, signal?: AbortSignal): AsyncIterableIterator<T> {
  const arrived = new Map<number, T[]>()
  let next = 0
  return stream(run, chunk, signal, (queue, begin, results) => {
    arrived.set(begin, Array.from(results))
    for (let ready = arrived.get(next); ready; ready = arrived.get(next)) {
      arrived.delete(next)
      for (const value of ready) queue.push(value)
      next += ready.length
    }
  })
}

/** Results in completion order, chunk by chunk. */
export function unorderedStream<T>(run: RunMap<T>, chunk?: number, signal?: AbortSignal): AsyncIterableIterator<T> {
  return stream(run, chunk, signal, (queue, _begin, results) => {
    for (let i = 0; i < results.length; i++) queue.push(results[i]!)
  })
}
