// The race lab's scenarios: for each, the fixes (the first is `none`, the
// race itself), the kernels that run them, and how a run is set up and judged.

export const SCENARIOS = {
  /** N threads each add 1 to one shared counter `iterations` times (wasm kernels). */
  counter: {
    fixes: ['none', 'atomic', 'mutex', 'private'],
    summary: 'lost update: N threads each add 1 to one shared counter',
  },
  /** N threads count their slices of `iterations` words into 256 shared bins. */
  histogram: {
    fixes: ['none', 'atomic', 'private'],
    summary: 'shared histogram: N threads count words into 256 shared bins',
  },
  /** N threads each make `iterations` transfers between accounts after checking the balance. */
  bank: {
    fixes: ['none', 'global-lock', 'ordered-locks', 'naive-locks', 'cas'],
    summary: 'check-then-act: transfers between bank accounts, only if the balance covers them',
  },
  /** The counter race between plain JavaScript workers on an Int32Array. */
  'js-counter': {
    fixes: ['none', 'atomic', 'mutex', 'private'],
    summary: 'lost update in plain JavaScript workers (no wasm)',
  },
} as const

export type ScenarioName = keyof typeof SCENARIOS
export type FixName<S extends ScenarioName = ScenarioName> = (typeof SCENARIOS)[S]['fixes'][number]

/** The kernel of each wasm fix. */
export const KERNELS = {
  counter: { none: 'counterNone', atomic: 'counterAtomic', mutex: 'counterMutex', private: 'counterPrivate' },
  histogram: { none: 'histogramNone', atomic: 'histogramAtomic', private: 'histogramPrivate' },
  bank: {
    none: 'bankNone', 'global-lock': 'bankGlobalLock', 'ordered-locks': 'bankOrderedLocks',
    'naive-locks': 'bankNaiveLocks', cas: 'bankCas',
  },
} as const

/** One thread's progress after one block of a counter run, read from the lab's log. */
export interface ProgressRecord {
  /** The logical thread. */
  readonly thread: number
  /** Increments that thread had done. */
  readonly done: number
  /** The counter value its block's last increment read, and wrote (-1, -1: a private block that touched no shared word). */
  readonly read: number
  readonly wrote: number
}

/** What one run of a scenario with one fix observed. */
export interface RaceResult {
  readonly scenario: ScenarioName
  readonly fix: string
  readonly threads: number
  readonly iterations: number
  /** What a correct run gives: the count, the number of words, or the money in the bank. */
  readonly expected: number
  /** What this run gave. */
  readonly observed: number
  /** expected − observed: updates lost (counter, histogram) or money destroyed (bank; negative: created). */
  readonly lost: number
  /** The invariant that must hold, in words. */
  readonly invariant: string
  /** Bank only: debits that left a balance below 0 (later credits may hide them by the end). */
  readonly overdrafts?: number
  /** Bank only: the lowest balance at the end. */
  readonly lowestBalance?: number
  /** Bank naive-locks only: lock waits that timed out (each one a deadlock broken by the timeout). */
  readonly deadlocks?: number
  /** Wall time of the racing region, in ms. */
  readonly ms: number
  /**
   * Races only (none, naive-locks): whether the threads were seen running side
   * by side (enough overlapping blocks of work). A run where they were not
   * shows nothing about the race, whatever it lost.
   */
  readonly overlapped?: boolean
  /** Races only: runs it took to see the threads overlap (the lab reruns a race that did not). */
  readonly attempts?: number
  /**
   * Counter scenarios: every thread's progress as it happened, one record per
   * block of increments, in the order the threads reached the end of their
   * blocks (the run's last attempt).
   */
  readonly progress?: readonly ProgressRecord[]
}

/** Fixes that are races themselves: the lab makes sure their threads overlapped. */
export const isRace = (fix: string): boolean => fix === 'none' || fix === 'naive-locks'

/** True when a run broke its scenario's invariant. */
export const broken = (result: RaceResult): boolean =>
  result.lost !== 0 || (result.overdrafts ?? 0) > 0
