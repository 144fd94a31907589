// The race lab: runs a scenario with one fix on N threads and reports what
// happened. `races.run('counter', { threads: 2, iterations: 100_000, fix: 'none' })`.

import { raceWorkerUrl } from '../platform/assets.js'
import { Engine, type KernelArg } from '../engine/engine.js'
import { checkOptions, rangeError } from '../errors.js'
import { requireSharedMemory } from '../memory/isolation.js'
import type { TypedArray } from '../memory/shared-memory.js'
import { Barrier } from '../sync/barrier.js'
import { random } from '../random.js'
import { spawnThread } from '../worker/spawn.js'
import type { JsFix, JsRaceApi } from './js-worker.js'
import type { FixRuns } from './report.js'
import {
  LAB_BARRIER, LAB_COUNTER, LAB_DEADLOCKS, LAB_LOG_NEXT, LAB_LOG_RECORDS, LAB_OVERDRAFTS, LAB_OVERLAPS, LAB_READY, LAB_SEED, LAB_TICKS, LAB_WORDS,
  LOG_RECORD_WORDS, TICK_BLOCK, TICK_TRANSFERS,
} from '../kernels/lab-block.js'
import { isRace, KERNELS, SCENARIOS, type FixName, type ProgressRecord, type RaceResult, type ScenarioName } from './scenarios.js'

export interface RaceOptions<S extends ScenarioName = ScenarioName> {
  /** Logical threads racing (default 2; at most the engine's threads). */
  readonly threads?: number
  /** Increments, words or transfers per thread (per scenario defaults). */
  readonly iterations?: number
  /** Which fix to run (default 'none', the race itself). */
  readonly fix?: FixName<S>
  /** Run on this engine instead of starting (and closing) one for the call. */
  readonly engine?: Engine
  /** Bank: number of accounts (default 16) and starting balance (default 100). */
  readonly accounts?: number
  readonly balance?: number
  /** Seed of the bank's transfers and the histogram's words (default 1). */
  readonly seed?: number
}

export const DEFAULT_ITERATIONS: Record<ScenarioName, number> = {
  counter: 1_000_000, histogram: 1_000_000, bank: 100_000, 'js-counter': 1_000_000,
}

function checkRun(scenario: unknown, options: RaceOptions): { threads: number; iterations: number; fix: string } {
  if (typeof scenario !== 'string' || !(scenario in SCENARIOS)) {
    throw rangeError('scenario', `one of ${Object.keys(SCENARIOS).join(', ')}`, scenario)
  }
  checkOptions(options, ['threads', 'iterations', 'fix', 'engine', 'accounts', 'balance', 'seed'], 'races.run')
  const name = scenario as ScenarioName
  const { threads = options.engine?.threads ?? 2, iterations = DEFAULT_ITERATIONS[name], fix = 'none' } = options
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) throw rangeError('threads', 'an integer in [1, 64]', threads)
  if (options.engine && threads > options.engine.threads) {
    throw rangeError('threads', `at most the engine's ${options.engine.threads} threads (every logical thread needs a worker of its own)`, threads)
  }
  if (!Number.isInteger(iterations) || iterations < 0 || iterations > 2 ** 31 - 1) throw rangeError('iterations', 'an integer in [0, 2^31)', iterations)
  const fixes: readonly string[] = SCENARIOS[name].fixes
  if (!fixes.includes(fix)) throw rangeError(`fix for ${name}`, `one of ${fixes.join(', ')}`, fix)
  return { threads, iterations, fix }
}

/** Progress records a counter run keeps at most (1M increments on 64 threads fit). */
const MAX_LOG_RECORDS = 1 << 14

/** Records of the counter log for `threads` × `iterations`: one a block per thread. */
const logRecords = (threads: number, iterations: number): number =>
  Math.min(MAX_LOG_RECORDS, threads * Math.ceil(iterations / TICK_BLOCK))

/** Words of a lab block with a log of `records` records after it. */
const labWords = (records: number): number => LAB_WORDS + records * LOG_RECORD_WORDS

/** Starts the log empty, with room for `records` records. */
function clearLog(lab: Int32Array, records: number): void {
  lab[LAB_LOG_RECORDS] = records
  lab[LAB_LOG_NEXT] = 0
}

/** The records a run appended, in order. */
function readLog(lab: Int32Array): ProgressRecord[] {
  const count = Math.min(lab[LAB_LOG_NEXT]!, lab[LAB_LOG_RECORDS]!)
  return Array.from({ length: count }, (_, i) => {
    const at = LAB_WORDS + i * LOG_RECORD_WORDS
    return { thread: lab[at]!, done: lab[at + 1]!, read: lab[at + 2]!, wrote: lab[at + 3]! }
  })
}

