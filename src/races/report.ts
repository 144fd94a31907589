// Tables of race results: one per scenario, a row per fix, with its slowdown
// against `none` measured in the same session.

import { median } from '../format/measure.js'
import { table } from '../format/table.js'
import { broken, SCENARIOS, type RaceResult, type ScenarioName } from './scenarios.js'

/** Runs of one fix (all with the same threads and iterations). */
export interface FixRuns {
  readonly fix: string
  readonly runs: readonly RaceResult[]
}

/** A scenario's results as a table: per fix, median loss, how many runs broke the invariant, median ms and slowdown. */
export interface RaceReport {
  /** The scenario, its summary and its size. */
  readonly title: string
  /** The invariant and how many runs each value is the median of. */
  readonly note: string
  readonly header: readonly string[]
  readonly rows: readonly (readonly string[])[]
}

/** The table of one scenario's runs, ready to print (raceTable) or to render as HTML (the web demo). */
export function raceReport(scenario: ScenarioName, fixes: readonly FixRuns[]): RaceReport {
  const first = fixes[0]!.runs[0]!
  const noneMs = median(fixes.find((f) => f.fix === 'none')!.runs.map((r) => r.ms))
  const isBank = scenario === 'bank'
  const header = ['fix', 'expected', 'observed', isBank ? 'money created (+) or destroyed (−)' : 'lost',
    ...(isBank ? ['overdrafts', 'deadlocks'] : []), 'broken runs', 'overlapped runs', 'ms', 'vs none']
  const rows = fixes.map(({ fix, runs }) => {
    const ms = median(runs.map((r) => r.ms))
    const middle = (f: (r: RaceResult) => number) => Math.round(median(runs.map(f)))
    const pick = (f: (r: RaceResult) => number) => String(middle(f))
    // lost = expected − observed: negative when money was created.
    const money = (lost: number) => (lost === 0 ? '0' : lost < 0 ? `+${-lost}` : `−${lost}`)
    const overlapped = runs[0]!.overlapped === undefined ? '—' : `${runs.filter((r) => r.overlapped).length}/${runs.length}`
    return [
      fix, String(first.expected), pick((r) => r.observed), isBank ? money(middle((r) => r.lost)) : pick((r) => r.lost),
      ...(isBank ? [pick((r) => r.overdrafts ?? 0), fix === 'naive-locks' ? String(runs.reduce((s, r) => s + (r.deadlocks ?? 0), 0)) : '—'] : []),
      `${runs.filter(broken).length}/${runs.length}`, overlapped, ms.toFixed(2), `${(ms / noneMs).toFixed(2)}×`,
    ]
  })
  return {
    title: `${scenario}: ${SCENARIOS[scenario].summary} (${first.threads} threads × ${first.iterations} ${isBank ? 'transfers' : scenario === 'histogram' ? 'words' : 'increments'})`,
    note: `invariant: ${first.invariant}; values are medians of ${fixes[0]!.runs.length} runs; ` +
      'a race is rerun until its threads were seen running side by side (overlapped runs); a fix needs no overlap to be exact',
    header, rows,
  }
}

/** raceReport as plain text. */
export function raceTable(scenario: ScenarioName, fixes: readonly FixRuns[]): string {
  const { title, note, header, rows } = raceReport(scenario, fixes)
  return `${title}\n${note}\n${table([header, ...rows])}`
}
