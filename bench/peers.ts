// bench/peers: sabre against its peers and against the machine, in one run.
//   1. A CPU-bound JS task (fibonacci(25)) on piscina, tinypool, workerpool,
//      the threads.js Pool and sabre's JsPool, and the same task as a wasm
//      kernel on sabre's Pool; a trivial task (x²) on all of them.
//   2. The native line: mandelbrot and matmulF64 in C (gcc -O3, and
//      -fopenmp on every core) against sabre's wasm kernels on 1 and N
//      workers. Skipped, with a message, where gcc is missing.
// Writes bench/results.json and bench/results/peers.svg; prints the ratios.

import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { median } from '../src/format/measure.js'
import { table } from '../src/format/table.js'
import { Engine, JsPool, Pool, type ItemKernel } from '../src/index.js'
import { buildNative } from './native.js'
import { peerContenders, type Contender } from './peers/contenders.js'

const RUNS = 5
const threads = os.availableParallelism()
const FIB = 25

function sabreContenders(file: string, jsMethod: string, kernel: ItemKernel): Contender[] {
  let engine: Engine, pool: Pool, jsPool: JsPool
  return [
    {
      name: 'sabre Pool (wasm kernel)',
      async start() { engine = await Engine.start({ threads }); pool = new Pool(engine) },
      batch: (items) => pool.map(kernel, items),
      one: (x) => pool.apply(kernel, [x]),
      async stop() { await engine.close() },
    },
    {
      name: 'sabre JsPool (same JS function)',
      async start() { jsPool = await JsPool.start(new URL(`./peers/${file}`, import.meta.url), { threads }) },
      batch: (items) => jsPool.map(jsMethod, items),
      one: (x) => jsPool.apply(jsMethod, [x]),
      async stop() { jsPool.close(); await jsPool.join() },
    },
  ]
}

/** tasks/s of each contender on `items`, median of RUNS batches. */
async function throughput(contenders: Contender[], items: number[], tasksFor: (name: string) => number): Promise<Record<string, number>> {
  const rates: Record<string, number> = {}
  for (const contender of contenders) {
    await contender.start()
    const batch = items.slice(0, tasksFor(contender.name))
    await contender.batch(batch.slice(0, 50)) // warm up
    const samples: number[] = []
    for (let r = 0; r < RUNS; r++) {
      const started = performance.now()
      await contender.batch(batch)
      samples.push(batch.length / ((performance.now() - started) / 1000))
    }
    await contender.stop()
    rates[contender.name] = median(samples)
    process.stdout.write(`  ${contender.name}: ${Math.round(rates[contender.name]!).toLocaleString('en-US')} tasks/s\n`)
  }
  return rates
}

console.log(`sabre vs peers and native: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${threads} workers, Node ${process.version}; medians of ${RUNS}\n`)
console.log(`CPU-bound task: fibonacci(${FIB})`)
const cpu = await throughput([...peerContenders('fib-worker.js', 'fibonacci', threads), ...sabreContenders('fib-worker.js', 'default', 'fibonacci')],
  Array(400).fill(FIB), (name) => (name === 'threads.js Pool' ? 100 : 400))
console.log('\ntrivial task: x²')
const trivial = await throughput([...peerContenders('square-worker.js', 'square', threads), ...sabreContenders('square-worker.js', 'default', 'square')],
  Array.from({ length: 20_000 }, (_, i) => i % 1000), (name) => (name === 'threads.js Pool' ? 1_000 : 20_000))

// The native line.
interface NativeRow { kernel: string; variant: string; ms: number }
const native: NativeRow[] = []
const run = buildNative()
const nativeNote = run ? '' : 'native line skipped (see above)'
for (const [kernel, args] of run ? [['mandelbrot', ['mandelbrot', '1024', '256']], ['matmulF64', ['matmul', '512']]] as const : []) {
  native.push({ kernel, variant: 'C -O3, 1 thread', ms: run!(1, args) })
  native.push({ kernel, variant: `C -O3 -fopenmp, ${threads} threads`, ms: run!(threads, args) })
}

