// A plain JavaScript worker for the race lab: the lost-update race without
// WebAssembly, on an Int32Array, to show the race is not a wasm artefact.

import { expose } from 'threads/worker'
import { Barrier } from '../sync/barrier.js'
import { Mutex } from '../sync/mutex.js'
import { LAB_BARRIER, LAB_COUNTER, LAB_MUTEX } from './lab-block.js'

export type JsFix = 'none' | 'atomic' | 'mutex' | 'private'

export interface JsRaceApi {
  /** Runs `iterations` increments as logical thread `thread` once every party has arrived. */
  count(lab: Int32Array, fix: JsFix, iterations: number, thread: number): Promise<void>
}

const api: JsRaceApi = {
  async count(lab, fix, iterations, thread) {
    new Barrier(lab, LAB_BARRIER).wait(10_000)
    switch (fix) {
      case 'none':
        // Read, add, write: another thread's write between our read and write is lost.
        for (let i = 0; i < iterations; i++) lab[LAB_COUNTER] = lab[LAB_COUNTER]! + 1
        break
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

expose(api as unknown as Record<string, (...args: never[]) => unknown>)
