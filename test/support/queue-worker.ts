// A worker for the Queue tests: the blocking producer and consumer sides.

import { expose } from 'threads/worker'
import { PipeEnd, Queue } from '../../src/pools/queue.js'

export interface QueueWorkerApi {
  /** Puts producer * 1e6 + i for i in [0, count). */
  produce(buffer: SharedArrayBuffer, producer: number, count: number): Promise<void>
  /** Gets until it takes a negative sentinel; returns what it took, in order. */
  consume(buffer: SharedArrayBuffer): Promise<Float64Array>
  /** Puts each value (blocking while full); resolves when all are in. */
  putAll(buffer: SharedArrayBuffer, values: number[]): Promise<void>
  /** Answers each number received on the pipe end with its square, until it receives -1. */
  squareServer(end: readonly [SharedArrayBuffer, SharedArrayBuffer]): Promise<number>
}

const api: QueueWorkerApi = {
  async produce(buffer, producer, count) {
    const queue = new Queue(buffer)
    for (let i = 0; i < count; i++) queue.put(producer * 1e6 + i, 10_000)
  },
  async consume(buffer) {
    const queue = new Queue(buffer)
    const taken: number[] = []
    for (let value = queue.get(10_000); value >= 0; value = queue.get(10_000)) taken.push(value)
    return Float64Array.from(taken)
  },
  async putAll(buffer, values) {
    const queue = new Queue(buffer)
    for (const value of values) queue.put(value, 10_000)
  },
  async squareServer(buffers) {
    const end = PipeEnd.attach(buffers)
    let served = 0
    for (let x = end.recv(10_000); x !== -1; x = end.recv(10_000), served++) end.send(x * x)
    return served
  },
}

expose(api as unknown as Record<string, (...args: never[]) => unknown>)
