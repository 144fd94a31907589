// The image lab's controls: the start image (generated, the explorer's
// frame), a file input and drag-and-drop, the filter and its parameter,
// workers and the tint; the frame time beside the JS loop's and 1 worker's;
// the worker legend. A refused value is said so on the page.

import type { Engines } from './engines.js'
import { FILTERS, ImageLab, type FilterName, type LabComparison, type LabFrame, type LabImage, type LabSettings } from './image-lab.js'
import { canvasImage, fileImage, generatedImage } from './image-sources.js'
import { checkCount, coresReason } from './limits.js'
import { describePaired } from './paired.js'
import { showLegend, showStats } from './stats-view.js'

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T

export interface ImageLabUi {
  readonly lab: ImageLab
  /** Times the current filter as a JS loop, on 1 worker and on the current count, and shows it. */
  measure(): Promise<LabComparison>
  /** Loads an image (as the file input and the buttons do) and resolves once its frame is drawn. */
  load(image: LabImage): Promise<LabFrame | undefined>
}

/** The filter's parameter typed into the page, checked against its range (radius: an integer). */
export function checkParameter(filter: FilterName, raw: unknown): number {
  const parameter = FILTERS[filter].parameter
  if (!parameter) return 0
  if (parameter.name === 'radius') return checkCount('radius', raw, parameter.min, parameter.max)
  const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw
  if (typeof value !== 'number' || !(value >= parameter.min && value <= parameter.max)) {
    throw new RangeError(`${parameter.name} must be a number in [${parameter.min}, ${parameter.max}], got ${JSON.stringify(raw) ?? String(raw)}`)
  }
  return value
}

/**
 * Wires the lab's controls to an ImageLab on `engines`; the generated image's
 * first frame is drawn at once. `quiet` runs the 1-worker comparison with the
 * page's own animation stopped, as the explorer's does (FrameWatch.pausedDuring).
 */
