// A plain JavaScript worker for the race lab: the lost-update race without
// WebAssembly, on an Int32Array, to show the race is not a wasm artefact.

import { exposeApi } from '../worker/expose.js'
import { Barrier } from '../sync/barrier.js'
import { Mutex } from '../sync/mutex.js'
import { LAB_BARRIER, LAB_COUNTER, LAB_MUTEX, LAB_OVERLAPS, LAB_READY, LAB_TICKS, TICK_BLOCK } from '../kernels/lab-block.js'

/** Longest spin at the start line, ms. */
const START_SPIN_MS = 20

export type JsFix = 'none' | 'atomic' | 'mutex' | 'private'

export interface JsRaceApi {
  /** Runs `iterations` increments as logical thread `thread` once every party has arrived. */
  count(lab: Int32Array, fix: JsFix, iterations: number, thread: number): Promise<void>
}

const api: JsRaceApi = {
  async count(lab, fix, iterations, thread) {
    // Spin at the start line until every thread is there (as assembly/races.ts
    // does): a thread asleep in the barrier wakes ~0.1 ms late, when the other's
    // fast JS loop may already be done.
    const barrier = new Barrier(lab, LAB_BARRIER)
    const spinUntil = performance.now() + START_SPIN_MS
    Atomics.add(lab, LAB_READY, 1)
    while (Atomics.load(lab, LAB_READY) < barrier.parties && performance.now() < spinUntil);
    barrier.wait(10_000)
    switch (fix) {
      case 'none': {
        // Read, add, write: another thread's write between our read and write is lost.
        // Ticks as assembly/races.ts does, so the lab knows the threads overlapped.
        let mark = Atomics.load(lab, LAB_TICKS)
        for (let done = 0; done < iterations; done += TICK_BLOCK) {
          const block = Math.min(TICK_BLOCK, iterations - done)
          for (let i = 0; i < block; i++) lab[LAB_COUNTER] = lab[LAB_COUNTER]! + 1
          const before = Atomics.add(lab, LAB_TICKS, 1)
          if (before !== mark) Atomics.add(lab, LAB_OVERLAPS, 1)
          mark = before + 1
        }
        break
      }
      case 'atomic':
        for (let i = 0; i < iterations; i++) Atomics.add(lab, LAB_COUNTER, 1)
        break
      case 'mutex': {
        const mutex = new Mutex(lab, LAB_MUTEX, { owner: thread + 1 })
        for (let i = 0; i < iterations; i++) {
          mutex.lock()
          lab[LAB_COUNTER] = lab[LAB_COUNTER]! + 1
          mutex.unlock()
        }
        break
      }
      case 'private': {
        let mine = 0
        for (let i = 0; i < iterations; i++) mine++
        Atomics.add(lab, LAB_COUNTER, mine)
        break
      }
    }
  },
}

exposeApi(api)
