// The demo page: a mandelbrot explorer computed by the engine; an image lab
// (RGBA stencils on a picture of the user's own); kernels run on
// N workers against their JavaScript references, with a timeline; the race
// lab, with the counter race animated; and a frame counter that shows the
// page never stops drawing. `window.sabreDemo` exposes the same actions to
// the browser tests.

import { races, type ScheduleName, type ScenarioName } from '../src/index.js'
import { Engines } from './engines.js'
import { explorerUi, type ExplorerUi } from './explorer-ui.js'
import { imageLabUi, type ImageLabUi } from './image-lab-ui.js'
import { KernelRunner, type KernelRun, type RunOptions } from './kernel-runner.js'
import { machineCores } from './limits.js'
import { colorize, palette, workerColor } from './palette.js'
import { animateRace } from './race-animation.js'
import { costChart } from './race-cost-chart.js'
import { checkRaceThreads, runScenario, type ScenarioRun } from './race-lab.js'
import { raceSection } from './race-table.js'
import { watchFrames, type FrameWatch } from './responsiveness.js'

export interface SabreDemo {
  /** Resolves once an engine has started, or with the reason none can. */
  readonly ready: Promise<{ isolated: boolean; cores: number; error?: string }>
  readonly kernels: readonly string[]
  runKernel(kernel: string, options: RunOptions): Promise<KernelRun>
  /** Rejects, and says so on the page, for threads outside [1, cores]. */
  runRaces(scenario: ScenarioName, threads: number | string, runs?: number): Promise<ScenarioRun>
  /** The last animation of a counter race (resolves when its counters show their final counts). */
  raceAnimation: Promise<void>
  /** The explorer, once the engine is ready (undefined on a page that cannot run sabre). */
  readonly explorer: Promise<ExplorerUi | undefined>
  /** The image lab, once the engine is ready (undefined on a page that cannot run sabre). */
  readonly imageLab: Promise<ImageLabUi | undefined>
  readonly frames: FrameWatch
  /** The explorer's palette: RGBA (packed 0xAABBGGRR) of each count, as the canvas shows it untinted. */
  colorsOf(counts: readonly number[], maxIter: number): number[]
  /** The tint of worker `index` (packed as colorsOf). */
  workerColor(index: number): number
}

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T
const cores = machineCores()
const runner = new KernelRunner()
// The explorer's own engines: its frames clear the trace, which would cut the kernel panel's timelines short.
const explorerEngines = new Engines()
const imageEngines = new Engines()

const spinner = $('spinner')
const frames = watchFrames((watch) => {
  spinner.style.transform = `rotate(${(watch.frames * 6) % 360}deg)`
  $('frames').textContent = String(watch.frames)
  $('gap').textContent = watch.maxGapMs.toFixed(0)
})

function showError(error: unknown, box = $('error')): string {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  box.textContent = message
  box.hidden = false
  return message
}

/** Disables the kernel and race buttons while `action` runs; shows its failure on the page. */
async function busy<T>(action: () => Promise<T>, errorBox = $('error')): Promise<T> {
  const buttons = [...document.querySelectorAll<HTMLButtonElement>('#kernels button, #races button')]
  for (const button of buttons) button.disabled = true
  errorBox.hidden = true
  try {
    return await action()
  } catch (error) {
    showError(error, errorBox)
    throw error
  } finally {
    for (const button of buttons) button.disabled = false
  }
}

function cell(row: HTMLTableRowElement, text: string, className?: string): void {
  const td = row.insertCell()
  td.textContent = text
  if (className) td.className = className
}

function showRun(run: KernelRun): void {
  const row = $<HTMLTableElement>('results').tBodies[0]!.insertRow(0)
  cell(row, run.label)
  cell(row, String(run.workers))
  cell(row, run.schedule ?? 'its own')
  cell(row, run.ms.toFixed(1))
  cell(row, run.oneWorkerMs.toFixed(1))
  cell(row, `${run.speedup.toFixed(2)}×`)
  cell(row, run.jsMs.toFixed(1))
  cell(row, run.agrees ? '✓ matches JS' : '✗ differs from JS', run.agrees ? 'ok' : 'bad')
  $('timeline').innerHTML = run.timeline
}

function showRaces(scenario: ScenarioName, { fixes }: ScenarioRun): void {
  const section = raceSection(scenario, fixes)
  const old = document.getElementById(section.id)
  if (old) old.replaceWith(section)
  else $('race-tables').append(section)
}

