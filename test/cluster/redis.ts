// Test fixtures: Debian's redis-server on a free localhost port with its own
// temporary directory, and `sabre worker` processes; all stopped afterwards.

import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import type { ClusterPool } from '../../src/cluster/index.js'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Redis } from 'ioredis'

export const REDIS_SERVER = process.env.REDIS_SERVER ?? '/usr/bin/redis-server'

const freePort = (): Promise<number> => new Promise((resolve, reject) => {
  const server = createServer()
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as { port: number }
    server.close(() => resolve(port))
  })
  server.on('error', reject)
})

/** Resolves when `child` prints a line matching `pattern` (rejects if it exits first or after `ms`). */
function waitForLine(child: ChildProcess, pattern: RegExp, ms = 15_000): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = ''
    const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${ms} ms; got: ${seen}`)), ms)
    const onData = (chunk: Buffer) => {
      seen += chunk.toString()
      if (pattern.test(seen)) {
        clearTimeout(timer)
        resolve()
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', (chunk: Buffer) => { seen += chunk.toString() })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`exited with ${code} before ${pattern}: ${seen}`))
    })
  })
}

export interface RedisFixture {
  readonly url: string
  readonly port: number
  readonly client: Redis
  /** Stops redis-server with `signal` and waits for it to exit (SIGTERM: a persistent server writes its data first). */
  kill(signal?: NodeJS.Signals): Promise<void>
  /** Starts redis-server again on the same port and directory (after kill). */
  restart(): Promise<void>
  stop(): Promise<void>
}

/**
 * redis-server on a free port. `persistent`: every write is fsynced to an
 * append-only file before it is acknowledged, so a restart loses nothing.
 */
export async function startRedis(options: { persistent?: boolean } = {}): Promise<RedisFixture> {
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'sabre-redis-'))
  const persistence = options.persistent ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no']
  const launch = async (): Promise<ChildProcess> => {
    const child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', ...persistence],
      { stdio: ['ignore', 'pipe', 'pipe'] })
    await waitForLine(child, /Ready to accept connections/)
    return child
  }
  let server = await launch()
  const exited = (child: ChildProcess): Promise<unknown> =>
    new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once('exit', resolve)))
  // Retries while the server is away, quietly: the tests restart it on purpose.
  const client = new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: 1 })
  client.on('error', () => {})
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    client,
    async kill(signal = 'SIGTERM') {
      server.kill(signal)
      await exited(server)
    },
    async restart() {
      server = await launch()
    },
    async stop() {
      client.disconnect()
      server.kill('SIGKILL')
      await exited(server)
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

const cli = fileURLToPath(new URL('../../src/cli/sabre.js', import.meta.url))

export interface WorkerProcess {
  readonly child: ChildProcess
  /** Everything the process printed so far, stdout and stderr. */
  output(): string
  stop(): Promise<void>
}

/** Starts `sabre worker` as its own process (with `flags` added); resolves once it serves the queue. */
export async function startWorker(url: string, queue: string, threads = 1, lockMs = 2000, flags: readonly string[] = []): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [cli, 'worker', '--redis', url, '--queue', queue, '--threads', String(threads), '--lock-ms', String(lockMs), ...flags],
    { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString() })
  child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString() })
  await waitForLine(child, /sabre worker: \d+ threads serving/)
  return {
    child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      const exited = new Promise((resolve) => child.once('exit', resolve))
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(timer)
    },
  }
}

/** Runs the `sabre` command to its end (killed after `ms`): exit code, output, and how long it ran (ms). */
export function runCli(args: readonly string[], ms = 30_000): Promise<{ code: number | null; stdout: string; stderr: string; elapsedMs: number }> {
  const started = performance.now()
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString() })
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
  const timer = setTimeout(() => child.kill('SIGKILL'), ms)
  return new Promise((resolve) => child.once('close', (code) => {
    clearTimeout(timer)
    resolve({ code, stdout, stderr, elapsedMs: performance.now() - started })
  }))
}

export { freePort }

/** Resolves once `condition()` holds, asking every 20 ms; rejects naming `what` after `ms`. */
export async function eventually(condition: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const deadline = performance.now() + ms
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** Keys of the jobs in `queue` (ClusterPool's job ids are `<uuid>.<index>`): none once every job is withdrawn or removed. */
export const jobKeys = (client: Redis, queue: string): Promise<string[]> => client.keys(`bull:${queue}:*-*-*-*-*.*`)

/** A suite's teardown: closes the producers, stops the worker processes, then Redis, and removes `dir`; whatever of them was started. */
export async function tearDown(parts: { pools?: readonly (ClusterPool | undefined)[]; workers?: readonly WorkerProcess[]; redis?: RedisFixture; dir?: string }): Promise<void> {
  await Promise.all((parts.pools ?? []).map((pool) => pool?.close()))
  await Promise.all((parts.workers ?? []).map((worker) => worker.stop()))
  await parts.redis?.stop()
  if (parts.dir) rmSync(parts.dir, { recursive: true, force: true })
}
