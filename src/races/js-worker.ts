// A plain JavaScript worker for the race lab: the lost-update race without
// WebAssembly, on an Int32Array, to show the race is not a wasm artefact.

import { exposeApi } from '../worker/expose.js'
import { Barrier } from '../sync/barrier.js'
import { Mutex } from '../sync/mutex.js'
import {
  LAB_BARRIER, LAB_COUNTER, LAB_LOG_NEXT, LAB_LOG_RECORDS, LAB_MUTEX, LAB_OVERLAPS, LAB_READY, LAB_TICKS, LAB_WORDS, LOG_RECORD_WORDS, TICK_BLOCK,
} from '../kernels/lab-block.js'

/** Longest spin at the start line, ms. */
const START_SPIN_MS = 20

export type JsFix = 'none' | 'atomic' | 'mutex' | 'private'

export interface JsRaceApi {
  /** Runs `iterations` increments as logical thread `thread` once every party has arrived. */
  count(lab: Int32Array, fix: JsFix, iterations: number, thread: number): Promise<void>
}

/** Appends a progress record after a block, as assembly/races.ts's `record` does. */
function record(lab: Int32Array, thread: number, done: number, read: number, wrote: number): void {
  const capacity = lab[LAB_LOG_RECORDS]!
  if (capacity <= 0) return
  const slot = Atomics.add(lab, LAB_LOG_NEXT, 1)
  if (slot >= capacity) return
  lab.set([thread, done, read, wrote], LAB_WORDS + slot * LOG_RECORD_WORDS)
}

/** Runs `iterations` in blocks of TICK_BLOCK: `block(n)` does n of them, then `after(done)` records. */
function inBlocks(iterations: number, block: (n: number) => void, after: (done: number) => void): void {
  for (let done = 0; done < iterations; done += TICK_BLOCK) {
    const n = Math.min(TICK_BLOCK, iterations - done)
    block(n)
    after(done + n)
  }
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
        // Ticks as assembly/races.ts does, so the lab knows the threads overlapped;
        // each block's last increment is written out to record what it read and wrote.
        let mark = Atomics.load(lab, LAB_TICKS)
        let read = 0
        inBlocks(iterations, (n) => {
          for (let i = 1; i < n; i++) lab[LAB_COUNTER] = lab[LAB_COUNTER]! + 1
          read = lab[LAB_COUNTER]!
          lab[LAB_COUNTER] = read + 1
        }, (done) => {
          record(lab, thread, done, read, read + 1)
          const before = Atomics.add(lab, LAB_TICKS, 1)
          if (before !== mark) Atomics.add(lab, LAB_OVERLAPS, 1)
          mark = before + 1
        })
        break
      }
      case 'atomic': {
        let read = 0
        inBlocks(iterations, (n) => {
          for (let i = 1; i < n; i++) Atomics.add(lab, LAB_COUNTER, 1)
          read = Atomics.add(lab, LAB_COUNTER, 1)
        }, (done) => record(lab, thread, done, read, read + 1))
        break
      }
      case 'mutex': {
        const mutex = new Mutex(lab, LAB_MUTEX, { owner: thread + 1 })
        let read = 0
        inBlocks(iterations, (n) => {
          for (let i = 0; i < n; i++) {
            mutex.lock()
            read = lab[LAB_COUNTER]!
            lab[LAB_COUNTER] = read + 1
            mutex.unlock()
          }
        }, (done) => record(lab, thread, done, read, read + 1))
        break
      }
      case 'private': {
        let mine = 0
        inBlocks(iterations, (n) => {
          for (let i = 0; i < n; i++) mine++
        }, (done) => { if (done < iterations) record(lab, thread, done, -1, -1) })
        const read = Atomics.add(lab, LAB_COUNTER, mine)
        record(lab, thread, iterations, read, read + mine)
        break
      }
    }
  },
}

exposeApi(api)
