// bench/pool: tiny-task throughput (tasks/s) and round trip (µs) of sabre's
// Pool.map (wasm `square`, chunksize 1 and the default) and JsPool (the same
// JS function as the peers), against piscina, tinypool, workerpool and the
// threads.js Pool on the same trivial task x², all in this one run with one
// worker per core. Medians of RUNS runs; writes bench/results/pool.json.

import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { Piscina } from 'piscina'
import { Pool as ThreadsPool, spawn, Worker as ThreadsWorker, type ThreadsPool as ThreadsPoolOf } from 'threads'
import Tinypool from 'tinypool'
import workerpool from 'workerpool'
import { median } from '../src/cli/measure.js'
import { table } from '../src/cli/table.js'
import { Engine, JsPool, Pool } from '../src/index.js'

const RUNS = 5
const threads = os.availableParallelism()
const workerFile = new URL('./peers/square-worker.js', import.meta.url)
const workerPath = workerFile.pathname

interface Contender {
  readonly name: string
  /** Tasks per throughput run: enough for ~0.2–1 s. */
  readonly tasks: number
  start(): Promise<void>
  /** Runs `n` tasks at once; resolves when all are done. */
  batch(items: number[]): Promise<unknown>
  /** One task, awaited. */
  one(x: number): Promise<unknown>
  stop(): Promise<void>
}

function contenders(): Contender[] {
  let piscina: Piscina, tinypool: Tinypool, wp: ReturnType<typeof workerpool.pool>
  let tp: ThreadsPoolOf<{ square(x: number): Promise<number> }>
  let engine: Engine, pool: Pool, jsPool: JsPool
  return [
    {
      name: 'sabre Pool.map, chunksize 1', tasks: 1_000_000,
      async start() { engine = await Engine.start({ threads }); pool = new Pool(engine) },
      batch: (items) => pool.map('square', items, { chunksize: 1 }),
      one: (x) => pool.map('square', [x]),
      async stop() {},
    },
    {
      name: 'sabre Pool.map, default chunksize', tasks: 1_000_000,
      async start() {},
      batch: (items) => pool.map('square', items),
      one: (x) => pool.apply('square', [x]),
      async stop() { await engine.close() },
    },
    {
      name: 'sabre JsPool.map, chunksize 1', tasks: 50_000,
      async start() { jsPool = await JsPool.start(workerFile, { threads }) },
      batch: (items) => jsPool.map('default', items, { chunksize: 1 }),
      one: (x) => jsPool.apply('default', [x]),
      async stop() {},
    },
    {
      name: 'sabre JsPool.map, default chunksize', tasks: 1_000_000,
      async start() {},
      batch: (items) => jsPool.map('default', items),
      one: (x) => jsPool.map('default', [x]),
      async stop() { jsPool.close(); await jsPool.join() },
    },
    {
      name: 'piscina', tasks: 50_000,
      async start() { piscina = new Piscina({ filename: workerPath, minThreads: threads, maxThreads: threads }) },
      batch: (items) => Promise.all(items.map((x) => piscina.run(x))),
      one: (x) => piscina.run(x),
      async stop() { await piscina.destroy() },
    },
    {
      name: 'tinypool', tasks: 50_000,
      async start() { tinypool = new Tinypool({ filename: workerPath, minThreads: threads, maxThreads: threads }) },
      batch: (items) => Promise.all(items.map((x) => tinypool.run(x))),
      one: (x) => tinypool.run(x),
      async stop() { await tinypool.destroy() },
    },
    {
      name: 'workerpool', tasks: 50_000,
      async start() { wp = workerpool.pool(workerPath, { maxWorkers: threads, workerType: 'thread', workerThreadOpts: { workerData: { kind: 'workerpool' } } }) },
      batch: (items) => Promise.all(items.map((x) => wp.exec('square', [x]))),
      one: (x) => wp.exec('square', [x]),
      async stop() { await wp.terminate() },
    },
    {
      name: 'threads.js Pool', tasks: 2_000,
      async start() {
        // threads.js resolves a relative worker path against the calling file (this one).
        tp = ThreadsPool(() => spawn<{ square(x: number): Promise<number> }>(new ThreadsWorker('./peers/square-worker.js', { workerData: { kind: 'threads' } } as never)), threads)
        await tp.settled(true)
      },
      batch: (items) => Promise.all(items.map((x) => tp.queue((w) => w.square(x)))),
      one: (x) => tp.queue((w) => w.square(x)),
      async stop() { await tp.terminate() },
    },
  ]
}

console.log(`sabre pool bench: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${threads} workers each, Node ${process.version}; medians of ${RUNS} runs\n`)
const rows: { name: string; tasksPerSecond: number; roundTripUs: number }[] = []
for (const contender of contenders()) {
  await contender.start()
  const items = Array.from({ length: contender.tasks }, (_, i) => i % 1000)
  await contender.batch(items.slice(0, 1000)) // warm up
  const rates: number[] = []
  for (let r = 0; r < RUNS; r++) {
    const started = performance.now()
    await contender.batch(items)
    rates.push(contender.tasks / ((performance.now() - started) / 1000))
  }
  const trips: number[] = []
  for (let r = 0; r < RUNS; r++) {
    const count = 500
    const started = performance.now()
    for (let i = 0; i < count; i++) await contender.one(i)
    trips.push(((performance.now() - started) * 1000) / count)
  }
  await contender.stop()
  rows.push({ name: contender.name, tasksPerSecond: median(rates), roundTripUs: median(trips) })
  console.log(`  ${contender.name}: done`)
}

const piscinaRate = rows.find((r) => r.name === 'piscina')!.tasksPerSecond
console.log(`\n${table([
  ['pool (task: x²)', 'tasks/s', 'vs piscina', 'round trip µs'],
  ...rows.map((r) => [r.name, Math.round(r.tasksPerSecond).toLocaleString('en-US'), `${(r.tasksPerSecond / piscinaRate).toFixed(2)}×`, r.roundTripUs.toFixed(1)]),
])}`)
console.log('tasks/s: a batch submitted at once; round trip: one task awaited at a time (sabre Pool.map chunksize 1 row: map of one item; default row: apply).')

mkdirSync(new URL('./results/', import.meta.url), { recursive: true })
const out = new URL('./results/pool.json', import.meta.url)
writeFileSync(out, JSON.stringify({ threads, runs: RUNS, rows }, null, 2))
console.log(`wrote ${out.pathname}`)
