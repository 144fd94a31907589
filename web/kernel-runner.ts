// Runs a kernel's workload on an engine of N workers and on one worker, checks
// the result against the JavaScript reference computed in the page, and draws
// the timeline of the last run.

import { renderTimeline, type Engine, type ScheduleName } from '../src/index.js'
import { median } from '../src/format/measure.js'
import { workloads, type Workload } from '../showcase/workloads.js'
import { Engines } from './engines.js'

/** One measured run of a kernel. Times are medians of RUNS runs, in ms. */
export interface KernelRun {
  readonly kernel: string
  readonly label: string
  readonly workers: number
  /** The schedule asked for; undefined: the workload's own. */
  readonly schedule: ScheduleName | undefined
  readonly ms: number
  readonly oneWorkerMs: number
  /** oneWorkerMs / ms. */
  readonly speedup: number
  /** The plain-JavaScript reference on the same input. */
  readonly jsMs: number
  /** Whether the N-worker and the 1-worker results both match the reference. */
  readonly agrees: boolean
  /** The N-worker engine's last run, as an SVG document. */
  readonly timeline: string
}

export interface RunOptions {
  readonly workers: number
  readonly schedule?: ScheduleName | undefined
  /** Input size relative to the README's tables, in (0, 4] (default 0.25). */
  readonly scale?: number
}

const RUNS = 3
const DEFAULT_SCALE = 0.25

export class KernelRunner {
  private readonly engines = new Engines()
  private readonly lists = new Map<number, Workload[]>()
  private readonly references = new Map<string, { ms: number; result: unknown }>()

  /** The kernels with a workload, in the order of the README's table. */
  get kernels(): string[] {
    return this.workloads(0.05).map((w) => w.kernel)
  }

  /** A started, traced engine of `workers` workers, shared by later runs. */
  engine(workers: number): Promise<Engine> {
    return this.engines.get(workers)
  }

  /**
   * Computes (once per kernel and size) the JavaScript reference result and
   * its time. It runs on the page's own thread, so call it before timing how
   * the page draws while the engine works.
   */
  reference(kernel: string, scale = DEFAULT_SCALE): { ms: number; result: unknown } {
    const workload = this.workload(kernel, scale)
    const key = `${kernel}@${scale}`
    let cached = this.references.get(key)
    if (!cached) {
      const times: number[] = []
      let result: unknown
      for (let i = 0; i < RUNS; i++) {
        const started = performance.now()
        result = workload.reference()
        times.push(performance.now() - started)
      }
      this.references.set(key, (cached = { ms: median(times), result }))
    }
    return cached
  }

  /** Runs `kernel` on `options.workers` workers and on one, and checks both against the reference. */
  async run(kernel: string, options: RunOptions): Promise<KernelRun> {
    const { workers, schedule, scale = DEFAULT_SCALE } = options
    const workload = this.workload(kernel, scale)
    const reference = this.reference(kernel, scale)
    const many = await this.measure(await this.engine(workers), workload, schedule)
    const one = workers === 1 ? many : await this.measure(await this.engine(1), workload, schedule)
    const records = await (await this.engine(workers)).trace()
    return {
      kernel, label: workload.label, workers, schedule, ms: many.ms, oneWorkerMs: one.ms, speedup: one.ms / many.ms,
      jsMs: reference.ms, agrees: workload.agrees(many.result, reference.result) && workload.agrees(one.result, reference.result),
      timeline: renderTimeline(records, {
        title: `${workload.label}, ${workers} worker${workers === 1 ? '' : 's'}, ${schedule ?? 'its own'} schedule`,
        width: 900, laneNames: Array.from({ length: workers }, (_, i) => `worker ${i}`),
      }),
    }
  }

  /** Closes every engine (the page is going away). */
  close(): Promise<void> {
    return this.engines.close()
  }

  private workloads(scale: number): Workload[] {
    let list = this.lists.get(scale)
    if (!list) this.lists.set(scale, (list = workloads(scale)))
    return list
  }

  private workload(kernel: string, scale: number): Workload {
    if (typeof scale !== 'number' || !(scale > 0 && scale <= 4)) throw new RangeError(`scale must be a number in (0, 4], got ${String(scale)}`)
    const workload = this.workloads(scale).find((w) => w.kernel === kernel)
    if (!workload) throw new RangeError(`kernel must be one of ${this.kernels.join(', ')}, got ${JSON.stringify(kernel)}`)
    return workload
  }

  /**
   * A warm-up run, then RUNS timed runs; the result of the last (copied: the
   * inputs are freed after). The engine's trace keeps only the last run.
   */
  private async measure(engine: Engine, workload: Workload, schedule: ScheduleName | undefined) {
    const prepared = workload.prepare(engine)
    try {
      await prepared.run(schedule)
      const times: number[] = []
      let result: unknown
      for (let i = 0; i < RUNS; i++) {
        if (i === RUNS - 1) await engine.trace({ clear: true })
        const started = performance.now()
        result = await prepared.run(schedule)
        times.push(performance.now() - started)
      }
      return { ms: median(times), result: ArrayBuffer.isView(result) ? (result as Uint32Array).slice() : result }
    } finally {
      prepared.free()
    }
  }
}
