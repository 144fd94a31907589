// The race lab: races are probabilistic, so the lab reruns a race until its
// threads were seen running side by side (the lab block's overlap count), and
// a run that overlapped must show the race; every fix must be exact every time.

import { readFileSync } from 'node:fs'
import os from 'node:os'
import * as assert from 'uvu/assert'
import { Engine } from '../../src/index.js'
import { races } from '../../src/races/lab.js'
import { broken, type RaceResult } from '../../src/races/scenarios.js'
import { suite } from '../support/suite.js'

const cores = os.availableParallelism()
const RUNS = 50

const test = suite('race lab')
let engine: Engine
test.before(async () => { engine = await Engine.start({ threads: 2 }) })
test.after(async () => { await engine.close() })

async function repeat(times: number, run: (i: number) => Promise<RaceResult>): Promise<RaceResult[]> {
  const results: RaceResult[] = []
  for (let i = 0; i < times; i++) results.push(await run(i))
  return results
}

/** Runs until `seen` holds for the results so far (a race shows up sooner or later), at most `times` runs. */
async function until(times: number, run: (i: number) => Promise<RaceResult>, seen: (results: RaceResult[]) => boolean): Promise<RaceResult[]> {
  const results: RaceResult[] = []
  for (let i = 0; i < times && !seen(results); i++) results.push(await run(i))
  return results
}

const lossRate = (results: RaceResult[]) => results.filter(broken).length / results.length

/** A race result whose threads overlapped: the lab reran it until they did, so this holds on a busy machine too. */
function assertOverlapped(results: RaceResult[], what: string): void {
  for (const r of results) assert.ok(r.overlapped, `${what}: the workers never overlapped in ${r.attempts} runs`)
}

test('unsynchronized counters lose updates once their threads overlap (wasm and plain JS)', async () => {
  if (cores < 2) {
    console.log('  skipped: this machine has 1 core, so threads take turns and the counter race cannot show')
    return
  }
  const wasm = await repeat(3, () => races.run('counter', { engine, iterations: 200_000 }))
  // Plain JS runs ~4 ns an increment: 200 000 of them are over before the other worker is well under way.
  const js = await repeat(3, () => races.run('js-counter', { threads: 2, iterations: 2_000_000 }))
  assertOverlapped([...wasm, ...js], 'counter')
  console.log(`  runs to overlap: wasm ${wasm.map((r) => r.attempts)}, JS ${js.map((r) => r.attempts)}`)
  assert.ok(wasm.some((r) => r.lost > 0), `wasm counterNone lost nothing in 3 overlapping runs: ${wasm.map((r) => r.lost)}`)
  assert.ok(js.some((r) => r.lost > 0), `the JS counter lost nothing in 3 overlapping runs: ${js.map((r) => r.lost)}`)
  assert.ok(wasm.every((r) => r.observed <= r.expected), 'a race loses updates; it never invents them')
})

test('an unsynchronized histogram loses counts; unsynchronized transfers create or destroy money and overdraw', async () => {
  if (cores < 2) return
  const histogram = await until(10, (i) => races.run('histogram', { engine, iterations: 200_000, seed: i + 1 }), (rs) => rs.some(broken))
  assertOverlapped(histogram, 'histogram')
  assert.ok(histogram.some(broken), `no loss in ${histogram.length} overlapping runs`)
  const created = (rs: RaceResult[]) => rs.some((r) => r.lost !== 0)
  const overdrawn = (rs: RaceResult[]) => rs.some((r) => (r.overdrafts ?? 0) > 0)
  const bank = await until(10, (i) => races.run('bank', { engine, iterations: 20_000, seed: i + 1 }), (rs) => created(rs) && overdrawn(rs))
  assertOverlapped(bank, 'bank')
  assert.ok(created(bank), `money was created or destroyed in some of ${bank.length} overlapping runs`)
  assert.ok(overdrawn(bank), `some balance went below zero in some of ${bank.length} overlapping runs`)
})

test('a race that never overlaps says so: one thread alone is never "overlapped"', async () => {
  const alone = await races.run('counter', { engine, threads: 1, iterations: 100_000 })
  assert.is(alone.overlapped, false)
  assert.is(alone.lost, 0)
  assert.is((await races.run('counter', { engine, fix: 'atomic', iterations: 1_000 })).overlapped, undefined, 'fixes need no overlap to be exact')
})

for (const fix of ['atomic', 'mutex', 'private'] as const) {
  test(`counter fix ${fix} is exact in every one of ${RUNS} runs`, async () => {
    const results = await repeat(RUNS, () => races.run('counter', { engine, fix, iterations: 20_000 }))
    for (const r of results) assert.is(r.observed, r.expected)
  })
}

