// The main side of the threads.js adapter (expose.ts is the worker side; no
// other file imports threads.js). It starts worker threads, boots engine
// workers, and reports deaths; everything else goes through shared memory.
// threads.js's quirks are handled here, each where it bites:
// - browsers: its default wraps an absolute worker URL in a blob that calls
//   importScripts, which module workers lack (option added upstream as
//   CORSWorkaround, andywer/threads.js#287): turned off, see BROWSER_WORKER;
// - Node: it keeps every Worker it made in a module-level array
//   (src/master/implementation.node.ts, `allWorkers`) with no way out; no
//   upstream issue found: see `release` below;
// - start-up errors: it reports a worker that failed to load only after its
//   own init timeout, naming no file: see `failStart`;
// - Node: on import it adds SIGINT and SIGTERM handlers that end every
//   worker and then call process.exit(0), so a user's graceful shutdown is
//   cut short and Ctrl-C exits with code 0: see `releaseSignals`.

import { spawn, Thread, Worker } from 'threads'
import { engineWorkerUrl } from '../platform/assets.js'
import { docsUrl, WorkerError } from '../errors.js'
import { runtime, workerScriptName } from '../platform/platform.js'
import type { BootMessage, WorkerApi } from './protocol.js'
import { raceTimeout } from '../timeout.js'

export interface ThreadHandle<Api> {
  /** The worker's exposed functions (threads.js proxies). */
  readonly api: Api
  /** Stops the thread; resolves when it is gone. */
  terminate(): Promise<void>
  /** Ends the thread as a crash would, so onDeath fires: fault injection for tests. */
  kill(): Promise<void>
}

export interface SpawnOptions {
  /** Start-up limit in ms. */
  readonly timeoutMs: number
  /** Called once if the thread dies or fails after start-up. */
  readonly onDeath?: (error: WorkerError) => void
}

const isNode = runtime === 'node'

/**
 * Removes the SIGINT and SIGTERM handlers threads.js added when it was
 * imported (its `terminateWorkersAndMaster`, against orphaned child processes,
 * andywer/threads.js#147). Worker threads end with their process anyway, and
 * the signals belong to the application: its own handlers run, and without
 * any the process ends by the signal, as Node's default does. Found by the
 * handler's name, so a build that renames it (a minifier) keeps threads.js's way.
 */
function releaseSignals(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    for (const listener of process.listeners(signal)) {
      if (String(listener).includes('terminateWorkersAndMaster')) process.removeListener(signal, listener)
    }
  }
}
if (isNode) releaseSignals()

/**
 * Browsers: a module worker loaded straight from its URL. threads.js would
 * otherwise wrap it in a blob that calls importScripts, which module workers
 * lack and cross-origin isolated pages refuse.
 */
const BROWSER_WORKER = { type: 'module', CORSWorkaround: false } as const

/**
 * Node flags for the worker: the parent's, minus those that name the parent's
 * own program (`node -e "…"` would otherwise run that code again in every
 * worker instead of the worker script) and those a worker may not take.
 */
function workerExecArgv(): string[] {
  const argv = process.execArgv
  const kept: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!
    if (flag === '-e' || flag === '--eval' || flag === '-p' || flag === '--print') { i++; continue }
    if (/^(--eval|--print|--input-type)=/.test(flag) || flag === '--input-type') continue
    // V8 flags are process-wide: workers have them already, and Node refuses this one per worker.
    if (flag === '--expose-gc' || flag === '--expose_gc') continue
    kept.push(flag)
  }
  return kept
}

/** Rejects with WorkerError(`message`) if `promise` has not settled within `ms`. */
const within = <T>(promise: Promise<T>, ms: number, message: string): Promise<T> =>
  raceTimeout(promise, ms, () => new WorkerError(message))

/**
 * Why a worker failed before it started. A browser's error event for a script
 * that did not load carries no reason at all, so an http(s) script is fetched
 * once more to name the HTTP status (a 404 is the usual cause: the page's
 * build left the file out).
 */
