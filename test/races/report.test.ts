// The race tables say what was measured, in words that read as it is: money
// created or destroyed, races that never overlapped.

import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { raceReport } from '../../src/races/report.js'
import type { RaceResult } from '../../src/races/scenarios.js'

const test = suite('race tables')

const bank = (fix: string, lost: number, overlapped?: boolean): RaceResult => ({
  scenario: 'bank', fix, threads: 2, iterations: 100, expected: 1600, observed: 1600 - lost, lost, invariant: 'money is conserved',
  overdrafts: 0, lowestBalance: 0, ms: 1, ...(overlapped !== undefined && { overlapped, attempts: 1 }),
})

test('the bank table says money was created (+) or destroyed (−), never "money lost -4224"', () => {
  const report = raceReport('bank', [
    { fix: 'none', runs: [bank('none', -4224, true)] },
    { fix: 'cas', runs: [bank('cas', 0)] },
  ])
  const column = report.header.indexOf('money created (+) or destroyed (−)')
  assert.ok(column > 0)
  assert.is(report.rows[0]![column], '+4224')
  assert.is(report.rows[1]![column], '0')
  assert.is(raceReport('bank', [{ fix: 'none', runs: [bank('none', 17, true)] }]).rows[0]![column], '−17')
})

test('a race\'s overlapped runs are counted; a fix shows none to count', () => {
  const report = raceReport('bank', [
    { fix: 'none', runs: [bank('none', 0, false), bank('none', 5, true)] },
    { fix: 'cas', runs: [bank('cas', 0)] },
  ])
  const column = report.header.indexOf('overlapped runs')
  assert.is(report.rows[0]![column], '1/2')
  assert.is(report.rows[1]![column], '—')
})

test.run()
