import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { CONTROL_BYTES } from '../../src/region/control-block.js'
import { ChunkCursor, Schedule } from '../../src/region/schedule.js'
import { random } from '../support/random.js'

/**
 * Runs a whole team's cursors on one thread, interleaved at random, and
 * returns how often each unit was claimed and by whom.
 */
function claimAll(schedule: Schedule, units: number, chunk: number, team: number, seed: number, absent: number[] = []) {
  const control = new Int32Array(new SharedArrayBuffer(CONTROL_BYTES))
  const cursors = Array.from({ length: team }, (_, w) => new ChunkCursor(control, schedule, units, chunk, w, team))
  const counts = new Uint8Array(units)
  const owner = new Int32Array(units).fill(-1)
  const live = cursors.map((_, w) => !absent.includes(w))
  const next = random(seed)
  while (live.some(Boolean)) {
    const candidates = live.flatMap((alive, w) => (alive ? [w] : []))
    const w = candidates[Math.floor(next() * candidates.length)]!
    const begin = cursors[w]!.next()
    if (begin === -1) { live[w] = false; continue }
    for (let u = begin; u < cursors[w]!.end; u++) { counts[u]!++; owner[u] = w }
  }
  return { counts, owner }
}

const test = suite('ChunkCursor')

test('every schedule claims every unit exactly once, for any team and chunk', () => {
  for (const schedule of [Schedule.Static, Schedule.Dynamic, Schedule.Guided]) {
    for (const team of [1, 2, 3, 4, 8]) {
      for (const units of [0, 1, 7, 64, 1000]) {
        for (const chunk of schedule === Schedule.Static ? [0, 1, 5] : [1, 5, 64]) {
          const { counts } = claimAll(schedule, units, chunk, team, units * 31 + team)
          assert.ok(counts.every((c) => c === 1), `schedule ${schedule}, team ${team}, units ${units}, chunk ${chunk}`)
        }
      }
    }
  }
})

test('static without a chunk gives each worker one contiguous block when all are present', () => {
  const control = new Int32Array(new SharedArrayBuffer(CONTROL_BYTES))
  const blocks = [0, 1, 2].map((w) => {
    const cursor = new ChunkCursor(control, Schedule.Static, 100, 0, w, 3)
    const begin = cursor.next()
    return [begin, cursor.end]
  })
  assert.equal(blocks, [[0, 33], [33, 66], [66, 100]])
})

test('static with a chunk deals chunks round-robin', () => {
  const control = new Int32Array(new SharedArrayBuffer(CONTROL_BYTES))
  const cursor = new ChunkCursor(control, Schedule.Static, 100, 10, 1, 4)
  const starts = [cursor.next(), cursor.next(), cursor.next()]
  assert.equal(starts, [10, 50, 90])
})

test('the share of a worker that never shows up is taken by the others', () => {
  const { counts, owner } = claimAll(Schedule.Static, 90, 0, 3, 7, [1])
  assert.ok(counts.every((c) => c === 1))
  assert.ok(owner.every((w) => w !== 1))
})

test('guided chunks shrink as the work runs out', () => {
  const control = new Int32Array(new SharedArrayBuffer(CONTROL_BYTES))
  const cursor = new ChunkCursor(control, Schedule.Guided, 1000, 1, 0, 2)
  const sizes: number[] = []
  for (let b = cursor.next(); b !== -1; b = cursor.next()) sizes.push(cursor.end - b)
  assert.is(sizes[0], 250)
  assert.ok(sizes.every((s, i) => i === 0 || s <= sizes[i - 1]!))
  assert.is(sizes.reduce((a, b) => a + b, 0), 1000)
})

test.run()
