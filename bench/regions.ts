// bench/regions: fine-grained parallelism. Many small regions back to back:
// mandelbrot over side² pixels with `side` iterations (one parallelFor per
// image) and sumF64 over n elements (one reduce each), on 1 thread and on N,
// async (parallelFor / reduce) and sync (parallelForSync / reduceSync: the
// caller is one of the N), beside the same loops built with gcc -O3 -fopenmp
// (bench/native/kernels.c, built by bench/native.ts) in the same run. Medians of RUNS batches; each
// batch runs enough regions to take about BATCH_MS. Prints a table, writes
// bench/results/regions.json and docs/regions.svg (speedup against region
// size, one line per mode and one for OpenMP).

import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { median } from '../src/format/measure.js'
import { table } from '../src/format/table.js'
import { Engine } from '../src/engine/engine.js'
import { buildNative, type NativeRun } from './native.js'
import { breakdown } from './regions-breakdown.js'
import { speedupChart, type ChartLine } from './regions-chart.js'

const RUNS = 5
const BATCH_MS = 60
const threads = os.availableParallelism()
const machine = `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${threads} cores, Node ${process.version}`

interface Workload {
  readonly label: string
  readonly kind: 'mandelbrot' | 'sum'
  /** Image side (pixels; iterations too) or elements summed. */
  readonly size: number
}

const workloads: Workload[] = [
  ...[32, 64, 128, 256, 1024].map((side) => ({ label: `mandelbrot ${side}²`, kind: 'mandelbrot' as const, size: side })),
  ...[65_536, 1_048_576, 8_388_608].map((n) => ({ label: `sumF64 ${n >= 1 << 20 ? `${n >> 20}M` : `${n >> 10}K`}`, kind: 'sum' as const, size: n })),
]
const chunkRows = (side: number): number => Math.max(1, side / 32)

/** µs per region, median of RUNS batches, for one engine and mode. */
async function measure(engine: Engine, workload: Workload, sync: boolean): Promise<number> {
  let run: () => unknown
  if (workload.kind === 'mandelbrot') {
    const side = workload.size
    const image = engine.alloc(Uint32Array, side * side)
    const args = [image, side, side, -2.2, -1.2, 0.8, 1.2, side] as const
    const options = { schedule: 'dynamic', chunk: chunkRows(side) } as const
    run = sync ? () => engine.parallelForSync('mandelbrot', side, args, options) : () => engine.parallelFor('mandelbrot', side, args, options)
  } else {
    const xs = engine.alloc(Float64Array, workload.size)
    for (let i = 0; i < xs.length; i++) xs[i] = i % 10
    run = sync ? () => engine.reduceSync('sumF64', xs.length, [xs]) : () => engine.reduce('sumF64', xs.length, [xs])
  }
  // Warm-up, and a first estimate of the batch size: V8 tiers up over the first calls.
  let started = performance.now()
  let calls = 0
  while (performance.now() - started < BATCH_MS) { await run(); calls++ }
  const count = Math.max(3, Math.round((calls * BATCH_MS) / (performance.now() - started)))
  const samples: number[] = []
  for (let r = 0; r < RUNS; r++) {
    started = performance.now()
    for (let i = 0; i < count; i++) await run()
    samples.push(((performance.now() - started) * 1000) / count)
  }
  return median(samples)
}

/** The OpenMP line: µs per region of `workload` on `threads` threads. */
function nativeRegion(run: NativeRun, workload: Workload, threads: number): number {
  const args = workload.kind === 'mandelbrot'
    ? ['regions-mandelbrot', String(workload.size), String(chunkRows(workload.size)), String(Math.max(3, Math.round(2e7 / workload.size ** 3)))]
    : ['regions-sum', String(workload.size), String(Math.max(3, Math.round(5e8 / workload.size / 10)))]
  return run(threads, args)
}

console.log(`sabre regions bench: ${machine}; 1 vs ${threads} threads; µs per region, medians of ${RUNS} batches\n`)
const one = await Engine.start({ threads: 1 })
const many = await Engine.start({ threads })
const omp = buildNative()
interface Row { label: string; async1: number; asyncN: number; sync1: number; syncN: number; c1?: number; cN?: number }
const rows: Row[] = []
for (const workload of workloads) {
  const row: Row = {
    label: workload.label,
    async1: await measure(one, workload, false),
    asyncN: await measure(many, workload, false),
    sync1: await measure(one, workload, true),
    syncN: await measure(many, workload, true),
    ...(omp && { c1: nativeRegion(omp, workload, 1), cN: nativeRegion(omp, workload, threads) }),
  }
  rows.push(row)
  console.log(`  ${workload.label}: async ${(row.async1 / row.asyncN).toFixed(2)}×, sync ${(row.sync1 / row.syncN).toFixed(2)}×` +
    (row.c1 ? `, OpenMP ${(row.c1 / row.cN!).toFixed(2)}×` : ''))
}

