// What a step of the tour produces: a short explanation, tables, and
// timelines, for the terminal and for report/index.html.

import type { Engine } from '../../src/engine/engine.js'

export interface Figure {
  readonly caption: string
  /** An SVG document. */
  readonly svg: string
}

export interface StepResult {
  /** Tables: first row is the header. */
  readonly tables: readonly (readonly string[][])[]
  readonly figures: readonly Figure[]
  /** One-line findings, printed under the tables ("4 tasks took 62 ms on one thread"). */
  readonly findings: readonly string[]
  /** Checks that failed (results that disagree with a reference). */
  readonly failures?: readonly string[]
  /** Times by thread count (1..N) per label, for the report's speedup chart. */
  readonly speedups?: readonly { readonly label: string; readonly times: readonly number[] }[]
}

export interface TourContext {
  /** Worker threads for the parallel steps (the machine's cores by default). */
  readonly threads: number
  /** The short version: smaller inputs, fewer runs. */
  readonly quick: boolean
  /** A traced engine with `threads` workers, shared by the steps. */
  readonly engine: Engine
  /** Reports progress of a long step: done out of total. */
  readonly progress: (done: number, total: number) => void
}

export interface Step {
  readonly title: string
  /** One short paragraph: the idea, in plain words. */
  readonly text: string
  run(context: TourContext): Promise<StepResult>
}
