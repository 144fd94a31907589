// bench/pool: tiny-task throughput (tasks/s) and round trip (µs) of sabre's
// Pool.map (wasm `square`, chunksize 1 and the default) and JsPool (the same
// JS function as the peers), against piscina, tinypool, workerpool and the
// threads.js Pool on the same trivial task x², all in this one run with one
// worker per core. Medians of RUNS runs; writes bench/results/pool.json.

import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { median } from '../src/format/measure.js'
import { table } from '../src/format/table.js'
import { Engine, JsPool, Pool } from '../src/index.js'
import { peerContenders, type Contender } from './peers/contenders.js'

const RUNS = 5
const threads = os.availableParallelism()
const workerFile = new URL('./peers/square-worker.js', import.meta.url)

/** Tasks per throughput run: enough for ~0.2–1 s each (default 50 000). */
const TASKS: Record<string, number> = {
  'sabre Pool.map, chunksize 1': 1_000_000, 'sabre Pool.map, default chunksize': 1_000_000,
  'sabre JsPool.map, default chunksize': 1_000_000, 'threads.js Pool': 2_000,
}

function contenders(): Contender[] {
  let engine: Engine, pool: Pool, jsPool: JsPool
  return [
    {
      name: 'sabre Pool.map, chunksize 1',
      async start() { engine = await Engine.start({ threads }); pool = new Pool(engine) },
      batch: (items) => pool.map('square', items, { chunksize: 1 }),
      one: (x) => pool.map('square', [x]),
      async stop() {},
    },
    {
      name: 'sabre Pool.map, default chunksize',
      async start() {},
      batch: (items) => pool.map('square', items),
      one: (x) => pool.apply('square', [x]),
      async stop() { await engine.close() },
    },
    {
      name: 'sabre JsPool.map, chunksize 1',
      async start() { jsPool = await JsPool.start(workerFile, { threads }) },
      batch: (items) => jsPool.map('default', items, { chunksize: 1 }),
      one: (x) => jsPool.apply('default', [x]),
      async stop() {},
    },
    {
      name: 'sabre JsPool.map, default chunksize',
      async start() {},
      batch: (items) => jsPool.map('default', items),
      one: (x) => jsPool.map('default', [x]),
      async stop() { jsPool.close(); await jsPool.join() },
    },
    ...peerContenders('square-worker.js', 'square', threads),
  ]
}

console.log(`sabre pool bench: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${threads} workers each, Node ${process.version}; medians of ${RUNS} runs\n`)
const rows: { name: string; tasksPerSecond: number; roundTripUs: number }[] = []
for (const contender of contenders()) {
  await contender.start()
  const tasks = TASKS[contender.name] ?? 50_000
  const items = Array.from({ length: tasks }, (_, i) => i % 1000)
  await contender.batch(items.slice(0, 1000)) // warm up
  const rates: number[] = []
  for (let r = 0; r < RUNS; r++) {
    const started = performance.now()
    await contender.batch(items)
    rates.push(tasks / ((performance.now() - started) / 1000))
  }
  const trips: number[] = []
  // Warm the one-task path as the batch path was warmed: V8 compiles each contender's hot path first.
  for (let i = 0; i < 500; i++) await contender.one(i)
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
