// Runs every race scenario with every fix and prints a table per scenario:
// the body of `npm run races` and of bench/races.

import { Engine } from '../src/engine/engine.js'
import { races } from '../src/races/lab.js'
import { raceTable, type FixRuns } from '../src/races/report.js'
import { SCENARIOS, type ScenarioName } from '../src/races/scenarios.js'

/** Every scenario × fix, `runs` times each on `threads` threads; prints each scenario's table as it completes. */
export async function raceTables(threads: number, runs: number, print: (text: string) => void, scale = 1): Promise<Map<ScenarioName, FixRuns[]>> {
  const engine = await Engine.start({ threads })
  const all = new Map<ScenarioName, FixRuns[]>()
  try {
    for (const scenario of Object.keys(SCENARIOS) as ScenarioName[]) {
      const fixes = await races.runEveryFix(scenario, { threads, runs, scale, engine })
      all.set(scenario, fixes)
      print(`${raceTable(scenario, fixes)}\n`)
    }
  } finally {
    await engine.close()
  }
  return all
}

