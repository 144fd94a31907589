// Streams of map results: in item order (imap, Executor.map) or in completion
// order (imapUnordered), fed by a map's onChunk as chunks complete.

import { AsyncQueue } from './async-queue.js'

/** The caller's options for a streamed map: chunk size (items), a signal, a time bound (ms). */
export interface StreamOptions {
  readonly chunk?: number
  readonly signal?: AbortSignal
  readonly timeoutMs?: number
}

/** What a streamed map is given: the caller's options, a signal that also stops when the consumer does, and where to report each completed chunk. */
export interface StreamedMapOptions<T> extends StreamOptions {
  readonly signal: AbortSignal
  readonly onChunk: (begin: number, end: number, results: ArrayLike<T>) => void
}

export type RunMap<T> = (options: StreamedMapOptions<T>) => Promise<unknown>

/** Starts `run` and streams its results; breaking out of the loop aborts the rest. */
function stream<T>(run: RunMap<T>, options: StreamOptions,
  onChunk: (queue: AsyncQueue<T>, begin: number, results: ArrayLike<T>) => void): AsyncIterableIterator<T> {
  const stop = new AbortController()
  const queue = new AsyncQueue<T>(() => stop.abort())
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal
  run({ ...options, signal, onChunk: (begin, _end, results) => onChunk(queue, begin, results) })
    .then(() => queue.end(), (error: unknown) => queue.fail(error))
  return queue
}

/** Results in item order: a chunk is held back until every chunk before it has arrived. */
export function orderedStream<T>(run: RunMap<T>, options: StreamOptions = {}): AsyncIterableIterator<T> {
  const arrived = new Map<number, T[]>()
  let next = 0
  return stream(run, options, (queue, begin, results) => {
    arrived.set(begin, Array.from(results))
    for (let ready = arrived.get(next); ready; ready = arrived.get(next)) {
      arrived.delete(next)
      for (const value of ready) queue.push(value)
      next += ready.length
    }
  })
}

/** Results in completion order, chunk by chunk. */
export function unorderedStream<T>(run: RunMap<T>, options: StreamOptions = {}): AsyncIterableIterator<T> {
  return stream(run, options, (queue, _begin, results) => {
    for (let i = 0; i < results.length; i++) queue.push(results[i]!)
  })
}
