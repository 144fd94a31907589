#!/usr/bin/env node
// The `sabre` command. `sabre worker --redis URL [--threads N] [--queue NAME]
// [--concurrency N] [--lock-ms MS]` runs a worker node until SIGINT/SIGTERM;
// `sabre serve [DIR] [--port N]` serves a folder with the isolation headers.

import { parseArgs } from 'node:util'
import { startWorkerNode } from '../cluster/worker-node.js'
import { serveCommand, SERVE_USAGE } from './serve-command.js'

const usage = 'usage: sabre worker --redis redis://host:6379 [--threads N] [--queue sabre] [--concurrency 2] [--lock-ms 10000]'

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  if (command === 'serve') return serveCommand(rest)
  if (command === 'compile') return (await import('./compile-command.js')).compileCommand(rest)
  if (command !== 'worker') {
    console.error(`${usage}\n${SERVE_USAGE}`)
    return 2
  }
  const { values } = parseArgs({
    args: rest, strict: true,
    options: {
      redis: { type: 'string' }, threads: { type: 'string' }, queue: { type: 'string' },
      concurrency: { type: 'string' }, 'lock-ms': { type: 'string' },
    },
  })
  if (!values.redis) {
    console.error(usage)
    return 2
  }
  const number = (name: string, text: string | undefined): number | undefined => {
    if (text === undefined) return undefined
    const value = Number(text)
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`--${name} must be an integer >= 1, got ${text}`)
    return value
  }
  const threads = number('threads', values.threads)
  const concurrency = number('concurrency', values.concurrency)
  const lockMs = number('lock-ms', values['lock-ms'])
  const node = await startWorkerNode({
    redis: values.redis, ...(values.queue && { queue: values.queue }), ...(threads && { threads }),
    ...(concurrency && { concurrency }), ...(lockMs && { lockMs }),
  })
  console.log(`sabre worker: ${node.threads} threads serving queue ${values.queue ?? 'sabre'} at ${values.redis} (pid ${process.pid})`)
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
  })
  await node.close()
  console.log(`sabre worker: stopped after ${node.completed} jobs`)
  return 0
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code }, (error: unknown) => {
  console.error(`sabre: ${(error as Error).message}`)
  process.exitCode = 1
})