/** Seeded words for the histogram, skewed toward low bins so that threads collide often. */
function skewedWords(length: number, seed: number, into: Uint32Array): void {
  const next = random(seed)
  for (let i = 0; i < length; i++) into[i] = Math.floor(next() ** 4 * 4294967296) >>> 0
}

/** Runs one scenario with one fix and reports expected vs observed. */
async function run<S extends ScenarioName>(scenario: S, options: RaceOptions<S> = {}): Promise<RaceResult> {
  const { threads, iterations, fix } = checkRun(scenario, options)
  if (scenario === 'js-counter') return runJs(threads, iterations, fix as JsFix)
  const engine = options.engine ?? (await Engine.start({ threads }))
  try {
    return await runWasm(engine, scenario as Exclude<ScenarioName, 'js-counter'>, threads, iterations, fix, options)
  } finally {
    if (!options.engine) await engine.close()
  }
}

/**
 * Most runs of a race that did not overlap, and the time they may take in all
 * (ms). Time, not runs, is what helps: on a busy machine both racers may sit
 * on one core for a while, until the scheduler moves one of them.
 */
const MAX_ATTEMPTS = 100_000
const ATTEMPTS_MS = 20_000
/** Overlapping blocks that show threads ran side by side (turns on one core give one per switch). */
const OVERLAP_BLOCKS = 16

/** Overlaps needed for a run of `threads` × `blocks` ticks: OVERLAP_BLOCKS, fewer for runs too short to have them. */
const overlapsNeeded = (threads: number, blocks: number): number => Math.min(OVERLAP_BLOCKS, Math.max(1, Math.floor((threads * blocks) / 4)))

/**
 * Runs `attempt` once for a fix, or for a race until the lab block shows the
 * threads overlapped (at most MAX_ATTEMPTS runs, ATTEMPTS_MS in all). A busy
 * machine may run the racing threads by turns, and a race that never ran side
 * by side would report "0 lost" for the wrong reason.
 */
async function untilOverlapped(lab: Int32Array, fix: string, threads: number, blocks: number,
  attempt: () => Promise<RaceResult>): Promise<RaceResult> {
  if (!isRace(fix)) return attempt()
  const started = performance.now()
  for (let attempts = 1; ; attempts++) {
    lab[LAB_TICKS] = 0
    lab[LAB_OVERLAPS] = 0
    lab[LAB_READY] = 0
    const result = await attempt()
    // A deadlock shows itself: both threads held a lock at once, whether side by side or by turns.
    const overlapped = lab[LAB_OVERLAPS]! >= overlapsNeeded(threads, blocks) || (result.deadlocks ?? 0) > 0
    if (overlapped || threads < 2 || attempts >= MAX_ATTEMPTS || performance.now() - started > ATTEMPTS_MS) {
      return { ...result, overlapped, attempts }
    }
  }
}

