// A scenario's table of runs on the page (the same as `npm run races`),
// where a race whose workers never ran side by side says so instead of
// reporting "0 lost".

import type { ScenarioName } from '../src/index.js'
import { raceReport, type FixRuns } from '../src/races/report.js'
import { isRace } from '../src/races/scenarios.js'
import { NEVER_SIDE_BY_SIDE } from './race-animation.js'

/** The column of the lost updates or the money created or destroyed. */
const LOST_COLUMN = 3

/** The table of `fixes` as a section with id race-<scenario>. */
export function raceSection(scenario: ScenarioName, fixes: readonly FixRuns[]): HTMLElement {
  const report = raceReport(scenario, fixes)
  const section = document.createElement('section')
  section.id = `race-${scenario}`
  const title = Object.assign(document.createElement('h3'), { textContent: report.title })
  const note = Object.assign(document.createElement('p'), { textContent: report.note })
  const table = document.createElement('table')
  const head = table.createTHead().insertRow()
  for (const name of report.header) head.appendChild(document.createElement('th')).textContent = name
  const body = table.createTBody()
  report.rows.forEach((values, i) => {
    const row = body.insertRow()
    const { fix, runs } = fixes[i]!
    const unseen = isRace(fix) && runs.every((r) => r.overlapped === false)
    values.forEach((value, column) => {
      const td = row.insertCell()
      td.textContent = unseen && column === LOST_COLUMN ? NEVER_SIDE_BY_SIDE : value
      if (unseen && column === LOST_COLUMN) td.className = 'race-unseen'
    })
  })
  section.append(title, note, table)
  return section
}
