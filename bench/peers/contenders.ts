// The peer pools sabre is measured against, set up alike: one worker per
// core, the same task file, a batch submitted at once and one task awaited.

import { Piscina } from 'piscina'
import { Pool as ThreadsPool, spawn, Worker as ThreadsWorker, type ThreadsPool as ThreadsPoolOf } from 'threads'
import Tinypool from 'tinypool'
import workerpool from 'workerpool'

export interface Contender {
  readonly name: string
  start(): Promise<void>
  /** Runs one task per item, all submitted at once. */
  batch(items: number[]): Promise<unknown>
  /** One task, awaited. */
  one(x: number): Promise<unknown>
  stop(): Promise<void>
}

/**
 * piscina, tinypool, workerpool and the threads.js Pool running `method` of
 * the worker file `file` (next to this one: threads.js resolves a relative
 * worker path against the file that calls `new Worker`, which is this one).
 */
export function peerContenders(file: string, method: string, threads: number): Contender[] {
  const path = new URL(`./${file}`, import.meta.url).pathname
  let piscina: Piscina, tinypool: Tinypool, wp: ReturnType<typeof workerpool.pool>
  let tp: ThreadsPoolOf<Record<string, (x: number) => Promise<number>>>
  return [
    {
      name: 'piscina',
      async start() { piscina = new Piscina({ filename: path, minThreads: threads, maxThreads: threads }) },
      batch: (items) => Promise.all(items.map((x) => piscina.run(x))),
      one: (x) => piscina.run(x),
      async stop() { await piscina.destroy() },
    },
    {
      name: 'tinypool',
      async start() { tinypool = new Tinypool({ filename: path, minThreads: threads, maxThreads: threads }) },
      batch: (items) => Promise.all(items.map((x) => tinypool.run(x))),
      one: (x) => tinypool.run(x),
      async stop() { await tinypool.destroy() },
    },
    {
      name: 'workerpool',
      async start() { wp = workerpool.pool(path, { maxWorkers: threads, workerType: 'thread', workerThreadOpts: { workerData: { kind: 'workerpool' } } }) },
      batch: (items) => Promise.all(items.map((x) => wp.exec(method, [x]))),
      one: (x) => wp.exec(method, [x]),
      async stop() { await wp.terminate() },
    },
    {
      name: 'threads.js Pool',
      async start() {
        tp = ThreadsPool(() => spawn<Record<string, (x: number) => Promise<number>>>(new ThreadsWorker(`./${file}`, { workerData: { kind: 'threads' } } as never)), threads)
        await tp.settled(true)
      },
      batch: (items) => Promise.all(items.map((x) => tp.queue((w) => w[method]!(x)))),
      one: (x) => tp.queue((w) => w[method]!(x)),
      async stop() { await tp.terminate() },
    },
  ]
}