async function runWasm(
  engine: Engine, scenario: Exclude<ScenarioName, 'js-counter'>, threads: number, iterations: number,
  fix: string, options: RaceOptions,
): Promise<RaceResult> {
  const records = scenario === 'counter' ? logRecords(threads, iterations) : 0
  const lab = engine.alloc(Int32Array, labWords(records))
  const kernel = (KERNELS[scenario] as Record<string, string>)[fix] as never
  // Static, one index per chunk: logical thread t starts on worker t, and the
  // start barrier keeps any worker from running two of them.
  const region = { schedule: 'static', chunk: 1 } as const
  const base = { scenario, fix, threads, iterations } as const
  const owned: TypedArray[] = []
  const track = <T extends TypedArray>(view: T): T => { owned.push(view); return view }
  /** Each attempt starts from a fresh lab block: barrier, counters, seed. */
  const race = async (args: KernelArg[]): Promise<number> => {
    Barrier.init(lab, LAB_BARRIER, threads)
    clearLog(lab, records)
    lab[LAB_COUNTER] = 0
    lab[LAB_DEADLOCKS] = 0
    lab[LAB_OVERDRAFTS] = 0
    lab[LAB_SEED] = options.seed ?? 1
    const started = performance.now()
    await engine.parallelFor(kernel, threads, [lab, ...args], region)
    return performance.now() - started
  }
  try {
    switch (scenario) {
      case 'counter': {
        return await untilOverlapped(lab, fix, threads, Math.ceil(iterations / TICK_BLOCK), async () => {
          const ms = await race([iterations])
          const expected = threads * iterations
          const observed = lab[LAB_COUNTER]!
          return { ...base, expected, observed, lost: expected - observed, invariant: 'counter = threads × iterations', ms, progress: readLog(lab) }
        })
      }
      case 'histogram': {
        const length = iterations * threads
        const xs = track(engine.alloc(Uint32Array, length))
        skewedWords(length, options.seed ?? 1, xs)
        const bins = track(engine.alloc(Uint32Array, 256))
        const scratch = track(engine.alloc(Uint32Array, threads * 256))
        return await untilOverlapped(lab, fix, threads, Math.ceil(iterations / TICK_BLOCK), async () => {
          bins.fill(0)
          const ms = await race([xs, length, bins, scratch])
          const observed = bins.reduce((sum, count) => sum + count, 0)
          return { ...base, expected: length, observed, lost: length - observed, invariant: 'the bins add up to the number of words', ms }
        })
      }
      case 'bank': {
        const accounts = options.accounts ?? 16
        const balance = options.balance ?? 100
        if (!Number.isInteger(accounts) || accounts < 2) throw rangeError('accounts', 'an integer >= 2', accounts)
        if (!Number.isInteger(balance) || balance < 0) throw rangeError('balance', 'an integer >= 0', balance)
        const balances = track(engine.alloc(Int32Array, accounts))
        const locks = track(engine.alloc(Int32Array, accounts * 2))
        return await untilOverlapped(lab, fix, threads, Math.floor(iterations / TICK_TRANSFERS), async () => {
          balances.fill(balance)
          locks.fill(0)
          const ms = await race([balances, accounts, locks, iterations])
          const expected = accounts * balance
          const observed = balances.reduce((sum, b) => sum + b, 0)
          return {
            ...base, expected, observed, lost: expected - observed, invariant: 'money is conserved and no balance goes below 0',
            overdrafts: lab[LAB_OVERDRAFTS]!, lowestBalance: Math.min(...balances),
            ...(fix === 'naive-locks' && { deadlocks: lab[LAB_DEADLOCKS]! }), ms,
          }
        })
      }
      default:
        throw new TypeError(`no wasm kernels for scenario ${String(scenario)}`)
    }
  } finally {
    for (const view of owned) engine.free(view)
    engine.free(lab)
  }
}

async function runJs(threads: number, iterations: number, fix: JsFix): Promise<RaceResult> {
  requireSharedMemory()
  const records = logRecords(threads, iterations)
  const lab = new Int32Array(new SharedArrayBuffer(labWords(records) * 4))
  const workers = await Promise.all(Array.from({ length: threads }, (_, t) =>
    spawnThread<JsRaceApi>(raceWorkerUrl, `race worker ${t}`, { timeoutMs: 10_000 })))
  try {
    return await untilOverlapped(lab, fix, threads, Math.ceil(iterations / TICK_BLOCK), async () => {
      Barrier.init(lab, LAB_BARRIER, threads)
      clearLog(lab, records)
      lab[LAB_COUNTER] = 0
      const started = performance.now()
      await Promise.all(workers.map((worker, t) => worker.api.count(lab, fix, iterations, t)))
      const ms = performance.now() - started
      const expected = threads * iterations
      const observed = lab[LAB_COUNTER]!
      return {
        scenario: 'js-counter', fix, threads, iterations, expected, observed, lost: expected - observed,
        invariant: 'counter = threads × iterations', ms, progress: readLog(lab),
      }
    })
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()))
  }
}

export interface EveryFixOptions {
  /** Logical threads racing (each needs a worker of `engine`). */
  readonly threads: number
  /** Runs per fix, seeded 1, 2, …. */
  readonly runs: number
  /** Iterations relative to the lab's defaults (default 1; at least 1 000 iterations). */
  readonly scale?: number
  /** The engine the wasm scenarios run on (the plain-JS scenario starts its own workers). */
  readonly engine: Engine
}

/**
 * Every fix of `scenario`, `runs` times each: what a race table is made of
 * (`npm run races`, the tour, bench/races, the web demo).
 */
async function runEveryFix(scenario: ScenarioName, options: EveryFixOptions): Promise<FixRuns[]> {
  const { threads, runs, scale = 1, engine } = checkOptions(options, ['threads', 'runs', 'scale', 'engine'], 'races.runEveryFix', { required: ['threads', 'runs', 'engine'] })
  const fixes: FixRuns[] = []
  for (const fix of SCENARIOS[scenario].fixes) {
    const results: RaceResult[] = []
    for (let i = 0; i < runs; i++) {
      results.push(await run(scenario, {
        fix: fix as never, threads, seed: i + 1,
        ...(scale !== 1 && { iterations: Math.max(1000, Math.round(scale * DEFAULT_ITERATIONS[scenario])) }),
        ...(scenario !== 'js-counter' && { engine }),
      }))
    }
    fixes.push({ fix, runs: results })
  }
  return fixes
}

/** The race lab's API. */
export const races = { run, runEveryFix, scenarios: SCENARIOS, defaults: DEFAULT_ITERATIONS }
