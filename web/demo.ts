// The demo page: kernels run on N workers against their JavaScript
// references, with a timeline; the race lab from buttons; and a frame counter
// that shows the page never stops drawing. `window.sabreDemo` exposes the same
// actions to the browser tests.

import { SCENARIOS, type ScheduleName, type ScenarioName } from '../src/index.js'
import { KernelRunner, type KernelRun, type RunOptions } from './kernel-runner.js'
import { runScenario, type ScenarioRun } from './race-lab.js'
import { watchFrames, type FrameWatch } from './responsiveness.js'

export interface SabreDemo {
  /** Resolves once an engine has started, or with the reason none can. */
  readonly ready: Promise<{ isolated: boolean; cores: number; error?: string }>
  readonly kernels: readonly string[]
  runKernel(kernel: string, options: RunOptions): Promise<KernelRun>
  runRaces(scenario: ScenarioName, threads: number, runs?: number): Promise<ScenarioRun>
  readonly frames: FrameWatch
}

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T
const cores = Math.max(1, navigator.hardwareConcurrency || 1)
const runner = new KernelRunner()

const spinner = $('spinner')
const frames = watchFrames((watch) => {
  spinner.style.transform = `rotate(${(watch.frames * 6) % 360}deg)`
  $('frames').textContent = String(watch.frames)
  $('gap').textContent = watch.maxGapMs.toFixed(0)
})

function showError(error: unknown): string {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  const box = $('error')
  box.textContent = message
  box.hidden = false
  return message
}

/** Disables the buttons while `action` runs; shows its failure on the page. */
async function busy<T>(action: () => Promise<T>): Promise<T> {
  const buttons = [...document.querySelectorAll('button')]
  for (const button of buttons) button.disabled = true
  $('error').hidden = true
  try {
    return await action()
  } catch (error) {
    showError(error)
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

function showRaces(scenario: ScenarioName, { report }: ScenarioRun): void {
  const section = document.createElement('section')
  section.id = `race-${scenario}`
  const title = document.createElement('h3')
  title.textContent = report.title
  const note = document.createElement('p')
  note.textContent = report.note
  const table = document.createElement('table')
  const head = table.createTHead().insertRow()
  for (const name of report.header) head.appendChild(document.createElement('th')).textContent = name
  const body = table.createTBody()
  for (const values of report.rows) {
    const row = body.insertRow()
    for (const value of values) cell(row, value)
  }
  section.append(title, note, table)
  const old = document.getElementById(section.id)
  if (old) old.replaceWith(section)
  else $('race-tables').append(section)
}

const options = (): RunOptions => {
  const schedule = $<HTMLSelectElement>('schedule').value
  return {
    workers: Number($<HTMLInputElement>('workers').value),
    scale: Number($<HTMLSelectElement>('scale').value),
    ...(schedule && { schedule: schedule as ScheduleName }),
  }
}

const demo: SabreDemo = {
  ready: runner.engine(Math.min(cores, 64)).then(
    () => ({ isolated: true, cores }),
    (error: unknown) => ({ isolated: crossOriginIsolated, cores, error: showError(error) })),
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
    frames.reset()
    const result = await runScenario(await runner.engine(threads), scenario, threads, runs)
    showRaces(scenario, result)
    return result
  }),
  frames,
}
;(globalThis as { sabreDemo?: SabreDemo }).sabreDemo = demo

// The form.
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
for (const scenario of Object.keys(SCENARIOS) as ScenarioName[]) {
  const button = $('race-buttons').appendChild(document.createElement('button'))
  button.type = 'button'
  button.textContent = `Run ${scenario}`
  button.addEventListener('click', () => demo.runRaces(scenario, Number($<HTMLInputElement>('workers').value)).catch(() => {}))
}

demo.ready.then(({ error }) => {
  $('status').textContent = error
    ? 'This page cannot run sabre: see the message below.'
    : `Cross-origin isolated: SharedArrayBuffer available, ${cores} logical cores.`
  if (error) for (const button of document.querySelectorAll('button')) button.disabled = true
})
addEventListener('pagehide', () => void runner.close())