/** Scenarios whose runs are counters, so they can be drawn as workers adding to one. */
const COUNTERS: readonly ScenarioName[] = ['counter', 'js-counter']

function animate(scenario: ScenarioName, { fixes }: ScenarioRun): Promise<void> {
  const stage = $('race-animation')
  stage.replaceChildren()
  const heading = Object.assign(document.createElement('h3'), { textContent: `${scenario}: ${fixes[0]!.runs[0]!.threads} workers × ${fixes[0]!.runs[0]!.iterations} increments each` })
  stage.append(heading)
  $('race-cost').innerHTML = costChart(fixes, `${scenario}: what each fix costs`)
  return animateRace(stage, fixes)
}

const options = (): RunOptions => {
  const schedule = $<HTMLSelectElement>('schedule').value
  return {
    workers: Number($<HTMLInputElement>('workers').value),
    scale: Number($<HTMLSelectElement>('scale').value),
    ...(schedule && { schedule: schedule as ScheduleName }),
  }
}

const ready: SabreDemo['ready'] = runner.engine(Math.min(cores, 64)).then(
  () => ({ isolated: true, cores }),
  (error: unknown) => ({ isolated: crossOriginIsolated, cores, error: showError(error) }))

const demo: SabreDemo = {
  ready,
  kernels: runner.kernels,
  runKernel: (kernel, options) => busy(async () => {
    runner.reference(kernel, options.scale)
    // Count frames from here: the reference above ran on this thread; the engine's work does not.
    frames.reset()
    const run = await runner.run(kernel, options)
    showRun(run)
    return run
  }),
  runRaces: (scenario, threads, runs) => busy(async () => {
    const checked = checkRaceThreads(threads, cores)
    frames.reset()
    const result = await runScenario(await runner.engine(checked), scenario, checked, runs)
    showRaces(scenario, result)
    if (COUNTERS.includes(scenario)) demo.raceAnimation = animate(scenario, result)
    return result
  }, $('race-error')),
  raceAnimation: Promise.resolve(),
  explorer: ready.then(({ error }) => (error ? undefined : explorerUi(explorerEngines, cores, (work) => frames.pausedDuring(work)))),
  imageLab: ready.then(({ error }) => (error ? undefined : imageLabUi(imageEngines, cores, (work) => frames.pausedDuring(work)))),
  frames,
  colorsOf(counts, maxIter) {
    const out = new Uint32Array(counts.length)
    colorize(counts, palette(maxIter), out)
    return Array.from(out)
  },
  workerColor,
}
;(globalThis as { sabreDemo?: SabreDemo }).sabreDemo = demo

// The kernel form.
const kernelSelect = $<HTMLSelectElement>('kernel')
for (const kernel of demo.kernels) kernelSelect.add(new Option(kernel, kernel))
$<HTMLInputElement>('workers').value = String(cores)
$('kernel-form').addEventListener('submit', (event) => {
  event.preventDefault()
  demo.runKernel(kernelSelect.value, options()).catch(() => {})
})
$('run-all').addEventListener('click', async () => {
  for (const kernel of demo.kernels) if (!(await demo.runKernel(kernel, options()).then(() => true, () => false))) break
})

// The race lab: its own thread count, capped at the machine's cores.
const raceThreads = $<HTMLInputElement>('race-threads')
raceThreads.max = String(cores)
raceThreads.value = String(Math.min(2, cores))
$('race-cores').textContent = String(cores)
for (const scenario of Object.keys(races.scenarios) as ScenarioName[]) {
  const button = $('race-buttons').appendChild(document.createElement('button'))
  button.type = 'button'
  button.id = `run-race-${scenario}`
  button.textContent = `Run ${scenario}`
  // The raw text goes to the check, so "64" or "" is named in the message as typed.
  button.addEventListener('click', () => demo.runRaces(scenario, raceThreads.value).catch(() => {}))
}

ready.then(({ error }) => {
  $('status').textContent = error
    ? 'This page cannot run sabre: see the message below.'
    : `Cross-origin isolated: SharedArrayBuffer available, ${cores} logical cores.`
  if (error) for (const button of document.querySelectorAll('button')) button.disabled = true
})
addEventListener('pagehide', () => {
  void runner.close()
  void explorerEngines.close()
  void imageEngines.close()
})
