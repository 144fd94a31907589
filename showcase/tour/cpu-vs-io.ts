// Step 3: CPU-bound vs I/O-bound. Waiting overlaps for free on one thread;
// computing does not, until it moves to workers.

import { setTimeout as sleep } from 'node:timers/promises'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { JsPool } from '../../src/pools/js-pool.js'
import { cpuVsIoFinding } from './findings.js'
import type { Step } from './step.js'
import { spin } from './tasks.js'

export const cpuVsIo: Step = {
  title: 'CPU-bound vs I/O-bound',
  text: 'Eight tasks that wait (timers, file reads) finish together when awaited concurrently on one thread: ' +
    'waiting costs no CPU, so async I/O overlaps for free. Eight tasks that compute take eight times as long the same ' +
    'way: async does nothing for CPU work. Moved to workers, the same computing tasks run in parallel.',
  async run({ threads, quick }) {
    const unit = quick ? 10 : 40
    const time = async (fn: () => Promise<unknown>) => {
      const started = performance.now()
      await fn()
      return performance.now() - started
    }
    const self = fileURLToPath(import.meta.url)
    const io = await time(() => Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? sleep(unit) : readFile(self).then(() => sleep(unit))))))
    const cpuAsync = await time(() => Promise.all(Array.from({ length: 8 }, async () => { await null; spin(unit) })))
    // The same busy loop, on workers: like for like.
    const pool = await JsPool.start(new URL('./tasks.js', import.meta.url), { threads })
    let cpuWorkers: number
    try {
      await pool.map('spin', [1])
      cpuWorkers = await time(() => pool.map('spin', Array(8).fill(unit), { chunksize: 1 }))
    } finally {
      pool.close()
      await pool.join()
    }
    return {
      tables: [[
        ['8 tasks', 'how', 'ms', 'one task ms'],
        ['I/O (timers, file reads)', 'async, one thread', io.toFixed(1), String(unit)],
        ['CPU (busy loop)', 'async, one thread', cpuAsync.toFixed(1), String(unit)],
        ['CPU (the same busy loop)', `${threads} workers`, cpuWorkers.toFixed(1), String(unit)],
      ]],
      figures: [],
      findings: [cpuVsIoFinding(unit, io, cpuAsync, cpuWorkers, threads)],
    }
  },
}
