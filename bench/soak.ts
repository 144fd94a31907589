// bench/soak: the long versions of the reliability tests. Prints what ran,
// what was injected and survived, and memory and threads before and after.
//   1. 100 000 parallel regions back to back
//   2. 1 000 000 Pool tasks (100 maps of 10 000 items)
//   3. 200 engine start/close cycles, then a child process that must exit by itself
//   4. 60 faults (trap, worker killed mid-region, worker killed idle, hang + timeout), each followed by a checked call

import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import os from 'node:os'
import { Engine, KernelError, Pool, TimeoutError, WorkerError } from '../src/index.js'
import type { Team } from '../src/team/team.js'
import { table } from '../src/format/table.js'
import type { allKernels } from '../src/kernels/catalog.js'

/** The engine typed with the internal kernels (trap, hang) the fault steps run. */
const internal = (engine: Engine): Engine<typeof allKernels> => engine as unknown as Engine<typeof allKernels>

const threads = os.availableParallelism()
const threadCount = (): number => (existsSync('/proc/self/task') ? readdirSync('/proc/self/task').length : NaN)
const rssMiB = (): number => process.memoryUsage().rss / 2 ** 20
const settle = async (): Promise<void> => {
  await new Promise((resolve) => setTimeout(resolve, 200))
  ;(globalThis as { gc?: () => void }).gc?.()
}

interface Row { step: string; count: number; seconds: number; rssBefore: number; rssAfter: number; threadsBefore: number; threadsAfter: number; note: string }
const rows: Row[] = []

async function step(name: string, count: number, body: () => Promise<string>): Promise<void> {
  await settle()
  const [rssBefore, threadsBefore, started] = [rssMiB(), threadCount(), performance.now()]
  const note = await body()
  const seconds = (performance.now() - started) / 1000
  await settle()
  rows.push({ step: name, count, seconds, rssBefore, rssAfter: rssMiB(), threadsBefore, threadsAfter: threadCount(), note })
  console.error(`  ${name}: ${seconds.toFixed(1)} s`)
}

const engine = await Engine.start({ threads })
await engine.reduce('countPrimes', 1000) // warm: the first region allocates what every later one reuses

await step('parallel regions', 100_000, async () => {
  const image = engine.alloc(Uint32Array, 64 * 64)
  for (let i = 0; i < 100_000; i++) await engine.parallelFor('mandelbrot', 64, [image, 64, 64, -2, -1, 1, 1, 16], { chunk: 8 })
  const ok = (await engine.reduce('countPrimes', 10_000)) === 1229
  engine.free(image)
  return ok ? 'results checked' : 'WRONG RESULT'
})

await step('Pool tasks', 1_000_000, async () => {
  const pool = new Pool(engine)
  const items = Float64Array.from({ length: 10_000 }, (_, i) => i)
  let wrong = 0
  for (let round = 0; round < 100; round++) {
    const results = await pool.map('square', items)
    for (let i = 0; i < results.length; i++) if (results[i] !== i * i) wrong++
  }
  await pool.close()
  return wrong === 0 ? 'every result checked' : `${wrong} WRONG RESULTS`
})

await step('start/close cycles', 200, async () => {
  for (let i = 0; i < 200; i++) {
    const e = await Engine.start({ threads: 2 })
    if ((await e.reduce('countPrimes', 1000)) !== 168) throw new Error('wrong result')
    await e.close()
  }
  const started = performance.now()
  const child = spawnSync(process.execPath, ['--input-type=module', '-e',
    `import { Engine } from ${JSON.stringify(new URL('../src/index.js', import.meta.url).href)}
     for (let i = 0; i < 20; i++) { const e = await Engine.start({ threads: 2 }); await e.reduce('countPrimes', 1000); await e.close() }`], { timeout: 60_000 })
  return `then a child process of 20 cycles exited by itself with code ${child.status} in ${((performance.now() - started) / 1000).toFixed(1)} s`
})

await step('faults injected', 60, async () => {
  const team = (engine as unknown as { team: Team }).team
  const flag = engine.alloc(Int32Array, 1)
  const kept = engine.alloc(Uint32Array, 1 << 20)
  kept.forEach((_, i) => { kept[i] = i ^ 0x5a5a5a5a })
  const survived = { trap: 0, 'kill mid-region': 0, 'kill idle': 0, 'hang + timeout': 0 }
  for (let i = 0; i < 60; i++) {
    const kind = (['trap', 'kill mid-region', 'kill idle', 'hang + timeout'] as const)[i % 4]!
    let error: unknown
    if (kind === 'trap') error = await internal(engine).parallelFor('trap', 100_000, [i % 3, 54_321], { chunk: 500 }).catch((e: unknown) => e)
    if (kind === 'kill mid-region') {
      const call = internal(engine).parallelFor('hang', 64, [flag, 0], { chunk: 1 })
      await new Promise((resolve) => setTimeout(resolve, 20))
      await team.killWorker(i % threads)
      error = await call.catch((e: unknown) => e)
    }
    if (kind === 'kill idle') {
      await team.killWorker(i % threads)
      error = new WorkerError('(idle)')
    }
    if (kind === 'hang + timeout') error = await internal(engine).parallelFor('hang', threads, [flag, 0], { timeoutMs: 50 }).catch((e: unknown) => e)
    const expected = kind === 'trap' ? KernelError : kind === 'hang + timeout' ? TimeoutError : WorkerError
    const next = await engine.reduce('countPrimes', 10_000)
    if (error instanceof expected && next === 1229) survived[kind]++
  }
  const intact = kept.every((v, i) => v === ((i ^ 0x5a5a5a5a) >>> 0))
  engine.free(kept)
  engine.free(flag)
  const total = Object.values(survived).reduce((a, b) => a + b, 0)
  return `${total}/60 survived (${Object.entries(survived).map(([k, v]) => `${k} ${v}/15`).join(', ')}); ` +
    `${engine.replacedWorkers} workers replaced; 4 MiB of data ${intact ? 'intact' : 'CORRUPTED'}`
})
await engine.close()

console.log(`bench/soak: ${threads} workers, Node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'}`)
console.log(table([
  ['step', 'count', 's', 'RSS before MiB', 'RSS after MiB', 'threads before', 'threads after', 'note'],
  ...rows.map((r) => [r.step, String(r.count), r.seconds.toFixed(1), r.rssBefore.toFixed(0), r.rssAfter.toFixed(0), String(r.threadsBefore), String(r.threadsAfter), r.note]),
]))
