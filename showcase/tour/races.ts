// Step 7: races and their fixes, from the race lab.

import { races } from '../../src/races/lab.js'
import type { RaceResult } from '../../src/races/scenarios.js'
import type { Step } from './step.js'

/** What the `none` run showed, in words that match what was measured. */
export function raceFinding(race: RaceResult): string {
  if (!race.overlapped) {
    return `The workers never ran side by side in ${race.attempts} tries (the machine was busy, or has one core), ` +
      `so the race could not show: none lost ${race.lost} of ${race.expected} increments. Every fix is exact.`
  }
  if (race.lost === 0) return `The workers overlapped, yet none lost 0 of ${race.expected} increments this time (rare); every fix is exact.`
  return `none lost ${race.lost} of ${race.expected} increments in this run; every fix is exact.`
}

export const raceStep: Step = {
  title: 'Races and their fixes',
  text: 'Two workers add 1 to one shared counter a million times each. Without synchronization the load-add-store ' +
    'steps interleave and increments are lost; an atomic add, a lock, or counting privately and publishing once each ' +
    'give the exact count — at very different prices. `npm run races` shows every scenario.',
  async run({ engine, quick, threads }) {
    const iterations = quick ? 100_000 : 1_000_000
    const team = Math.min(threads, Math.max(2, threads))
    const rows: string[][] = [['fix', 'expected', 'observed', 'lost', 'ms']]
    let race: RaceResult | undefined
    for (const fix of ['none', 'atomic', 'mutex', 'private'] as const) {
      const r = await races.run('counter', { engine, threads: Math.min(team, engine.threads), iterations, fix })
      race ??= r
      rows.push([fix, String(r.expected), String(r.observed), String(r.lost), r.ms.toFixed(2)])
    }
    return { tables: [rows], figures: [], findings: [raceFinding(race!)] }
  },
}
