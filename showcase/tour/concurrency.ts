// Step 1: concurrency without parallelism. Several async tasks on the one JS
// thread take turns; the event loop interleaves them, and no two ever run at
// the same instant — JavaScript's counterpart of Python's GIL.

import { setImmediate as yieldToLoop } from 'node:timers/promises'
import { renderTimeline } from '../../src/trace/timeline.js'
import type { TraceRecord } from '../../src/trace/records.js'
import type { Step } from './step.js'

/** Busy-works for `ms` on this thread. */
function work(ms: number): void {
  const end = performance.now() + ms
  while (performance.now() < end);
}

export const concurrency: Step = {
  title: 'Concurrency without parallelism',
  text: 'Four async tasks each do eight slices of CPU work, awaiting between slices. They are concurrent ' +
    '(all in progress at once) but never simultaneous: the one JavaScript thread runs one slice at a time, and ' +
    'the event loop decides whose turn it is. This is what Python\'s GIL does to threads: time-slicing on one core.',
  async run({ quick }) {
    const slice = quick ? 1 : 3
    const records: TraceRecord[] = []
    const origin = performance.now()
    const task = async (name: string) => {
      for (let i = 0; i < 8; i++) {
        const start = performance.now() - origin
        work(slice)
        records.push({ worker: 0, kernel: name, begin: i, end: i + 1, startMs: start, endMs: performance.now() - origin })
        await yieldToLoop()
      }
    }
    await Promise.all(['task A', 'task B', 'task C', 'task D'].map(task))
    const total = performance.now() - origin
    const busy = records.reduce((sum, r) => sum + r.endMs - r.startMs, 0)
    return {
      tables: [],
      figures: [{ caption: 'four async tasks on one thread: interleaved, one lane', svg: renderTimeline(records, { title: 'concurrency: 4 tasks, 1 thread', laneNames: ['main thread'] }) }],
      findings: [`4 tasks × 8 slices of ${slice} ms: ${total.toFixed(1)} ms wall, ${busy.toFixed(1)} ms of work — the work adds up, nothing overlaps.`],
    }
  },
}