const wasmRows: NativeRow[] = []
for (const t of [...new Set([1, threads])]) {
  const engine = await Engine.start({ threads: t })
  const image = engine.alloc(Uint32Array, 1024 * 1024)
  const [a, b, c] = [0, 1, 2].map(() => engine.alloc(Float64Array, 512 * 512)) as [Float64Array, Float64Array, Float64Array]
  a.forEach((_, i) => { a[i] = (i % 7) * 0.5 - 1; b[i] = (i % 5) * 0.25 - 0.5 })
  const cases = [
    ['mandelbrot', () => engine.parallelFor('mandelbrot', 1024, [image, 1024, 1024, -2.2, -1.2, 0.8, 1.2, 256], { schedule: 'dynamic', chunk: 4 })],
    ['mandelbrotSimd', () => engine.parallelFor('mandelbrotSimd', 1024, [image, 1024, 1024, -2.2, -1.2, 0.8, 1.2, 256], { schedule: 'dynamic', chunk: 4 })],
    ['matmulF64', () => engine.parallelFor('matmulF64', 512, [a, b, c, 512], { schedule: 'dynamic', chunk: 8 })],
    ['matmulF64Simd', () => engine.parallelFor('matmulF64Simd', 512, [a, b, c, 512], { schedule: 'dynamic', chunk: 8 })],
  ] as const
  for (const [kernel, run] of cases) {
    await run()
    const samples: number[] = []
    for (let r = 0; r < 7; r++) {
      const started = performance.now()
      await run()
      samples.push(performance.now() - started)
    }
    wasmRows.push({ kernel: kernel.replace('Simd', ''), variant: `sabre ${kernel}, ${t} worker${t > 1 ? 's' : ''}`, ms: median(samples) })
  }
  await engine.close()
}

console.log(`\n${table([
  ['task', 'pool', 'tasks/s', 'sabre Pool / peer'],
  ...(['fibonacci(25)', 'x²'] as const).flatMap((task) => {
    const rates = task === 'x²' ? trivial : cpu
    const sabre = rates['sabre Pool (wasm kernel)']!
    return Object.entries(rates).map(([name, rate]) => [task, name, Math.round(rate).toLocaleString('en-US'), `${(sabre / rate).toFixed(2)}×`])
  }),
])}\n`)
console.log(table([
  ['kernel', 'variant', 'ms', 'vs C -O3 1 thread', 'vs C OpenMP'],
  ...[...native, ...wasmRows].map((row) => {
    const serial = native.find((n) => n.kernel === row.kernel && n.variant.startsWith('C -O3,'))
    const omp = native.find((n) => n.kernel === row.kernel && n.variant.includes('openmp'))
    const ratio = (base?: NativeRow) => (base ? `${(base.ms / row.ms).toFixed(2)}×` : '—')
    return [row.kernel, row.variant, row.ms.toFixed(1), ratio(serial), ratio(omp)]
  }),
]))
console.log('vs columns: native time / this time (above 1: faster than native).')

// A chart of speed relative to C -O3 on one thread, and the JSON.
const results = { machine: `${os.cpus()[0]?.model}, ${threads} cores, Node ${process.version}`, cpu, trivial, native, wasm: wasmRows, nativeNote }
const bars = [...native, ...wasmRows].map((row) => {
  const serial = native.find((n) => n.kernel === row.kernel && n.variant.startsWith('C -O3,'))
  return { label: `${row.kernel}: ${row.variant}`, value: serial ? serial.ms / row.ms : 0 }
})
const width = 760
const svg = [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${bars.length * 22 + 40}" font-family="sans-serif" font-size="11">`,
  '<title>speed relative to C -O3 on one thread</title>',
  ...bars.map((bar, i) => `<text x="330" y="${24 + i * 22}" text-anchor="end">${bar.label}</text>` +
    `<rect x="336" y="${12 + i * 22}" width="${(bar.value * 120).toFixed(1)}" height="16" fill="${bar.label.includes('sabre') ? '#4e79a7' : '#bab0ac'}"/>` +
    `<text x="${340 + bar.value * 120}" y="${24 + i * 22}">${bar.value.toFixed(2)}×</text>`),
  '</svg>'].join('\n')
const out = new URL('../../bench/', import.meta.url)
mkdirSync(new URL('results/', out), { recursive: true })
writeFileSync(new URL('results.json', out), JSON.stringify(results, null, 2))
writeFileSync(new URL('results/peers.svg', out), svg)
console.log(`wrote ${new URL('results.json', out).pathname} and ${new URL('results/peers.svg', out).pathname}`)
