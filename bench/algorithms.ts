// `npm run bench:algorithms`: sabre's sort, sortByKey, scan and filter
// against what a user already has, in one run: V8's built-ins
// (TypedArray.prototype.sort, Array.prototype.sort with a comparator for the
// argsort, TypedArray.prototype.filter), the plain JS loop, and C++ on this
// machine (bench/native/algorithms.cpp: std::sort, __gnu_parallel::sort, a
// serial LSD radix sort, a serial scan and filter, memcpy). sabre runs on
// each thread count of --threads (default 1 and every core: `--threads 1,2`).
// Medians of RUNS runs, the input restored before each run (untimed), after
// one warm-up call (V8 has then compiled each kernel with its optimizing
// tier). Prints the tables and the targets of issue 22, and writes
// bench/results/algorithms.json. `--quick`: a tenth of the sizes.

import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { Engine } from '../src/index.js'
import type { allKernels } from '../src/kernels/catalog.js'
import { median } from '../src/format/measure.js'
import { ms, table } from '../src/format/table.js'
import { buildNative } from './native.js'

const RUNS = 5
const quick = process.argv.includes('--quick')
const threadFlag = process.argv.indexOf('--threads')
const cores = os.availableParallelism()
const threadCounts = threadFlag === -1 ? [...new Set([1, cores])] : process.argv[threadFlag + 1]!.split(',').map(Number)
if (threadCounts.some((t) => !Number.isInteger(t) || t < 1)) throw new RangeError(`--threads must be a list of integers >= 1 like 1,2, got ${process.argv[threadFlag + 1]}`)
const N = quick ? 1_000_000 : 10_000_000
const N_ARGSORT = quick ? 100_000 : 1_000_000
const machine = `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${cores} cores, Node ${process.version}, ${os.platform()} ${os.arch()}`
console.log(`sabre algorithms bench: ${machine}`)
console.log(`median of ${RUNS} runs, input restored before each (untimed); sabre on ${threadCounts.join(', ')} threads\n`)

/** The median ms of RUNS calls of run(), each after restore() (untimed), after one warm-up. */
async function measure(restore: () => void, run: () => unknown): Promise<number> {
  const samples: number[] = []
  for (let i = 0; i <= RUNS; i++) {
    restore()
    const started = performance.now()
    await run()
    if (i > 0) samples.push(performance.now() - started)
  }
  return median(samples)
}

/** Seeded uniform doubles in [0, 1) and 32-bit integers (xorshift). */
function inputs(n: number): { f64: Float64Array; u32: Uint32Array } {
  const f64 = new Float64Array(n)
  const u32 = new Uint32Array(n)
  let state = 2463534242
  const next = (): number => { state ^= state << 13; state ^= state >>> 17; state ^= state << 5; return state >>> 0 }
  for (let i = 0; i < n; i++) {
    f64[i] = (next() * 2 ** 21 + (next() >>> 11)) / 2 ** 53
    u32[i] = next()
  }
  return { f64, u32 }
}

const { f64, u32 } = inputs(N)
const keys = inputs(N_ARGSORT).f64
const rows: Record<string, Record<string, number>> = {}
const record = (row: string, column: string, value: number): void => { (rows[row] ??= {})[column] = value }

// V8 and the plain JS loop, on the main thread.
{
  const g = new Float64Array(N)
  const v = new Uint32Array(N)
  const out = new Float64Array(N)
  record('sort f64', 'V8', await measure(() => g.set(f64), () => g.sort()))
  record('sort u32', 'V8', await measure(() => v.set(u32), () => v.sort()))
  const indices: number[] = []
  record('sortByKey f64→u32', 'V8', await measure(() => { indices.length = 0; for (let i = 0; i < N_ARGSORT; i++) indices.push(i) },
    () => indices.sort((a, b) => keys[a]! - keys[b]!)))
  record('scan f64', 'JS loop', await measure(() => {}, () => {
    let acc = 0
    for (let i = 0; i < N; i++) out[i] = acc += f64[i]!
  }))
  record('copy f64', 'JS loop', await measure(() => {}, () => out.set(f64)))
  record('filter f64 (half kept)', 'JS loop', await measure(() => {}, () => {
    let kept = 0
    for (let i = 0; i < N; i++) { const x = f64[i]!; if (x < 0.5) out[kept++] = x }
  }))
  record('filter f64 (half kept)', 'V8', await measure(() => {}, () => f64.filter((x) => x < 0.5)))
}

