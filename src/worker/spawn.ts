// The spawn adapter: the only file that imports threads.js. It starts worker
// threads, boots engine workers, and reports deaths; everything else goes
// through shared memory.

import { spawn, Thread, Worker } from 'threads'
import { engineWorkerUrl } from '../assets.js'
import { WorkerError } from '../errors.js'
import type { BootMessage, WorkerApi } from './protocol.js'

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

const isNode = typeof process !== 'undefined' && process.versions?.node !== undefined

/**
 * Browsers: a module worker loaded straight from its URL. threads.js would
 * otherwise wrap it in a blob that calls importScripts, which module workers
 * lack and cross-origin isolated pages refuse.
 */
const BROWSER_WORKER = { type: 'module', CORSWorkaround: false } as const

/**
 * Where threads.js should look for `script`. In Node it resolves a worker path
 * against the directory of the file that calls `new Worker` (this one), so
 * Node gets a path relative to here; browsers get the URL.
 */
async function scriptLocation(script: URL): Promise<string> {
  if (!isNode) return script.href
  const [{ fileURLToPath }, { dirname, relative }] = await Promise.all([import('node:url'), import('node:path')])
  const path = relative(dirname(fileURLToPath(import.meta.url)), fileURLToPath(script))
  return path.startsWith('.') ? path : `./${path}`
}

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
async function within<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new WorkerError(message)), ms) })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}

/** Spawns a thread running the module at `script` (which calls threads.js `expose`). */
export async function spawnThread<Api>(script: URL, name: string, options: SpawnOptions): Promise<ThreadHandle<Api>> {
  const raw = new Worker(await scriptLocation(script), (isNode ? { execArgv: workerExecArgv() } : BROWSER_WORKER) as never)
  let started = false
  let dead = false
  const die = (error: WorkerError): void => {
    if (dead) return
    dead = true
    if (started) options.onDeath?.(error)
  }
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
  raw.addEventListener('error', ((event: { message?: string; error?: unknown }) =>
    die(new WorkerError(`${name} failed: ${event.message ?? String(event.error ?? event)}`))) as never)
  try {
    const spawned = spawn<Api>(raw, { timeout: options.timeoutMs })
    spawned.catch(() => {}) // `within` reports it; avoid an unhandled rejection after a timeout
    const api = await within(spawned, options.timeoutMs, `${name} did not start within ${options.timeoutMs} ms`)
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
