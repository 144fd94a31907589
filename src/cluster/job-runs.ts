// The producer's jobs in flight: adds a call's jobs to the queue, hears how
// each one ends (QueueEvents, and a poll for events it missed), counts each
// job once by its id, withdraws the jobs of a call that ended early, and
// dead-letters the jobs that failed for good.

import { randomUUID } from 'node:crypto'
import type { JobsOptions, Queue, QueueEvents } from 'bullmq'
import type { Redis } from 'ioredis'
import { AbortError, ClusterJobError, TimeoutError } from '../errors.js'
import { JOB_NAME, type ClusterJob, type JobResult } from './jobs.js'

/** The list a queue's failed jobs are recorded in (one JSON record each): the one key a producer adds besides BullMQ's. */
export const deadLetterKey = (queue: string): string => `sabre:${queue}:dead-letter`

/** What a call hears about its jobs, each by its index in the call. */
export interface JobHandlers {
  readonly onResult: (index: number, result: JobResult) => void
  /** Items a running map job has done so far (nodes report a few times a second). */
  readonly onProgress?: (index: number, done: number) => void
  /** A node took the job: from here it runs to its end, whatever the call does. */
  readonly onTaken?: (index: number) => void
}

interface Run {
  readonly handlers: JobHandlers
  /** Counts a result; resolves the run at the last one. */
  readonly done: () => void
  readonly fail: (error: unknown) => void
}

interface Entry {
  readonly run: Run
  readonly index: number
  finished: boolean
}

export class JobRuns {
  /** Jobs added, jobs completed, completions seen twice (ignored: each job counts once), jobs dead-lettered. */
  readonly stats = { jobs: 0, completed: 0, duplicates: 0, deadLettered: 0 }
  private readonly entries = new Map<string, Entry>()
  /** Jobs of runs that ended early and were running then: removed when they finish. */
  private readonly abandoned = new Set<string>()
  private readonly runs = new Set<Run>()
  /** Background Redis work (removals, dead letters, data deletes), waited for by stop(). */
  private readonly chores = new Set<Promise<unknown>>()
  private readonly poller: ReturnType<typeof setInterval>
  private stopped = false

  /** Jobs go to `queue` with `jobOptions`; `events` is that queue's event stream; dead letters go to `queueName`'s list through `redis`. */
  constructor(private readonly queue: Queue, events: QueueEvents, private readonly redis: Redis,
    private readonly queueName: string, private readonly jobOptions: JobsOptions) {
    events.on('completed', ({ jobId, returnvalue }) => this.completed(jobId, returnvalue as unknown as JobResult))
    events.on('failed', ({ jobId, failedReason }) => this.failed(jobId, failedReason))
    events.on('active', ({ jobId }) => {
      const entry = this.entries.get(jobId)
      if (entry && !entry.finished) entry.run.handlers.onTaken?.(entry.index)
    })
    events.on('progress', ({ jobId, data }) => {
      const entry = this.entries.get(jobId)
      if (entry && !entry.finished && typeof data === 'number') entry.run.handlers.onProgress?.(entry.index, data)
    })
    // Events are a capped Redis stream: a producer that fell behind could miss
    // one. Every 2 s, ask about jobs still pending, so none waits forever.
    this.poller = setInterval(() => void this.poll(), 2000)
    this.poller.unref()
  }

