// The errors sabre/cluster raises on purpose; callers branch on their classes.

/** A job failed on every attempt (or for good: a kernel error). Its record is in the queue's dead-letter list. */
export class ClusterJobError extends Error {
  override name = 'ClusterJobError'
  constructor(message: string, /** The job's index in its map or reduce. */ readonly job: number) {
    super(message)
  }
}

/**
 * Redis could not be reached: at connect, within `connectTimeoutMs`; or, on a
 * producer, the connection was down for longer than that mid-run.
 */
export class ClusterConnectionError extends Error {
  override name = 'ClusterConnectionError'
  constructor(message: string, /** The Redis URL, password hidden. */ readonly url: string, options?: { cause?: unknown }) {
    super(message, options)
  }
}
