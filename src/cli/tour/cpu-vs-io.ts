// Step 3: CPU-bound vs I/O-bound. Waiting overlaps for free on one thread;
// computing does not, until it moves to workers.

import { setTimeout as sleep } from 'node:timers/promises'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { Executor } from '../../executor.js'
import type { Step } from './step.js'

function spin(ms: number): void {
  const end = performance.now() + ms
  while (performance.now() < end);
}

export const cpuVsIo: Step = {
  title: 'CPU-bound vs I/O-bound',
  text: 'Eight tasks that wait (timers, file reads) finish together when awaited concurrently on one thread: ' +
    'waiting costs no CPU, so async I/O overlaps for free. Eight tasks that compute take eight times as long the same ' +
    'way: async does nothing for CPU work. Moved to workers, the computing tasks run in parallel.',
  async run({ engine, threads, quick }) {
    const unit = quick ? 10 : 40
    const time = async (fn: () => Promise<unknown>) => {
      const started = performance.now()
      await fn()
      return performance.now() - started
    }
    const self = fileURLToPath(import.meta.url)
    const io = await time(() => Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? sleep(unit) : readFile(self).then(() => sleep(unit))))))
    const cpuAsync = await time(() => Promise.all(Array.from({ length: 8 }, async () => { await null; spin(unit) })))
    // fibonacci(n) with a cost near `unit` ms, on the workers through an Executor.
    const n = quick ? 27 : 30
    const executor = new Executor(engine)
    const cpuWorkers = await time(() => Promise.all(Array.from({ length: 8 }, () => executor.submit('fibonacci', n))))
    const single = await time(() => Promise.resolve(executor.submit('fibonacci', n).result()))
    return {
      tables: [[
        ['8 tasks', 'how', 'ms', 'one task ms'],
        ['I/O (timers, file reads)', 'async, one thread', io.toFixed(1), String(unit)],
        ['CPU (busy loop)', 'async, one thread', cpuAsync.toFixed(1), String(unit)],
        [`CPU (fibonacci(${n}))`, `${threads} workers`, cpuWorkers.toFixed(1), single.toFixed(1)],
      ]],
      figures: [],
      findings: [
        `I/O: 8 waits took ${(io / unit).toFixed(1)}× one wait. CPU on one thread: ${(cpuAsync / unit).toFixed(1)}× one task. ` +
        `CPU on ${threads} workers: ${(cpuWorkers / single).toFixed(1)}× one task.`,
      ],
    }
  },
}