  /**
   * Adds `jobs` to the queue; resolves once every one has completed. Rejects
   * on the first that failed for good (ClusterJobError), or when `signal`
   * aborts: with its reason if that is a TimeoutError, else an AbortError.
   * Either way the jobs not yet taken are withdrawn from the queue; those a
   * node is running finish there, and their results are dropped.
   */
  async run(jobs: readonly ClusterJob[], handlers: JobHandlers, signal: AbortSignal): Promise<void> {
    if (jobs.length === 0) return
    const kernel = jobs[0]!.kernel
    const runId = randomUUID()
    const ids = jobs.map((_, index) => `${runId}.${index}`)
    let run: Run | undefined
    // Withdrawals wait for the jobs to be in the queue: a removal sent first would find nothing.
    let added: Promise<unknown> = Promise.resolve()
    // A pool's own reason (terminate) is worth naming; a caller's is kept as the cause.
    const onAbort = (): void => run?.fail(signal.reason instanceof TimeoutError ? signal.reason
      : new AbortError(`${kernel} was aborted${signal.reason instanceof AbortError ? `: ${signal.reason.message}` : ''}; ` +
        'its jobs not yet taken were withdrawn from the queue', { cause: signal.reason }))
    await new Promise<void>((resolve, reject) => {
      let left = jobs.length
      // A handler that throws (a user's onProgress) fails the call; it must not stop the count.
      const guarded = <A extends unknown[]>(handler: ((...args: A) => void) | undefined) => (...args: A): void => {
        try {
          handler?.(...args)
        } catch (error) {
          reject(error)
        }
      }
      run = {
        handlers: { onResult: guarded(handlers.onResult), onProgress: guarded(handlers.onProgress), onTaken: guarded(handlers.onTaken) },
        done: () => { if (--left === 0) resolve() },
        fail: reject,
      }
      this.runs.add(run)
      signal.addEventListener('abort', onAbort, { once: true })
      if (signal.aborted) return onAbort()
      ids.forEach((id, index) => this.entries.set(id, { run: run!, index, finished: false }))
      this.stats.jobs += jobs.length
      added = this.queue.addBulk(jobs.map((data, index) => ({ name: JOB_NAME[data.kind], data, opts: { ...this.jobOptions, jobId: ids[index]! } }))).catch(reject)
    }).finally(() => {
      this.runs.delete(run!)
      signal.removeEventListener('abort', onAbort)
      for (const id of ids) {
        const entry = this.entries.get(id)
        this.entries.delete(id)
        if (entry && !entry.finished) this.withdraw(id, added)
      }
    })
  }

  /** Fails every pending run with `error` (the connection to Redis was lost). */
  failAll(error: Error): void {
    for (const run of this.runs) run.fail(error)
  }

  /** Stops polling and starting background work; resolves once what was started has settled. */
  async stop(): Promise<void> {
    this.stopped = true
    clearInterval(this.poller)
    while (this.chores.size > 0) await Promise.allSettled([...this.chores])
  }

  /** Removes a job of a run that ended early, once `added`: now if it waits, or when it finishes (a running job is locked). */
  private withdraw(id: string, added: Promise<unknown>): void {
    this.abandoned.add(id)
    this.background(() => added.then(() => this.queue.remove(id)).then((removed) => { if (removed) this.abandoned.delete(id) }))
  }

  private completed(jobId: string, result: JobResult): void {
    const entry = this.entries.get(jobId)
    if (!entry) {
      if (this.abandoned.delete(jobId)) this.background(() => this.queue.remove(jobId))
      return
    }
    if (entry.finished) {
      this.stats.duplicates++
      return
    }
    entry.finished = true
    this.stats.completed++
    // Completed jobs stay in Redis only until their result is here.
    this.background(() => this.queue.remove(jobId))
    entry.run.handlers.onResult(entry.index, result)
    entry.run.done()
  }

  private failed(jobId: string, reason: string): void {
    const entry = this.entries.get(jobId)
    if (!entry) {
      if (this.abandoned.delete(jobId)) this.background(() => this.queue.remove(jobId))
      return
    }
    if (entry.finished) return
    entry.finished = true
    this.stats.deadLettered++
    const record = JSON.stringify({ jobId, job: entry.index, reason, at: new Date().toISOString() })
    // The record is the dead letter; the failed job itself is removed.
    this.background(() => this.redis.rpush(deadLetterKey(this.queueName), record).then(() => this.queue.remove(jobId)))
    entry.run.fail(new ClusterJobError(`job ${entry.index} failed: ${reason}`, entry.index))
  }

  /** Outcomes of pending jobs whose completion or failure event this producer missed. */
  private async poll(): Promise<void> {
    const pending = [...this.entries.entries()].filter(([, entry]) => !entry.finished).slice(0, 200)
    for (const [id] of pending) {
      const job = await this.queue.getJob(id).catch(() => undefined)
      if (!job?.finishedOn) continue
      if (job.returnvalue) this.completed(id, job.returnvalue as JobResult)
      else if (job.failedReason && (await job.getState().catch(() => '')) === 'failed') this.failed(id, job.failedReason)
    }
  }

  /** Starts background Redis work that nothing waits for but stop(); its failure is of no consequence (keys expire). */
  background(start: () => Promise<unknown>): void {
    if (this.stopped) return
    const promise = start().catch(() => 0)
    this.chores.add(promise)
    void promise.finally(() => this.chores.delete(promise))
  }
}