// Empty regions and the tiny reduce: the dispatch cost alone.
const ones = many.alloc(Float64Array, 2).fill(1)
const empty = async (run: () => unknown, count = 20_000): Promise<number> => {
  for (let i = 0; i < 1000; i++) await run()
  const samples: number[] = []
  for (let r = 0; r < RUNS; r++) {
    const started = performance.now()
    for (let i = 0; i < count; i++) await run()
    samples.push(((performance.now() - started) * 1000) / count)
  }
  return median(samples)
}
const dispatch = {
  emptyAsync: await empty(() => many.parallelFor('noop', threads)),
  emptySync: await empty(() => many.parallelForSync('noop', threads)),
  tinyReduceAsync: await empty(() => many.reduce('sumF64', 2, [ones])),
  tinyReduceSync: await empty(() => many.reduceSync('sumF64', 2, [ones])),
}
await one.close()
await many.close()

// Where a 64² region's time goes: async on 1 worker (a spare core: the main thread polls), on every core
// (the main thread sleeps, and is a third runnable thread when it wakes), and sync (the caller is a member).
const split = {
  async1: await breakdown(1, 64, false),
  asyncN: await breakdown(threads, 64, false),
  syncN: await breakdown(threads, 64, true),
}

const f = (us: number): string => (us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(1)} µs`)
const x = (a: number, b: number): string => `${(a / b).toFixed(2)}×`
console.log(`\n${table([
  ['region', 'async 1', `async ${threads}`, 'speedup', 'sync 1', `sync ${threads}`, 'speedup', 'C 1', `C ${threads}`, 'OpenMP'],
  ...rows.map((r) => [r.label, f(r.async1), f(r.asyncN), x(r.async1, r.asyncN), f(r.sync1), f(r.syncN), x(r.sync1, r.syncN),
    r.c1 ? f(r.c1) : '—', r.cN ? f(r.cN) : '—', r.c1 ? x(r.c1, r.cN!) : '—']),
])}`)
console.log(`\nempty region (noop over ${threads} indices): async ${f(dispatch.emptyAsync)}, sync ${f(dispatch.emptySync)}; ` +
  `sumF64 over 2 elements: async ${f(dispatch.tinyReduceAsync)}, sync ${f(dispatch.tinyReduceSync)}`)

console.log(`\nwhere a mandelbrot 64² region's time goes (µs, medians of each part over 2000 regions, from the engine's trace):\n${table([
  ['mode', 'call', 'call → first chunk', 'first → last chunk', 'last chunk → return'],
  ...([['async, 1 worker', split.async1], [`async, ${threads} workers`, split.asyncN], [`sync, caller + ${threads - 1}`, split.syncN]] as const)
    .map(([mode, b]) => [mode, f(b.callUs), f(b.toFirstChunkUs), f(b.chunksUs), f(b.afterLastChunkUs)]),
])}`)

const results = new URL('./results/', import.meta.url)
mkdirSync(results, { recursive: true })
writeFileSync(new URL('regions.json', results), JSON.stringify({ machine, threads, runs: RUNS, rows, dispatch, split }, null, 2))
const mandelbrots = rows.filter((r) => r.label.startsWith('mandelbrot'))
const lines: ChartLine[] = [
  { label: `sabre sync (caller + ${threads - 1} worker${threads === 2 ? "" : "s"})`, points: mandelbrots.map((r) => r.sync1 / r.syncN) },
  { label: `sabre async (${threads} workers)`, points: mandelbrots.map((r) => r.async1 / r.asyncN) },
  ...(omp ? [{ label: `C -O3 -fopenmp, ${threads} threads`, points: mandelbrots.map((r) => r.c1! / r.cN!) }] : []),
]
const svg = speedupChart({
  title: `mandelbrot regions: speedup on ${threads} threads over 1`,
  xLabels: mandelbrots.map((r) => r.label.replace('mandelbrot ', '')), lines, ideal: threads,
})
writeFileSync(new URL('../../docs/regions.svg', import.meta.url), svg)
console.log('\nwrote bench/results/regions.json and docs/regions.svg')