// C++ on this machine.
const native = buildNative('algorithms')
if (native) {
  const c = (threads: number, command: string, n = N): number => native(threads, [command, String(n)])
  for (const threads of threadCounts) {
    record('sort f64', `gnu parallel ${threads} thr`, c(threads, 'gnu-sort-f64'))
    record('sort u32', `gnu parallel ${threads} thr`, c(threads, 'gnu-sort-u32'))
  }
  record('sort f64', 'std::sort', c(1, 'std-sort-f64'))
  record('sort f64', 'C radix', c(1, 'radix-f64'))
  record('sort u32', 'std::sort', c(1, 'std-sort-u32'))
  record('sort u32', 'C radix', c(1, 'radix-u32'))
  record('scan f64', 'C loop', c(1, 'scan-f64'))
  record('copy f64', 'C memcpy', c(1, 'copy-f64'))
  record('filter f64 (half kept)', 'C loop', c(1, 'filter-f64'))
}

// sabre, on each thread count.
for (const threads of threadCounts) {
  const engine = await Engine.start({ threads, memory: { maximumBytes: 2 ** 31 } })
  const col = `sabre ${threads} thr`
  const [g, v, out] = [engine.alloc(Float64Array, N), engine.alloc(Uint32Array, N), engine.alloc(Float64Array, N)]
  const [k, idx] = [engine.alloc(Float64Array, N_ARGSORT), engine.alloc(Uint32Array, N_ARGSORT)]
  record('sort f64', col, await measure(() => g.set(f64), () => engine.sort(g)))
  record('sort u32', col, await measure(() => v.set(u32), () => engine.sort(v)))
  // The argsort's copy of the keys and its index fill are timed: the V8 line needs neither.
  record('sortByKey f64→u32', col, await measure(() => {}, () => {
    k.set(keys)
    for (let i = 0; i < N_ARGSORT; i++) idx[i] = i
    return engine.sortByKey(k, idx)
  }))
  g.set(f64)
  record('scan f64', col, await measure(() => {}, () => engine.scan(g, out)))
  record('filter f64 (half kept)', col, await measure(() => {}, () => engine.filter(g, out, { op: '<', value: 0.5 })))
  // The bandwidth line: the copy kernel the sort uses to copy its scratch back, over the same blocks.
  const block = Math.ceil(N / 256) * 8
  const copy = engine as unknown as Engine<typeof allKernels>
  record('copy f64', col, await measure(() => {}, () => copy.parallelFor('copyBlocks', Math.ceil(N * 8 / block), [g.byteOffset, out.byteOffset, N * 8, block])))
  await engine.close()
}

const columns = [...new Set(Object.values(rows).flatMap((row) => Object.keys(row)))]
console.log(table([
  [`ms (n = ${N.toLocaleString('en')}; sortByKey ${N_ARGSORT.toLocaleString('en')})`, ...columns],
  ...Object.entries(rows).map(([name, row]) => [name, ...columns.map((column) => (row[column] === undefined ? '' : ms(row[column]!)))]),
]))

const two = `sabre ${Math.max(...threadCounts)} thr`
const ratio = (row: string, over: string, of = two): number => rows[row]![over]! / rows[row]![of]!
const targets: [string, number, string][] = [
  ['sort f64: V8 / sabre', ratio('sort f64', 'V8'), '>= 10'],
  ['sort f64: gnu parallel / sabre (same threads)', ratio('sort f64', `gnu parallel ${Math.max(...threadCounts)} thr`), '>= 3'],
  ['sort u32: sabre / C radix (serial)', 1 / ratio('sort u32', 'C radix'), '<= 1.2'],
  ['sortByKey: V8 comparator argsort / sabre', ratio('sortByKey f64→u32', 'V8'), '>= 20'],
  ['scan f64: JS loop / sabre', ratio('scan f64', 'JS loop'), '>= 1'],
  ['scan f64: sabre bandwidth / copy kernel bandwidth (bytes read and written: scan 16 B, copy 16 B an element)', rows['copy f64']![two]! / rows['scan f64']![two]!, '>= 0.8 if the first misses'],
  ['filter f64: sabre / JS loop', 1 / ratio('filter f64 (half kept)', 'JS loop'), '<= 0.3'],
].filter(([, value]) => Number.isFinite(value)) as [string, number, string][]
console.log(`\ntargets (issue 22), ${two}:`)
console.log(table([['ratio', 'measured', 'target'], ...targets.map(([name, value, target]) => [name, value.toFixed(2), target])]))

mkdirSync(new URL('./results/', import.meta.url), { recursive: true })
writeFileSync(new URL('./results/algorithms.json', import.meta.url), JSON.stringify({ machine, runs: RUNS, n: N, nArgsort: N_ARGSORT, threads: threadCounts, rows, targets }, null, 2))