export function imageLabUi(engines: Engines, cores: number, quiet: <T>(work: () => Promise<T>) => Promise<T> = (work) => work()): ImageLabUi {
  const section = $('image-lab')
  const filterSelect = $<HTMLSelectElement>('image-filter')
  const parameterInput = $<HTMLInputElement>('image-parameter')
  const parameterName = $('image-parameter-name')
  const workersInput = $<HTMLInputElement>('image-workers')
  const tint = $<HTMLInputElement>('image-tint')
  const fileInput = $<HTMLInputElement>('image-file')
  const message = $('image-error')
  workersInput.max = String(cores)
  workersInput.value = String(cores)
  for (const [value, { label }] of Object.entries(FILTERS)) filterSelect.add(new Option(label, value))

  const showParameter = (filter: FilterName, value?: number) => {
    const parameter = FILTERS[filter].parameter
    parameterInput.disabled = !parameter
    parameterName.textContent = parameter?.name ?? 'no parameter'
    if (!parameter) return
    Object.assign(parameterInput, { min: String(parameter.min), max: String(parameter.max), step: String(parameter.step) })
    parameterInput.value = String(value ?? parameter.initial)
  }

  let comparison: LabComparison | undefined
  const showFrameStats = (frame?: LabFrame) => {
    const { workers } = lab.settings
    const cells: [string, string][] = [
      ['image', `${lab.input.name}, ${lab.input.width}×${lab.input.height} pixels`],
      ['this frame', frame ? `${frame.computeMs.toFixed(1)} ms on ${frame.settings.workers} worker${frame.settings.workers === 1 ? '' : 's'}` : '—'],
    ]
    if (comparison) {
      const what = `${FILTERS[comparison.filter].label}${FILTERS[comparison.filter].parameter ? ` ${FILTERS[comparison.filter].parameter!.name} ${comparison.parameter}` : ''}`
      cells.push([`${what}, ${comparison.workers} worker${comparison.workers === 1 ? '' : 's'}`, `${comparison.manyMs.toFixed(1)} ms/frame`])
      const faster = (ms: number) => `${(ms / comparison!.manyMs).toFixed(2)}× the time of ${comparison!.workers}`
      cells.push(['1 worker', `${comparison.oneMs.toFixed(1)} ms/frame${workers === 1 ? '' : ` · ${faster(comparison.oneMs)}`}`])
      if (workers !== 1) cells.push(['speedup', describePaired(comparison)])
      cells.push(['plain JS loop on the page', `${comparison.jsMs.toFixed(1)} ms/frame · ${faster(comparison.jsMs)}`])
      cells.push(['check', comparison.agrees ? '✓ the workers wrote the JS loop\'s bytes' : '✗ the workers\' bytes differ from the JS loop\'s'])
    }
    showStats($<HTMLTableElement>('image-stats'), cells)
  }
  const showFrameLegend = (frame: LabFrame) => showLegend($('image-legend'), frame.settings.workers, frame.rowWorkers, frame.settings.tint)
  const showError = (error: unknown) => {
    message.textContent = error instanceof Error ? error.message : String(error)
    message.hidden = false
  }

  const initial: LabSettings = { filter: 'boxBlurRgba', parameter: FILTERS.boxBlurRgba.parameter.initial, workers: cores, tint: false }
  filterSelect.value = initial.filter
  showParameter(initial.filter)
  const lab = new ImageLab($<HTMLCanvasElement>('image-output'), engines, generatedImage(), initial,
    (frame) => { showFrameStats(frame); showFrameLegend(frame) }, showError)

  const measure = async () => {
    comparison = await quiet(() => lab.compare())
    showFrameStats(lab.frame)
    return comparison
  }
  const load = (image: LabImage) => {
    message.hidden = true
    // The input names the file only while its picture is the one shown.
    if (image.name !== fileInput.files?.[0]?.name) fileInput.value = ''
    comparison = undefined
    lab.update({ image })
    return lab.settled()
  }
  /** Applies checked settings, or says why the input was refused (and puts the controls back). */
  const change = (read: () => Partial<LabSettings>) => {
    try {
      const settings = read()
      message.hidden = true
      comparison = undefined
      lab.update({ settings })
    } catch (error) {
      showError(error)
      workersInput.value = String(lab.settings.workers)
      showParameter(lab.settings.filter, lab.settings.parameter)
    }
  }
  filterSelect.addEventListener('change', () => change(() => {
    const filter = filterSelect.value as FilterName
    showParameter(filter)
    return { filter, parameter: checkParameter(filter, parameterInput.value) }
  }))
  parameterInput.addEventListener('change', () => change(() => ({ parameter: checkParameter(lab.settings.filter, parameterInput.value) })))
  workersInput.addEventListener('change', () => change(() => ({ workers: checkCount('workers', workersInput.value, 1, cores, coresReason(cores)) })))
  tint.addEventListener('change', () => change(() => ({ tint: tint.checked })))
  $('image-measure').addEventListener('click', () => void measure().catch(() => {}))
  $('image-generated').addEventListener('click', () => void load(generatedImage()))
  $('image-from-explorer').addEventListener('click', () => void load(canvasImage($<HTMLCanvasElement>('mandelbrot'), "the explorer's frame")))

  // The user's own picture, from the input or dropped anywhere on the section.
  const open = (file: File | undefined) => {
    if (file) fileImage(file).then(load, showError)
  }
  fileInput.addEventListener('change', () => open(fileInput.files?.[0]))
  section.addEventListener('dragover', (event) => {
    event.preventDefault()
    section.classList.add('dropping')
  })
  section.addEventListener('dragleave', () => section.classList.remove('dropping'))
  section.addEventListener('drop', (event) => {
    event.preventDefault()
    section.classList.remove('dropping')
    open(event.dataTransfer?.files[0])
  })

  lab.update({})
  return { lab, measure, load }
}
