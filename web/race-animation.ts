// The counter race, replayed from the run itself: after every block of
// increments each racing thread appended to shared memory how many it had
// done and the counter value its last increment read and wrote; the page
// replays those records in the order they were appended, so a lost update on
// screen (a thread writing a value someone else had already passed) is one
// that happened. Each fix's replay takes a time proportional to its median
// measured ms, so the costly fixes visibly take longer. A run without records
// (none were kept) moves at a steady pace to its final counts, and says so.

import type { ProgressRecord, RaceResult } from '../src/index.js'
import { replay } from '../src/races/progress.js'
import { median } from '../src/format/measure.js'
import type { FixRuns } from '../src/races/report.js'
import { isRace } from '../src/races/scenarios.js'

/** The animation of the slowest fix, in ms; the others in proportion to their measured time. */
const LONGEST_MS = 2_500
/** No fix animates faster than this, so the cheapest is still seen to move. */
const SHORTEST_MS = 400

export const NEVER_SIDE_BY_SIDE = 'the workers never ran side by side'

/**
 * The run to show of a fix: a race's first run whose threads overlapped (a
 * run that did not shows nothing about the race), else the first run.
 */
export function shownRun(fix: FixRuns): number {
  const index = isRace(fix.fix) ? fix.runs.findIndex((r) => r.overlapped) : -1
  return Math.max(0, index)
}

/** The words under a fix's counter once it is done. */
export function outcome(run: RaceResult): string {
  if (run.overlapped === false) {
    return `${NEVER_SIDE_BY_SIDE} (${run.attempts ?? 1} tr${run.attempts === 1 ? 'y' : 'ies'}), so this run shows nothing about the race: ` +
      `observed ${run.observed} of ${run.expected}`
  }
  return `expected ${run.expected} · observed ${run.observed} · ${run.lost === 0 ? 'none lost' : `${run.lost} lost`}`
}

interface Lane { readonly bar: HTMLElement; readonly count: HTMLElement; readonly step: HTMLElement; readonly target: number }

function bar(label: string, className: string, max: number, target: number): { row: HTMLElement; lane: Lane } {
  const row = document.createElement('div')
  row.className = `race-lane ${className}`
  const name = Object.assign(document.createElement('span'), { className: 'race-name', textContent: label })
  const track = Object.assign(document.createElement('span'), { className: 'race-track' })
  const fill = Object.assign(document.createElement('span'), { className: 'race-fill' })
  const count = Object.assign(document.createElement('span'), { className: 'race-count', textContent: '0' })
  const step = Object.assign(document.createElement('span'), { className: 'race-step' })
  track.style.setProperty('--max', String(max))
  track.append(fill)
  row.append(name, track, count, step)
  return { row, lane: { bar: fill, count, step, target } }
}

/**
 * Draws the runs of every fix into `container` and animates them; resolves
 * when every counter shows its final count (container.dataset.state = 'done').
 */
export function animateRace(container: HTMLElement, fixes: readonly FixRuns[]): Promise<void> {
  container.dataset.state = 'running'
  // Medians, as the cost chart: one slow run (a warm-up, a busy moment) does not stretch a fix.
  const fixMs = fixes.map((f) => median(f.runs.map((r) => r.ms)))
  const slowest = Math.max(...fixMs)
  const blocks = fixes.map((fix, i) => {
    const index = shownRun(fix)
    const run = fix.runs[index]!
    const block = document.createElement('div')
    block.className = 'race-fix'
    block.dataset.fix = fix.fix
    block.dataset.run = String(index)
    const title = Object.assign(document.createElement('h4'), { textContent: `${fix.fix} — ${fixMs[i]!.toFixed(2)} ms (median of ${fix.runs.length}); run ${index + 1} drawn` })
    const lanes: Lane[] = []
    block.append(title)
    for (let worker = 0; worker < run.threads; worker++) {
      const { row, lane } = bar(`worker ${worker}`, 'race-worker', run.iterations, run.iterations)
      lanes.push(lane)
      block.append(row)
    }
    const counter = bar('shared counter', 'race-counter', run.expected, run.observed)
    counter.row.querySelector('.race-count')!.classList.add('race-observed')
    lanes.push(counter.lane)
    const expected = Object.assign(document.createElement('span'), { className: 'race-expected', title: `expected ${run.expected}` })
    counter.row.querySelector('.race-track')!.append(expected)
    const steps = Object.assign(document.createElement('p'), { className: 'race-steps', textContent: '' })
    const words = Object.assign(document.createElement('p'), { className: 'race-outcome', textContent: '' })
    block.append(counter.row, steps, words)
    container.append(block)
    const durationMs = Math.max(SHORTEST_MS, (LONGEST_MS * fixMs[i]!) / slowest)
    return { block, lanes, run, steps, words, durationMs, records: run.progress ?? [] }
  })

  return new Promise((resolve) => {
    const started = performance.now()
    const frame = () => {
      const elapsed = performance.now() - started
      let running = false
      for (const { block, lanes, run, steps, words, durationMs, records } of blocks) {
        const progress = Math.min(1, elapsed / durationMs)
        if (records.length > 0) drawReplay(lanes, steps, run, records, progress)
        else {
          for (const lane of lanes) show(lane, Math.round(lane.target * progress))
          steps.textContent = 'no progress records for this run: the bars move at a steady pace to its final counts'
        }
        if (progress < 1) running = true
        else if (!block.dataset.observed) {
          // The end is the lab's measured final count (a thread's last record may precede another's last write).
          show(lanes.at(-1)!, run.observed)
          block.dataset.observed = String(run.observed)
          block.dataset.expected = String(run.expected)
          words.textContent = outcome(run)
          words.classList.add(run.overlapped === false ? 'race-unseen' : run.lost === 0 ? 'ok' : 'bad')
        }
      }
      if (running) requestAnimationFrame(frame)
      else {
        container.dataset.state = 'done'
        resolve()
      }
    }
    requestAnimationFrame(frame)
  })
}

function show(lane: Lane, value: number): void {
  lane.count.textContent = String(value)
  lane.bar.style.setProperty('--value', String(value))
}

/** The lanes after the first `progress` share of the run's records. */
function drawReplay(lanes: readonly Lane[], steps: HTMLElement, run: RaceResult, records: readonly ProgressRecord[], progress: number): void {
  const count = Math.round(records.length * progress)
  const state = replay(records, run.threads, count)
  state.threads.forEach((thread, t) => {
    show(lanes[t]!, thread.done)
    lanes[t]!.step.textContent = thread.wrote < 0 ? (thread.done > 0 ? 'counting privately' : '') : `read ${thread.read} → wrote ${thread.wrote}`
  })
  show(lanes.at(-1)!, state.counter)
  const lost = state.done - state.counter
  steps.textContent = `record ${count} of ${records.length}: ${state.done} increments done, counter ${state.counter}` +
    `${lost > 0 ? ` (at least ${lost} lost so far)` : ''} · the workers' blocks interleaved ${state.switches} time${state.switches === 1 ? '' : 's'}` +
    `${state.overwrites > 0 ? ` · ${state.overwrites} write${state.overwrites === 1 ? '' : 's'} went back below another worker's` : ''}`
}
