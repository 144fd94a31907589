// The race lab from buttons: every fix of a scenario, a few runs each, on the
// page's engine; the same table as `npm run races`.

import { races, type Engine, type ScenarioName } from '../src/index.js'
import { raceReport, type FixRuns, type RaceReport } from '../src/races/report.js'
import { checkCount, coresReason } from './limits.js'

/** Iterations per run: the lab's defaults scaled down so a button answers within a second or two. */
const SCALE = 0.25

export interface ScenarioRun {
  readonly report: RaceReport
  readonly fixes: readonly FixRuns[]
}

/**
 * Racing threads typed into the page, as an integer in [1, cores]: more
 * threads than cores take turns instead of racing, which shows nothing.
 */
export const checkRaceThreads = (raw: unknown, cores: number): number =>
  checkCount('race threads', raw, 1, cores, coresReason(cores))

/** Runs every fix of `scenario` `runs` times on `threads` workers of `engine`. */
export async function runScenario(engine: Engine, scenario: ScenarioName, threads: number, runs = 3): Promise<ScenarioRun> {
  const fixes = await races.runEveryFix(scenario, { threads, runs, scale: SCALE, engine })
  return { report: raceReport(scenario, fixes), fixes }
}
