// `npm run bench`: kernels × threads (1 … available cores) × {wasm, wasm-simd,
// js}, medians of RUNS warm runs, speedups over 1 thread measured in the same
// run, the cost of one empty parallel region, and each kernel's cold first
// call. Prints tables and writes bench/results/kernels.json.
//
// Warm-up: every engine boot calls each kernel once on an empty range, and
// each measurement here runs one untimed call first, so V8 has compiled the
// kernel with its optimizing tier (see docs/design.md, "Wasm performance notes").

import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { Engine } from '../src/engine/engine.js'
import { median, time } from '../src/format/measure.js'
import { ms, table } from '../src/format/table.js'
import { workloads } from '../showcase/workloads.js'
import { SCHEDULES } from '../src/region/schedule.js'

const RUNS = 7
const EMPTY_BATCH = 10_000
const EMPTY_BATCHES = 5

const cores = os.availableParallelism()
const threadCounts = Array.from({ length: cores }, (_, i) => i + 1)
const machine = `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${cores} cores, Node ${process.version}, ${os.platform()} ${os.arch()}`
console.log(`sabre kernel bench: ${machine}`)
console.log(`median of ${RUNS} warm runs; threads 1..${cores}\n`)

const list = workloads(1)

// The JS reference, on ordinary arrays, on the main thread.
const js = new Map<string, number>()
for (const workload of list) js.set(workload.label, (await time(() => workload.reference(), RUNS)).ms)

const wasm = new Map<string, number[]>()
const cold = new Map<string, number>()
const empty: Record<string, number[]> = {}
for (const threads of threadCounts) {
  const engine = await Engine.start({ threads })
  for (const workload of list) {
    const prepared = workload.prepare(engine)
    if (threads === 1) {
      const started = performance.now()
      await prepared.run()
      cold.set(workload.label, performance.now() - started)
    }
    const { ms: elapsed } = await time(() => prepared.run(), RUNS)
    wasm.set(workload.label, [...(wasm.get(workload.label) ?? []), elapsed])
    prepared.free()
  }
  for (const schedule of SCHEDULES) {
    const perRegion: number[] = []
    for (let batch = 0; batch < EMPTY_BATCHES; batch++) {
      const started = performance.now()
      for (let i = 0; i < EMPTY_BATCH; i++) await engine.parallelFor('noop', threads, [], { schedule })
      perRegion.push(((performance.now() - started) * 1000) / EMPTY_BATCH)
    }
    ;(empty[schedule] ??= []).push(median(perRegion))
  }
  await engine.close()
}

const header = ['kernel', 'JS ms', ...threadCounts.map((t) => `${t} thr ms`), ...threadCounts.slice(1).map((t) => `×${t}`), 'wasm/JS', 'cold ms']
const rows = list.map((workload) => {
  const times = wasm.get(workload.label)!
  return [
    workload.label, ms(js.get(workload.label)!), ...times.map(ms),
    ...times.slice(1).map((t) => `${(times[0]! / t).toFixed(2)}`),
    `${(js.get(workload.label)! / times[0]!).toFixed(2)}`, ms(cold.get(workload.label)!),
  ]
})
console.log(table([header, ...rows]))
console.log('×t: speedup of t threads over 1 thread. wasm/JS: JS time / 1-thread wasm time. cold: the first call on a fresh 1-thread engine.\n')

console.log(table([
  ['empty parallel region', ...threadCounts.map((t) => `${t} thr µs`)],
  ...SCHEDULES.map((schedule) => [schedule, ...empty[schedule]!.map((us) => us.toFixed(2))]),
]))
console.log(`median over ${EMPTY_BATCHES} batches of ${EMPTY_BATCH} back-to-back parallelFor('noop', threads) calls\n`)

mkdirSync(new URL('./results/', import.meta.url), { recursive: true })
const results = {
  machine, runs: RUNS, threads: threadCounts,
  kernels: list.map((workload) => ({
    label: workload.label, kernel: workload.kernel, jsMs: js.get(workload.label),
    wasmMs: wasm.get(workload.label), coldMs: cold.get(workload.label),
  })),
  emptyRegionUs: empty,
}
const out = new URL('./results/kernels.json', import.meta.url)
writeFileSync(out, JSON.stringify(results, null, 2))
console.log(`wrote ${out.pathname}`)
