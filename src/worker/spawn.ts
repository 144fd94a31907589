// The spawn adapter: the only file that imports threads.js. It starts a worker,
// boots it, and reports its death; everything else goes through shared memory.

import { spawn, Thread, Worker } from 'threads'
import { WorkerError } from '../errors.js'
import type { BootMessage, WorkerApi } from './protocol.js'

export interface WorkerHandle {
  /** Stops the thread; resolves when it is gone. */
  terminate(): Promise<void>
}

export interface SpawnOptions {
  /** Start-up limit in ms, covering load and boot. */
  readonly timeoutMs: number
  /** Called once if the worker dies or fails after boot. */
  readonly onDeath: (error: WorkerError) => void
}

const isNode = typeof process !== 'undefined' && process.versions?.node !== undefined

/** The worker script. Written as `new URL(…, import.meta.url)` so bundlers find it. */
const workerUrl = new URL('./main.js', import.meta.url)

/**
 * threads.js resolves a Node worker path against the directory of the file
 * that calls `new Worker` (this one), so Node gets a relative path; browsers
 * get the URL.
 */
const scriptLocation = (): string => (isNode ? './main.js' : workerUrl.href)

/**
 * Node flags for the worker: the parent's, minus those that name the parent's
 * own program (`node -e "…"` would otherwise run that code again in every
 * worker instead of the worker script).
 */
function workerExecArgv(): string[] {
  const argv = process.execArgv
  const kept: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!
    if (flag === '-e' || flag === '--eval' || flag === '-p' || flag === '--print') { i++; continue }
    if (/^(--eval|--print|--input-type)=/.test(flag) || flag === '--input-type') continue
    kept.push(flag)
  }
  return kept
}

/** Spawns one worker and boots it with `boot`. Rejects with WorkerError on failure or timeout. */
export async function spawnWorker(boot: BootMessage, options: SpawnOptions): Promise<WorkerHandle> {
  const raw = new Worker(scriptLocation(), (isNode ? { execArgv: workerExecArgv() } : { type: 'module' }) as never)
  let booted = false
  let dead = false
  const die = (error: WorkerError): void => {
    if (dead) return
    dead = true
    if (booted) options.onDeath(error)
  }
  const events = raw as unknown as { on?: (event: string, listener: (value: unknown) => void) => void }
  events.on?.('exit', (code) => die(new WorkerError(`worker ${boot.index} exited with code ${String(code)}`)))
  raw.addEventListener('error', ((event: { message?: string; error?: unknown }) =>
    die(new WorkerError(`worker ${boot.index} failed: ${event.message ?? String(event.error ?? event)}`))) as never)

  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new WorkerError(
      `worker ${boot.index} did not start within ${options.timeoutMs} ms`)), options.timeoutMs)
  })
  let thread: Awaited<ReturnType<typeof spawn>> | undefined
  try {
    const spawned = spawn<WorkerApi>(raw, { timeout: options.timeoutMs })
    spawned.catch(() => {}) // the race below reports it; avoid an unhandled rejection after a timeout
    thread = await Promise.race([spawned, timeout])
    await Promise.race([(thread as unknown as WorkerApi).boot(boot), timeout])
    booted = true
  } catch (error) {
    void raw.terminate()
    throw error instanceof WorkerError ? error
      : new WorkerError(`worker ${boot.index} failed to start: ${(error as Error)?.message ?? String(error)}`)
  } finally {
    clearTimeout(timer)
  }
  const started = thread
  return {
    async terminate() {
      dead = true
      await Thread.terminate(started)
    },
  }
}
