// The image lab's engine side: runs an RGBA stencil on an image in shared
// memory with the engine's workers, draws the result (tinted by the worker
// of each row, from the trace) on the output canvas, and times the same
// filter as a plain JS loop on the page and on 1 worker. Frames run one at a
// time; changes made while one runs fold into one next frame.

import { gaussianWeights, reference, type Engine } from '../src/index.js'
import { median } from '../src/format/measure.js'
import { timePaired, type Paired } from './paired.js'
import type { Engines } from './engines.js'
import { FrameQueue } from './frame-queue.js'
import { rowsBy, STRIPE_PX } from './explorer.js'
import { tinted, workerColor } from './palette.js'

/** The filters, by the value of the #image-filter select; each with its one parameter, if any. */
export const FILTERS = {
  boxBlurRgba: { label: 'box blur', parameter: { name: 'radius', min: 0, max: 127, step: 1, initial: 2 } },
  sobelRgba: { label: 'Sobel edges', parameter: undefined },
  gaussianBlurRgba: { label: 'Gaussian blur (two passes)', parameter: { name: 'sigma', min: 0.5, max: 32, step: 0.5, initial: 2 } },
} as const

export type FilterName = keyof typeof FILTERS

export interface LabSettings {
  readonly filter: FilterName
  /** The filter's parameter (radius or sigma); ignored by a filter without one. */
  readonly parameter: number
  readonly workers: number
  readonly tint: boolean
}

/** An RGBA image owned by the page (ImageData cannot wrap shared memory). */
export interface LabImage {
  readonly width: number
  readonly height: number
  readonly data: Uint8ClampedArray
  /** Where it came from, for the page: 'generated', "the explorer's frame", a file name. */
  readonly name: string
}

export interface LabFrame {
  readonly settings: LabSettings
  readonly width: number
  readonly height: number
  /** The worker that computed each output row (-1: none recorded). */
  readonly rowWorkers: readonly number[]
  /** The filter alone (both passes of the Gaussian), in ms. */
  readonly computeMs: number
}

/**
 * The filter on this image: as a JS loop on the page (median of
 * MEASURE_RUNS, ms), and on 1 worker against `workers`, timed as
 * web/paired.ts does.
 */
export interface LabComparison extends Paired {
  readonly filter: FilterName
  readonly parameter: number
  readonly workers: number
  readonly jsMs: number
  /** Whether the 1-worker and the N-worker bytes both equal the JS loop's. */
  readonly agrees: boolean
}

/** Rows a chunk of the dynamic schedule: the tint shows rows dealt out to every worker. */
const ROWS_PER_CHUNK = 16
const MEASURE_RUNS = 3

/** The views one engine works on for one image. */
interface Views { src: Uint8ClampedArray; dst: Uint8ClampedArray; between: Uint8ClampedArray; weights?: Int32Array; sigma?: number }

/** Runs `settings.filter` on `input` into `output` as a plain JS loop (the reference) on this thread. */
export function filterInJs(input: LabImage, output: Uint8ClampedArray, settings: Pick<LabSettings, 'filter' | 'parameter'>): void {
  const { width, height, data } = input
  switch (settings.filter) {
    case 'boxBlurRgba': return reference.boxBlurRgba(data, output, width, height, settings.parameter, 0, height)
    case 'sobelRgba': return reference.sobelRgba(data, output, width, height, 0, height)
    case 'gaussianBlurRgba': {
      const taps = gaussianWeights(settings.parameter)
      const between = new Uint8ClampedArray(data.length)
      reference.gaussianRowsRgba(data, between, width, height, taps, taps.length - 1, 0, height)
      return reference.gaussianColumnsRgba(between, output, width, height, taps, taps.length - 1, 0, height)
    }
  }
}

