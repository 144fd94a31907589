// `npm start`: every kernel on 1..N threads at realistic sizes, each result
// checked against its plain-JS reference, and a table of times and speedups.
//
//   npm start                  N = os.availableParallelism()
//   npm start -- --quick       smaller inputs, one timed run (for CI)
//   npm start -- --threads 4   N = 4

import os from 'node:os'
import { parseArgs } from 'node:util'
import { Engine } from '../engine.js'
import { raceTables } from './race-tables.js'
import { time } from './measure.js'
import { ms, table } from './table.js'
import { workloads } from './workloads.js'

const { values } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, threads: { type: 'string' } },
})
const cores = os.availableParallelism()
const maxThreads = values.threads === undefined ? cores : Number(values.threads)
if (!Number.isInteger(maxThreads) || maxThreads < 1) {
  console.error(`--threads must be an integer >= 1, got ${values.threads}`)
  process.exit(2)
}
const runs = values.quick ? 1 : 3
const list = workloads(values.quick ? 0.1 : 1)
const threadCounts = Array.from({ length: maxThreads }, (_, i) => i + 1)

console.log(`sabre: ${list.length} kernels on 1..${maxThreads} worker threads (${cores} cores: ${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version})`)
console.log(`Each time is the median of ${runs} run${runs > 1 ? 's' : ''} after one warm-up run; every result is checked against the plain-JS reference.\n`)

const jsTimes = new Map<string, { ms: number; result: unknown }>()
for (const workload of list) jsTimes.set(workload.label, await time(() => workload.reference(), runs))

const wasmTimes = new Map<string, number[]>()
const failures: string[] = []
for (const threads of threadCounts) {
  const engine = await Engine.start({ threads })
  for (const workload of list) {
    const prepared = workload.prepare(engine)
    const { ms: elapsed, result } = await time(() => prepared.run(), runs)
    if (!workload.agrees(result, jsTimes.get(workload.label)!.result)) failures.push(`${workload.label} on ${threads} threads`)
    prepared.free()
    wasmTimes.set(workload.label, [...(wasmTimes.get(workload.label) ?? []), elapsed])
  }
  await engine.close()
  process.stdout.write(`  ${threads} thread${threads > 1 ? 's' : ''} done\n`)
}

const header = ['kernel', 'JS ms', ...threadCounts.map((t) => `${t} thr ms`), `speedup ×${maxThreads}`, 'wasm/JS', 'check']
const rows = list.map((workload) => {
  const times = wasmTimes.get(workload.label)!
  const js = jsTimes.get(workload.label)!.ms
  const failed = failures.some((f) => f.startsWith(`${workload.label} `))
  return [
    workload.label, ms(js), ...times.map(ms), `${(times[0]! / times[times.length - 1]!).toFixed(2)}×`,
    `${(js / times[0]!).toFixed(2)}×`, failed ? 'FAIL' : 'ok',
  ]
})
console.log(`\n${table([header, ...rows])}\n`)
console.log(`speedup ×${maxThreads}: 1-thread time / ${maxThreads}-thread time. wasm/JS: JS reference time / wasm time on 1 thread (above 1: wasm is faster).`)
console.log('\nThe race lab: each scenario wrong on purpose (none), then each fix; `npm run races` for more runs.\n')
await raceTables(Math.max(2, Math.min(4, cores)), values.quick ? 1 : 3, console.log, values.quick ? 0.1 : 1)

if (failures.length > 0) {
  console.error(`\nResults that disagree with the reference: ${failures.join('; ')}`)
  process.exitCode = 1
}
