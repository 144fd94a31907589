// The counter runs' progress log: one record per block of increments per
// thread, in the order the threads appended them, holding what each block's
// last increment read and wrote; and the replay the demo draws from it.

import * as assert from 'uvu/assert'
import { Engine, races, type ProgressRecord, type RaceResult } from '../../src/index.js'
import { TICK_BLOCK } from '../../src/kernels/lab-block.js'
import { replay } from '../../src/races/progress.js'
import { suite } from '../support/suite.js'

const test = suite('race progress records')
const ITERATIONS = 10 * TICK_BLOCK + 123
const BLOCKS = Math.ceil(ITERATIONS / TICK_BLOCK)
let engine: Engine
test.before(async () => { engine = await Engine.start({ threads: 2 }) })
test.after(async () => { await engine.close() })

/** Each thread's records in order: done climbs a block at a time to `iterations`. */
function assertBlocks(run: RaceResult, what: string): ProgressRecord[][] {
  const progress = run.progress!
  assert.ok(progress, `${what}: a counter run keeps its progress`)
  assert.is(progress.length, run.threads * BLOCKS, `${what}: one record per block per thread`)
  return Array.from({ length: run.threads }, (_, t) => {
    const mine = progress.filter((r) => r.thread === t)
    assert.equal(mine.map((r) => r.done), Array.from({ length: BLOCKS }, (_, b) => Math.min(ITERATIONS, (b + 1) * TICK_BLOCK)), `${what}: thread ${t}`)
    return mine
  })
}

for (const scenario of ['counter', 'js-counter'] as const) {
  test(`${scenario}: the fixes' records read and wrote the counter one step (or one private total) at a time`, async () => {
    for (const fix of ['atomic', 'mutex'] as const) {
      const run = await races.run(scenario, { fix, threads: 2, iterations: ITERATIONS, ...(scenario === 'counter' && { engine }) })
      assertBlocks(run, `${scenario} ${fix}`)
      const reads = run.progress!.map((r) => r.read)
      assert.ok(run.progress!.every((r) => r.wrote === r.read + 1), `${fix}: each recorded increment wrote what it read plus one`)
      assert.is(new Set(reads).size, reads.length, `${fix}: no two increments read the same value (none was lost)`)
      assert.ok(Math.max(...run.progress!.map((r) => r.wrote)) <= run.observed)
      assert.is(replay(run.progress!, 2).done, run.expected)
    }
    const run = await races.run(scenario, { fix: 'private', threads: 2, iterations: ITERATIONS, ...(scenario === 'counter' && { engine }) })
    const [first, second] = assertBlocks(run, `${scenario} private`)
    for (const mine of [first!, second!]) {
      assert.ok(mine.slice(0, -1).every((r) => r.read === -1 && r.wrote === -1), 'private blocks touch no shared word')
      assert.is(mine.at(-1)!.wrote - mine.at(-1)!.read, ITERATIONS, 'the one publication adds the whole private count')
    }
    assert.equal([first!.at(-1)!.read, second!.at(-1)!.read].sort((a, b) => a - b), [0, ITERATIONS])
  })

  test(`${scenario}: the race's records account for every increment, and the replay ends where the log does`, async () => {
    const run = await races.run(scenario, { fix: 'none', threads: 2, iterations: ITERATIONS, ...(scenario === 'counter' && { engine }) })
    assertBlocks(run, `${scenario} none`)
    const end = replay(run.progress!, 2)
    assert.is(end.done, run.expected)
    assert.equal(end.threads.map((t) => t.done), [ITERATIONS, ITERATIONS])
    assert.is(end.counter, run.progress!.at(-1)!.wrote)
    assert.ok(run.progress!.every((r) => r.wrote === r.read + 1 && r.wrote <= run.expected))
    if (run.overlapped) assert.ok(end.switches >= 1, 'threads that overlapped interleaved their blocks')
  })
}

test('replay: the state after each record, its interleavings and the writes that went back below another thread\'s', () => {
  const records: ProgressRecord[] = [
    { thread: 0, done: 4, read: 3, wrote: 4 },
    { thread: 1, done: 4, read: 6, wrote: 7 },
    { thread: 0, done: 8, read: 5, wrote: 6 },
    { thread: 0, done: 9, read: 8, wrote: 9 },
  ]
  assert.equal(replay(records, 2, 0), { threads: [{ done: 0, read: -1, wrote: -1 }, { done: 0, read: -1, wrote: -1 }], counter: 0, done: 0, switches: 0, overwrites: 0 })
  const third = replay(records, 2, 3)
  assert.equal(third.threads, [{ done: 8, read: 5, wrote: 6 }, { done: 4, read: 6, wrote: 7 }])
  assert.is(third.counter, 6)
  assert.is(third.done, 12)
  assert.is(third.switches, 2)
  assert.is(third.overwrites, 1, 'thread 0 wrote 6 after thread 1 had written 7')
  assert.equal(replay(records, 2), { ...replay(records, 2, 4) })
  assert.is(replay(records, 2).counter, 9)
})

test('histogram and bank runs keep no log', async () => {
  const run = await races.run('histogram', { fix: 'atomic', threads: 2, iterations: 1000, engine })
  assert.is(run.progress, undefined)
})

test.run()
