// Test fixtures: Debian's redis-server on a free localhost port with its own
// temporary directory, and `sabre worker` processes; all stopped afterwards.

import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
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
  readonly client: Redis
  stop(): Promise<void>
}

export async function startRedis(): Promise<RedisFixture> {
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'sabre-redis-'))
  const server = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] })
  await waitForLine(server, /Ready to accept connections/)
  const client = new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: 1 })
  return {
    url: `redis://127.0.0.1:${port}`,
    client,
    async stop() {
      client.disconnect()
      server.kill('SIGKILL')
      await new Promise((resolve) => (server.exitCode !== null ? resolve(null) : server.once('exit', resolve)))
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

const cli = fileURLToPath(new URL('../../src/cli/sabre.js', import.meta.url))

export interface WorkerProcess {
  readonly child: ChildProcess
  stop(): Promise<void>
}

/** Starts `sabre worker` as its own process; resolves once it serves the queue. */
export async function startWorker(url: string, queue: string, threads = 1, lockMs = 2000): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [cli, 'worker', '--redis', url, '--queue', queue, '--threads', String(threads), '--lock-ms', String(lockMs)],
    { stdio: ['ignore', 'pipe', 'pipe'] })
  await waitForLine(child, /sabre worker: \d+ threads serving/)
  return {
    child,
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
