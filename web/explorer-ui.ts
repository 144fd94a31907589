// The explorer's controls: drag to pan, wheel and buttons to zoom, workers,
// SIMD, iterations, schedule and tint; the frame times beside 1 worker's; the
// worker legend. Every typed number is checked, and a refused one is said so
// on the page.

import type { Engines } from './engines.js'
import { Explorer, type Comparison, type ExplorerSettings, type Frame } from './explorer.js'
import { checkCount, coresReason } from './limits.js'
import { describePaired } from './paired.js'
import { showLegend, showStats } from './stats-view.js'
import { home, pan, zoomAt } from './view.js'

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T

/** Iterations a pixel may take: below 16 little shows, above 100 000 a frame takes seconds. */
export const ITERATIONS = { min: 16, max: 100_000 } as const
/** Zoom of one button press. */
const ZOOM_STEP = 2

export interface ExplorerUi {
  readonly explorer: Explorer
  /** Times the current view on 1 worker and the current count, and shows it. */
  measure(): Promise<Comparison>
}

/**
 * Wires the explorer's controls in the page to an Explorer on `engines`; the
 * first frame is drawn at once. `quiet` runs the 1-worker comparison with the
 * page's own animation stopped (see FrameWatch.pausedDuring).
 */
export function explorerUi(engines: Engines, cores: number, quiet: <T>(work: () => Promise<T>) => Promise<T> = (work) => work()): ExplorerUi {
  const canvas = $<HTMLCanvasElement>('mandelbrot')
  const workersInput = $<HTMLInputElement>('explorer-workers')
  const iterationsInput = $<HTMLInputElement>('explorer-iterations')
  const simd = $<HTMLInputElement>('explorer-simd')
  const schedule = $<HTMLSelectElement>('explorer-schedule')
  const tint = $<HTMLInputElement>('explorer-tint')
  const message = $('explorer-error')
  workersInput.max = String(cores)
  workersInput.value = String(cores)
  iterationsInput.min = String(ITERATIONS.min)
  iterationsInput.max = String(ITERATIONS.max)

  let comparison: Comparison | undefined
  const showFrameStats = (frame?: Frame) => {
    const { workers } = explorer.settings
    const live = explorer.live(workers)
    const cells: [string, string][] = [
      ['this frame', frame ? `${frame.frameMs.toFixed(1)} ms (compute ${frame.computeMs.toFixed(1)} ms)` : '—'],
      [`${workers} worker${workers === 1 ? '' : 's'}, last frames`, live ? `${live.ms.toFixed(1)} ms/frame · ${live.fps.toFixed(1)} frames/s` : '—'],
    ]
    if (comparison) {
      const fps = (ms: number) => (1000 / ms).toFixed(1)
      cells.push([`this view, ${comparison.workers} worker${comparison.workers === 1 ? '' : 's'}`, `${comparison.manyMs.toFixed(1)} ms/frame · ${fps(comparison.manyMs)} frames/s`])
      cells.push(['this view, 1 worker', `${comparison.oneMs.toFixed(1)} ms/frame · ${fps(comparison.oneMs)} frames/s`])
      cells.push(['speedup', describePaired(comparison)])
    }
    showStats($<HTMLTableElement>('explorer-stats'), cells)
  }
  const showFrameLegend = (frame: Frame) => showLegend($('explorer-legend'), frame.settings.workers, frame.rowWorkers, frame.settings.tint)
  const showError = (error: unknown) => {
    message.textContent = error instanceof Error ? error.message : String(error)
    message.hidden = false
  }

  const explorer = new Explorer(canvas, engines, {
    workers: cores, kernel: 'mandelbrot', maxIter: Number(iterationsInput.value), schedule: 'dynamic', tint: false,
  }, (frame) => { showFrameStats(frame); showFrameLegend(frame) }, showError)

  const measure = async () => {
    comparison = await quiet(() => explorer.compare())
    showFrameStats(explorer.frame)
    return comparison
  }
  /** Applies checked settings, or says on the page why the input was refused (and puts the control back). */
  const change = (read: () => Partial<ExplorerSettings>, remeasure: boolean) => {
    try {
      const settings = read()
      message.hidden = true
      explorer.update({ settings })
      if (remeasure) { comparison = undefined; void measure().catch(() => {}) }
    } catch (error) {
      showError(error)
      workersInput.value = String(explorer.settings.workers)
      iterationsInput.value = String(explorer.settings.maxIter)
    }
  }
  workersInput.addEventListener('change', () => change(() => ({ workers: checkCount('workers', workersInput.value, 1, cores, coresReason(cores)) }), true))
  iterationsInput.addEventListener('change', () => change(() => ({ maxIter: checkCount('iterations', iterationsInput.value, ITERATIONS.min, ITERATIONS.max) }), true))
  simd.addEventListener('change', () => change(() => ({ kernel: simd.checked ? 'mandelbrotSimd' : 'mandelbrot' }), true))
  schedule.addEventListener('change', () => change(() => ({ schedule: schedule.value === 'static' ? 'static' : 'dynamic' }), false))
  tint.addEventListener('change', () => change(() => ({ tint: tint.checked }), false))

  /** Canvas pixel under a pointer event (the canvas may be drawn scaled). */
  const at = (event: MouseEvent) => {
    const box = canvas.getBoundingClientRect()
    return { x: ((event.clientX - box.left) * canvas.width) / box.width, y: ((event.clientY - box.top) * canvas.height) / box.height }
  }
  const zoom = (factor: number, x = canvas.width / 2, y = canvas.height / 2) =>
    explorer.update({ view: zoomAt(explorer.view, factor, x, y, canvas.width, canvas.height) })
  let dragFrom: { x: number; y: number } | undefined
  canvas.addEventListener('pointerdown', (event) => {
    dragFrom = at(event)
    canvas.setPointerCapture(event.pointerId)
  })
  canvas.addEventListener('pointermove', (event) => {
    if (!dragFrom) return
    const to = at(event)
    explorer.update({ view: pan(explorer.view, to.x - dragFrom.x, to.y - dragFrom.y) })
    dragFrom = to
  })
  const endDrag = () => { dragFrom = undefined }
  canvas.addEventListener('pointerup', endDrag)
  canvas.addEventListener('pointercancel', endDrag)
  canvas.addEventListener('wheel', (event) => {
    event.preventDefault()
    const { x, y } = at(event)
    // One notch (100 px of deltaY) zooms by √2; a flick is capped at 4×.
    zoom(2 ** Math.max(-2, Math.min(2, -event.deltaY / 200)), x, y)
  }, { passive: false })
  $('explorer-zoom-in').addEventListener('click', () => zoom(ZOOM_STEP))
  $('explorer-zoom-out').addEventListener('click', () => zoom(1 / ZOOM_STEP))
  $('explorer-home').addEventListener('click', () => explorer.update({ view: home(canvas.width) }))
  $('explorer-measure').addEventListener('click', () => void measure().catch(() => {}))

  explorer.update({})
  void measure().catch(() => {})
  return { explorer, measure }
}