async function startFailure(name: string, script: URL, reason: unknown): Promise<WorkerError> {
  if (script.protocol === 'http:' || script.protocol === 'https:') {
    const response = await fetch(script, { cache: 'no-store' }).catch(() => undefined)
    if (response && !response.ok) {
      return new WorkerError(`${name} could not load its script ${script.href}: HTTP ${response.status}` +
        `${response.statusText ? ` ${response.statusText}` : ''}; the build or the server left it out there: ` +
        `see ${docsUrl('browser.md#missing-files')}`)
    }
  }
  const why = reason instanceof Error ? reason.message : typeof reason === 'string' && reason ? reason : undefined
  return new WorkerError(`${name} failed to start (${script.href}): ${why ?? 'the script did not load or threw before it ran'}`)
}

/** Spawns a thread running the module at `script` (which calls threads.js `expose`). */
export async function spawnThread<Api>(script: URL, name: string, options: SpawnOptions): Promise<ThreadHandle<Api>> {
  const raw = new Worker(workerScriptName(script, import.meta.url), (isNode ? { execArgv: workerExecArgv() } : BROWSER_WORKER) as never)
  let started = false
  let dead = false
  const die = (error: WorkerError): void => {
    if (dead) return
    dead = true
    if (started) options.onDeath?.(error)
  }
  // An error before threads.js's init message ends start-up at once, instead
  // of after threads.js's own init timeout with a message that names no file.
  let failStart: (error: WorkerError) => void = () => {}
  const failedStart = new Promise<never>((_, reject) => { failStart = reject })
  failedStart.catch(() => {}) // only awaited while starting
  const events = raw as unknown as {
    on?: (event: string, listener: (value: unknown) => void) => void
    removeAllListeners?: () => void
  }
  events.on?.('exit', (code) => die(new WorkerError(`${name} exited with code ${String(code)}`)))
  // threads.js keeps every Node worker it made in a module-level array for
  // good; dropping our listeners (and its own) once the thread is gone keeps
  // that array from holding the engine, and its shared memory, alive.
  const release = (): void => {
    events.removeAllListeners?.()
    events.on?.('error', () => {})
  }
  // Browsers pass an ErrorEvent (or a bare Event when the script did not load); threads.js's Node Worker passes { data: error }.
  raw.addEventListener('error', ((event: { message?: string; error?: unknown; data?: unknown }) => {
    const reason = event.error ?? event.data ?? event.message
    if (!started) void startFailure(name, script, reason).then(failStart)
    die(new WorkerError(`${name} failed: ${reason instanceof Error ? reason.message : String(reason ?? event)}`))
  }) as never)
  try {
    const spawned = spawn<Api>(raw, { timeout: options.timeoutMs })
    spawned.catch(() => {}) // `within` reports it; avoid an unhandled rejection after a timeout
    const api = await within(Promise.race([spawned, failedStart]), options.timeoutMs, `${name} did not start within ${options.timeoutMs} ms`)
    started = true
    return {
      api,
      async terminate() {
        dead = true
        await Thread.terminate(api)
        release()
      },
      async kill() {
        await raw.terminate()
      },
    }
  } catch (error) {
    void raw.terminate()
    throw error instanceof WorkerError ? error
      : new WorkerError(`${name} failed to start: ${(error as Error)?.message ?? String(error)}`)
  }
}

/** Spawns an engine worker and boots it. Rejects with WorkerError on failure or timeout. */
export async function spawnWorker(boot: BootMessage, options: SpawnOptions): Promise<ThreadHandle<WorkerApi>> {
  const name = `worker ${boot.index}`
  const thread = await spawnThread<WorkerApi>(engineWorkerUrl, name, options)
  try {
    await within(thread.api.boot(boot), options.timeoutMs, `${name} did not boot within ${options.timeoutMs} ms`)
    return thread
  } catch (error) {
    await thread.terminate()
    throw error instanceof WorkerError ? error : new WorkerError(`${name} failed to boot: ${(error as Error)?.message ?? String(error)}`)
  }
}