export class ImageLab {
  private image: LabImage
  private current: LabSettings
  private readonly context: CanvasRenderingContext2D
  private pixels: ImageData
  private readonly views = new Map<Engine, Views>()
  private readonly queue: FrameQueue
  private last: LabFrame | undefined

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly engines: Engines,
    image: LabImage,
    settings: LabSettings,
    private readonly onFrame: (frame: LabFrame) => void,
    onError: (error: unknown) => void,
  ) {
    this.queue = new FrameQueue(onError)
    this.context = canvas.getContext('2d', { willReadFrequently: true })!
    this.image = image
    this.current = settings
    this.pixels = this.resize()
  }

  get settings(): LabSettings { return this.current }
  get input(): LabImage { return this.image }
  get frame(): LabFrame | undefined { return this.last }

  /** Takes a new image and/or settings (already checked) and draws the result. */
  update(change: { image?: LabImage; settings?: Partial<LabSettings> }): void {
    void this.queue.enqueue(async () => {
      // The image changes in the queue, so a frame never reads a half-swapped one.
      if (change.image) this.replaceImage(change.image)
    })
    if (change.settings) this.current = { ...this.current, ...change.settings }
    this.queue.requestRender(() => this.render())
  }

  /** Resolves with the frame on the canvas once every change so far is drawn. */
  async settled(): Promise<LabFrame | undefined> {
    await this.queue.settled()
    return this.last
  }

  /** Times the current filter as a JS loop, on 1 worker and on the current count, without drawing. */
  compare(): Promise<LabComparison> {
    return this.queue.enqueue(async () => {
      const { filter, parameter, workers } = this.current
      const output = new Uint8ClampedArray(this.image.data.length)
      const jsMs = timeMedian(() => filterInJs(this.image, output, this.current))
      const one = await this.timer(1)
      const many = workers === 1 ? one : await this.timer(workers)
      const paired = await timePaired(one, many)
      const same = async (count: number) => equalBytes(this.viewsOf(await this.engines.get(count)).dst, output)
      return { filter, parameter, workers, jsMs, ...paired, agrees: (await same(1)) && (await same(workers)) }
    })
  }

  /** Frees every view (the page is going away, or the engines are). */
  dispose(): void {
    for (const [engine, views] of this.views) freeViews(engine, views)
    this.views.clear()
  }

  private resize(): ImageData {
    this.canvas.width = this.image.width
    this.canvas.height = this.image.height
    return this.context.createImageData(this.image.width, this.image.height)
  }

  private replaceImage(image: LabImage): void {
    this.dispose()
    this.image = image
    this.pixels = this.resize()
  }

  /** This engine's views for the current image, the input copied in once. */
  private viewsOf(engine: Engine): Views {
    let views = this.views.get(engine)
    if (!views) {
      const bytes = this.image.data.length
      views = { src: engine.alloc(Uint8ClampedArray, bytes), dst: engine.alloc(Uint8ClampedArray, bytes), between: engine.alloc(Uint8ClampedArray, bytes) }
      views.src.set(this.image.data)
      this.views.set(engine, views)
    }
    return views
  }

  private async compute(engine: Engine, settings: LabSettings): Promise<Views> {
    const views = this.viewsOf(engine)
    const { width, height } = this.image
    const options = { schedule: 'dynamic', chunk: ROWS_PER_CHUNK } as const
    const { src, dst, between } = views
    switch (settings.filter) {
      case 'boxBlurRgba':
        await engine.parallelFor('boxBlurRgba', height, [src, dst, width, height, settings.parameter], options)
        break
      case 'sobelRgba':
        await engine.parallelFor('sobelRgba', height, [src, dst, width, height], options)
        break
      case 'gaussianBlurRgba': {
        if (views.sigma !== settings.parameter) {
          if (views.weights) engine.free(views.weights)
          const taps = gaussianWeights(settings.parameter)
          views.weights = engine.alloc(Int32Array, taps.length)
          views.weights.set(taps)
          views.sigma = settings.parameter
        }
        const radius = views.weights!.length - 1
        await engine.parallelFor('gaussianRowsRgba', height, [src, between, width, height, views.weights!, radius], options)
        await engine.parallelFor('gaussianColumnsRgba', height, [between, dst, width, height, views.weights!, radius], options)
        break
      }
    }
    return views
  }

  /** One run of the current filter on `workers` workers, resolving with its ms. */
  private async timer(workers: number): Promise<() => Promise<number>> {
    const engine = await this.engines.get(workers)
    const settings = this.current
    return async () => {
      const started = performance.now()
      await this.compute(engine, settings)
      return performance.now() - started
    }
  }

  private async render(): Promise<void> {
    const settings = this.current
    const engine = await this.engines.get(settings.workers)
    // Records of earlier calls on this engine would tint rows they did not draw.
    await engine.trace({ clear: true })
    const started = performance.now()
    const { dst } = await this.compute(engine, settings)
    const computeMs = performance.now() - started
    const drawn = settings.filter === 'gaussianBlurRgba' ? 'gaussianColumnsRgba' : settings.filter
    const { width, height } = this.image
    const rowWorkers = rowsBy(await engine.trace({ clear: true }), drawn, height)
    // Copied out once: ImageData cannot wrap shared memory.
    this.pixels.data.set(dst)
    if (settings.tint) tintRows(this.pixels, rowWorkers)
    this.context.putImageData(this.pixels, 0, 0)
    this.last = { settings, width, height, rowWorkers, computeMs }
    this.onFrame(this.last)
  }
}

function freeViews(engine: Engine, views: Views): void {
  for (const view of [views.src, views.dst, views.between, views.weights]) if (view) engine.free(view)
}

/** Washes each row toward its worker's color, with a solid stripe at the left edge (as the explorer does). */
function tintRows(pixels: ImageData, rowWorkers: readonly number[]): void {
  const words = new Uint32Array(pixels.data.buffer)
  const { width } = pixels
  rowWorkers.forEach((worker, y) => {
    if (worker < 0) return
    const tint = workerColor(worker)
    const row = y * width
    for (let x = 0; x < width; x++) words[row + x] = x < STRIPE_PX ? tint : tinted(words[row + x]!, tint)
  })
}

function equalBytes(a: Uint8ClampedArray, b: Uint8ClampedArray): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

function timeMedian(run: () => void): number {
  const times: number[] = []
  for (let i = 0; i < MEASURE_RUNS; i++) {
    const started = performance.now()
    run()
    times.push(performance.now() - started)
  }
  return median(times)
}