for (const fix of ['atomic', 'private'] as const) {
  test(`histogram fix ${fix} is exact in every one of ${RUNS} runs`, async () => {
    const results = await repeat(RUNS, (i) => races.run('histogram', { engine, fix, iterations: 20_000, seed: i }))
    for (const r of results) assert.is(r.observed, r.expected)
  })
}

for (const fix of ['global-lock', 'ordered-locks', 'cas'] as const) {
  test(`bank fix ${fix} keeps the total constant and no balance below zero in every one of ${RUNS} runs`, async () => {
    const results = await repeat(RUNS, (i) => races.run('bank', { engine, fix, iterations: 2_000, seed: i + 1 }))
    for (const r of results) {
      assert.is(r.observed, r.expected, 'money conserved')
      assert.is(r.overdrafts, 0, 'never overdrawn')
      assert.ok(r.lowestBalance! >= 0)
    }
  })
}

for (const fix of ['atomic', 'mutex', 'private'] as const) {
  test(`plain-JS counter fix ${fix} is exact in every one of ${RUNS} runs`, async () => {
    const results = await repeat(RUNS, () => races.run('js-counter', { threads: 2, fix, iterations: 5_000 }))
    for (const r of results) assert.is(r.observed, r.expected)
  })
}

test('per-account locks taken source-first can deadlock: detected by a timeout, never a hang', async () => {
  if (cores < 2) return
  const started = performance.now()
  let deadlocks = 0
  for (let i = 0; i < 10 && deadlocks === 0; i++) {
    const r = await races.run('bank', { engine, fix: 'naive-locks', accounts: 2, iterations: 20_000, seed: i + 1 })
    assertOverlapped([r], 'naive-locks')
    deadlocks += r.deadlocks!
    assert.is(r.observed, r.expected, 'whatever happened, each completed transfer was whole')
  }
  assert.ok(deadlocks > 0, 'two threads moving money between two accounts in opposite directions deadlocked at least once')
  // Each run ends: a deadlock is broken by its 50 ms lock timeout, never waited out.
  assert.ok(performance.now() - started < 120_000)
})

test('bad input is named: scenario, fix, threads beyond the engine', async () => {
  const expectError = async (promise: Promise<unknown>, pattern: RegExp) => {
    const error = await promise.then(() => undefined, (e: unknown) => e)
    assert.instance(error, RangeError)
    assert.match((error as Error).message, pattern)
  }
  await expectError(races.run('lost-update' as never), /scenario must be one of counter, histogram, bank, js-counter, got "lost-update"/)
  await expectError(races.run('counter', { fix: 'lock' as never, engine }), /fix for counter must be one of none, atomic, mutex, private, got "lock"/)
  await expectError(races.run('counter', { threads: 3, engine }), /threads must be at most the engine's 2 threads/)
  await expectError(races.run('bank', { accounts: 1, engine }), /accounts must be an integer >= 2, got 1/)
  const unknown = await races.run('counter', { engine, thread: 2 } as never).then(() => undefined, (e: unknown) => e)
  assert.instance(unknown, TypeError)
  assert.match((unknown as Error).message, /^races.run has no option "thread": its options are \{ threads\?, iterations\?, fix\?, engine\?, accounts\?, balance\?, seed\? \} \(did you mean "threads"\?\)$/)
  assert.is((await races.run('counter', { engine, fix: 'atomic', iterations: 10 })).observed, 20, 'and the lab still works')
})

test.run()

const emitted = suite('race kernels as compiled')

emitted('counterNone really loads, adds and stores once per increment (the optimizer did not fold the loop)', () => {
  const wat = readFileSync(new URL('../../sabre.wat', import.meta.url), 'utf8')
  const body = /\(func \$assembly\/races\/counterNone [\s\S]*?\n \)/.exec(wat)?.[0]
  assert.ok(body, 'counterNone is in the emitted text format')
  // The innermost loop that touches the counter (offset 16): outer loops start the race and tick.
  const labels = [...body!.matchAll(/loop (\$for-loop\|\d+)\n/g)].map((m) => m[1]!)
  const loops = labels.map((label) => body!.slice(body!.indexOf(`loop ${label}\n`), body!.indexOf(`br ${label}\n`)))
  const inner = loops.find((text) => text.includes('i32.load offset=16') && !text.slice(5).includes('loop $'))
  assert.ok(inner, 'the increment loop is still a loop')
  const ops = inner!.split('\n').map((line) => line.trim()).filter((line) => /^(i32\.(load|store|add)|i32\.atomic)/.test(line))
  assert.equal(ops, ['i32.load offset=16', 'i32.add', 'i32.store offset=16', 'i32.add'], 'load, add, store of the counter, then the loop index')
})

emitted.run()
