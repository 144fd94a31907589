import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { Pipe, Queue, TimeoutError } from '../../src/index.js'
import { spawnThread, type ThreadHandle } from '../../src/worker/spawn.js'
import type { QueueWorkerApi } from '../support/queue-worker.js'

const workerUrl = new URL('../support/queue-worker.js', import.meta.url)
const spawnWorkers = (count: number) => Promise.all(Array.from({ length: count }, (_, i) =>
  spawnThread<QueueWorkerApi>(workerUrl, `queue worker ${i}`, { timeoutMs: 10_000 })))
const stop = (workers: ThreadHandle<QueueWorkerApi>[]) => Promise.all(workers.map((w) => w.terminate()))

const test = suite('Queue')

test('FIFO on one thread; full and empty are reported, not waited for, by tryPut/tryGet', () => {
  const queue = Queue.create(4)
  for (const v of [1, 2, 3, 4]) assert.ok(queue.tryPut(v))
  assert.not.ok(queue.tryPut(5), 'full')
  assert.is(queue.size, 4)
  assert.equal([queue.tryGet(), queue.tryGet()], [1, 2])
  assert.ok(queue.tryPut(5) && queue.tryPut(6))
  assert.equal([queue.tryGet(), queue.tryGet(), queue.tryGet(), queue.tryGet()], [3, 4, 5, 6])
  assert.is(queue.tryGet(), undefined, 'empty')
})

test('a queue holds exactly its capacity, as Python\'s Queue(maxsize), over many laps of its ring', () => {
  for (const capacity of [1, 2, 3, 5, 7, 1000]) {
    const queue = Queue.create(capacity)
    assert.is(queue.capacity, capacity)
    let next = 0
    let expected = 0
    for (let lap = 0; lap < 5; lap++) {
      let put = 0
      while (queue.tryPut(next)) { next++; put++ }
      assert.is(queue.size, capacity, `capacity ${capacity}, lap ${lap}: full at exactly ${capacity}`)
      // Take a few, so the next lap starts from another cell of the ring.
      for (let i = 0; i < Math.min(capacity, lap + 1); i++) assert.is(queue.tryGet(), expected++)
      assert.ok(put <= capacity)
    }
    while (queue.size > 0) assert.is(queue.tryGet(), expected++)
    assert.is(expected, next, 'nothing lost, in order')
  }
  // A worker attaching to the buffer sees the same capacity.
  assert.is(new Queue(Queue.create(3).buffer).capacity, 3)
})

test('bad input is named', () => {
  assert.throws(() => Queue.create(0), /Queue capacity must be an integer in \[1, 16777216\], got 0/)
  assert.throws(() => Queue.create(3).tryPut('x' as never), /Queue item must be a number, got "x"/)
  assert.throws(() => new Queue(new SharedArrayBuffer(100)), /not a queue/)
  assert.throws(() => Queue.create(2).get(), /Queue.get would block the main thread: call getAsync\(\)/)
})

test('4 producers × 4 consumers × 100 000 items: nothing lost or duplicated, FIFO per producer', async () => {
  const queue = Queue.create(1024)
  const [producers, consumers] = [await spawnWorkers(4), await spawnWorkers(4)]
  try {
    const taking = consumers.map((c) => c.api.consume(queue.buffer))
    await Promise.all(producers.map((p, id) => p.api.produce(queue.buffer, id, 100_000)))
    for (let i = 0; i < 4; i++) await queue.putAsync(-1, 10_000) // one sentinel per consumer
    const taken = await Promise.all(taking)
    const seen = new Uint8Array(4 * 100_000)
    for (const values of taken) {
      const last = [-1, -1, -1, -1]
      for (const value of values) {
        const producer = Math.floor(value / 1e6)
        const i = value - producer * 1e6
        assert.ok(i > last[producer]!, `consumer saw producer ${producer}'s item ${i} after ${last[producer]}`)
        last[producer] = i
        seen[producer * 100_000 + i]!++
      }
    }
    assert.ok(seen.every((count) => count === 1), 'every item taken exactly once')
  } finally {
    await stop([...producers, ...consumers])
  }
})

test('a full queue blocks a producer until a consumer takes', async () => {
  const queue = Queue.create(2)
  const [producer] = await spawnWorkers(1)
  try {
    let finished = false
    const putting = producer!.api.putAll(queue.buffer, [1, 2, 3]).then(() => { finished = true })
    await new Promise((r) => setTimeout(r, 100))
    assert.not.ok(finished, 'the third put waits for room')
    assert.is(queue.size, 2)
    assert.is(await queue.getAsync(1_000), 1)
    await putting
    assert.equal([await queue.getAsync(), await queue.getAsync()], [2, 3])
  } finally {
    await stop([producer!])
  }
})

test('timeouts: getAsync on an empty queue and putAsync on a full one fail with TimeoutError in time', async () => {
  const queue = Queue.create(2)
  const started = performance.now()
  const empty = await queue.getAsync(50).catch((e: unknown) => e)
  assert.instance(empty, TimeoutError)
  assert.match((empty as Error).message, /the queue stayed empty/)
  assert.ok(queue.tryPut(1) && queue.tryPut(2))
  const full = await queue.putAsync(3, 50).catch((e: unknown) => e)
  assert.instance(full, TimeoutError)
  // Both timed out (a queue that waited for good would hang here); timers on a busy machine may run late.
  assert.ok(performance.now() - started < 50 + 50 + 5_000)
})

test.run()

const pipe = suite('Pipe')

pipe('a duplex pair: the main thread asks, a worker answers', async () => {
  const [here, there] = Pipe(16)
  const [worker] = await spawnWorkers(1)
  try {
    const served = worker!.api.squareServer(there.buffers)
    const answers: number[] = []
    for (const x of [2, 3, 4]) {
      await here.sendAsync(x)
      answers.push(await here.recvAsync(5_000))
    }
    await here.sendAsync(-1)
    assert.equal(answers, [4, 9, 16])
    assert.is(await served, 3)
    assert.not.ok(here.poll())
  } finally {
    await stop([worker!])
  }
})

pipe.run()
