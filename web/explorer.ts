// The mandelbrot explorer's engine side: computes the canvas's view with the
// engine into an image of iteration counts in shared memory, colors the
// canvas straight from that memory, and tints each row by the worker that
// computed it (from the trace). Changes that arrive while a frame is being
// computed fold into one next frame, so the page never queues stale work.

import type { Engine, TraceRecord } from '../src/index.js'
import { median } from '../src/format/measure.js'
import { timePaired, type Paired } from './paired.js'
import type { Engines } from './engines.js'
import { FrameQueue } from './frame-queue.js'
import { colorize, palette, tinted, workerColor } from './palette.js'
import { home, viewport, type View } from './view.js'

export type ExplorerKernel = 'mandelbrot' | 'mandelbrotSimd'
export type ExplorerSchedule = 'dynamic' | 'static'

export interface ExplorerSettings {
  readonly workers: number
  readonly kernel: ExplorerKernel
  readonly maxIter: number
  readonly schedule: ExplorerSchedule
  /** Tint each row by the worker that computed it. */
  readonly tint: boolean
}

/** A frame on the canvas: what was computed, by whom, and how long it took. */
export interface Frame {
  readonly view: View
  /** The kernel's arguments after the image: width, height, x0, y0, x1, y1, maxIter. */
  readonly args: readonly [number, number, number, number, number, number, number]
  readonly settings: ExplorerSettings
  /** The worker that computed each row (-1: none recorded). */
  readonly rowWorkers: readonly number[]
  /** The parallelFor alone, and the whole frame (compute, trace, colors, drawing), in ms. */
  readonly computeMs: number
  readonly frameMs: number
}

/** The current view's compute on 1 worker and on the current count, timed as web/paired.ts does. */
export interface Comparison extends Paired {
  readonly workers: number
}

/** Rows per chunk of the dynamic schedule: small enough that the rows through the set spread over every worker. */
const ROWS_PER_CHUNK = 4
/** Width of the solid worker-color stripe at the left edge when tinting, in px. */
export const STRIPE_PX = 6
/** Frames kept per worker count for the live ms and frames/s. */
const RECENT_FRAMES = 10

export class Explorer {
  private currentView: View
  private current: ExplorerSettings
  private readonly context: CanvasRenderingContext2D
  /** ImageData cannot wrap a SharedArrayBuffer, so colors go to this page-owned image; the counts are read in place. */
  private readonly pixels: ImageData
  private readonly pixels32: Uint32Array
  private readonly images = new Map<Engine, Uint32Array>()
  private readonly palettes = new Map<number, Uint32Array>()
  private readonly recent = new Map<number, number[]>()
  private readonly queue: FrameQueue
  private last: Frame | undefined

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly engines: Engines,
    settings: ExplorerSettings,
    private readonly onFrame: (frame: Frame) => void,
    onError: (error: unknown) => void,
  ) {
    this.queue = new FrameQueue(onError)
    this.context = canvas.getContext('2d')!
    this.pixels = this.context.createImageData(canvas.width, canvas.height)
    this.pixels32 = new Uint32Array(this.pixels.data.buffer)
    this.currentView = home(canvas.width)
    this.current = settings
  }

  get width(): number { return this.canvas.width }
  get height(): number { return this.canvas.height }
  get view(): View { return this.currentView }
  get settings(): ExplorerSettings { return this.current }
  get frame(): Frame | undefined { return this.last }

  /** Moves to `view` and/or new settings (already checked) and draws them. */
  update(change: { view?: View; settings?: Partial<ExplorerSettings> }): void {
    if (change.view) this.currentView = change.view
    if (change.settings) this.current = { ...this.current, ...change.settings }
    this.queue.requestRender(() => this.render())
  }

  /** Resolves with the frame on the canvas once every change so far is drawn. */
  async settled(): Promise<Frame | undefined> {
    await this.queue.settled()
    return this.last
  }

  /** Live ms per frame and frames/s of the last RECENT_FRAMES frames on `workers` workers (undefined: none yet). */
  live(workers: number): { ms: number; fps: number } | undefined {
    const times = this.recent.get(workers)
    if (!times?.length) return undefined
    const ms = median(times)
    return { ms, fps: 1000 / ms }
  }

  /** Times the current view's compute on 1 worker and on the current count, without drawing (see Comparison). */
  compare(): Promise<Comparison> {
    return this.queue.enqueue(async () => {
      const { workers } = this.current
      const one = await this.timer(1)
      const many = workers === 1 ? one : await this.timer(workers)
      return { workers, ...await timePaired(one, many) }
    })
  }

  private image(engine: Engine): Uint32Array {
    let image = this.images.get(engine)
    if (!image) this.images.set(engine, (image = engine.alloc(Uint32Array, this.width * this.height)))
    return image
  }

  private args(view: View): Frame['args'] {
    return [this.width, this.height, ...viewport(view, this.width, this.height), this.current.maxIter]
  }

  private async compute(engine: Engine, image: Uint32Array, args: Frame['args'], settings: ExplorerSettings): Promise<void> {
    const options = settings.schedule === 'dynamic' ? { schedule: 'dynamic', chunk: ROWS_PER_CHUNK } as const : { schedule: 'static' } as const
    await engine.parallelFor(settings.kernel, this.height, [image, ...args], options)
  }

  /** A function that computes the current view once on `workers` workers and resolves with its ms. */
  private async timer(workers: number): Promise<() => Promise<number>> {
    const engine = await this.engines.get(workers)
    const image = this.image(engine)
    const args = this.args(this.currentView)
    const settings = this.current
    return async () => {
      const started = performance.now()
      await this.compute(engine, image, args, settings)
      return performance.now() - started
    }
  }

  private async render(): Promise<void> {
    const view = this.currentView
    const settings = this.current
    const engine = await this.engines.get(settings.workers)
    const image = this.image(engine)
    const args = this.args(view)
    // Records of earlier calls on this engine would tint rows they did not draw.
    await engine.trace({ clear: true })
    const started = performance.now()
    await this.compute(engine, image, args, settings)
    const computeMs = performance.now() - started
    const rowWorkers = rowsBy(await engine.trace({ clear: true }), settings.kernel, this.height)
    this.draw(image, settings, rowWorkers)
    const frameMs = performance.now() - started
    const times = this.recent.get(settings.workers) ?? []
    times.push(frameMs)
    this.recent.set(settings.workers, times.slice(-RECENT_FRAMES))
    this.last = { view, args, settings, rowWorkers, computeMs, frameMs }
    this.onFrame(this.last)
  }

  private draw(image: Uint32Array, settings: ExplorerSettings, rowWorkers: readonly number[]): void {
    let colors = this.palettes.get(settings.maxIter)
    if (!colors) this.palettes.set(settings.maxIter, (colors = palette(settings.maxIter)))
    colorize(image, colors, this.pixels32)
    if (settings.tint) {
      const { width } = this
      rowWorkers.forEach((worker, y) => {
        if (worker < 0) return
        const tint = workerColor(worker)
        const row = y * width
        for (let x = 0; x < width; x++) this.pixels32[row + x] = x < STRIPE_PX ? tint : tinted(this.pixels32[row + x]!, tint)
      })
    }
    this.context.putImageData(this.pixels, 0, 0)
  }
}

/** The worker of each row of `kernel`'s records. */
export function rowsBy(records: readonly TraceRecord[], kernel: string, height: number): number[] {
  const rows = new Array<number>(height).fill(-1)
  for (const r of records) {
    if (r.kernel !== kernel) continue
    for (let y = r.begin; y < r.end && y < height; y++) rows[y] = r.worker
  }
  return rows
}
