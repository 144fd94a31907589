#!/usr/bin/env node
// The `sabre` command: one entry per subcommand in `commands`, each with its
// usage line and a run(args) that resolves with the exit code.

import { parseArgs } from 'node:util'
import { hidePassword } from '../cluster/connection.js'
import { compileCommand, COMPILE_USAGE } from './compile-command.js'
import { serveCommand, SERVE_USAGE } from './serve-command.js'
import { UsageError } from '../errors.js'

interface Command {
  /** One line for `sabre --help`. */
  readonly summary: string
  readonly usage: string
  /** Runs with the arguments after the subcommand's name; resolves with the exit code. */
  run(args: string[]): Promise<number>
}

/** A flag's value as an integer >= `min`, or undefined when the flag is absent. */
function integerFlag(name: string, text: string | undefined, min = 1): number | undefined {
  if (text === undefined) return undefined
  const value = Number(text)
  if (!Number.isInteger(value) || value < min) throw new RangeError(`--${name} must be an integer >= ${min}, got ${text}`)
  return value
}

const worker: Command = {
  summary: 'serve a cluster queue with a local engine, until SIGINT or SIGTERM',
  usage: 'sabre worker --redis redis://host:6379 [--module build/kernels.sabre.json] [--threads N] [--queue sabre] [--concurrency 2] [--lock-ms 10000] [--connect-timeout-ms 10000]',
  async run(args) {
    const { values } = parseArgs({
      args, strict: true,
      options: {
        redis: { type: 'string' }, module: { type: 'string' }, threads: { type: 'string' }, queue: { type: 'string' },
        concurrency: { type: 'string' }, 'lock-ms': { type: 'string' }, 'connect-timeout-ms': { type: 'string' },
      },
    })
    if (!values.redis) throw new UsageError('sabre worker: --redis is required')
    if (values.module === '') throw new UsageError('sabre worker: --module needs the path of a .sabre.json (or the .wasm beside it)')
    const threads = integerFlag('threads', values.threads)
    const concurrency = integerFlag('concurrency', values.concurrency)
    const lockMs = integerFlag('lock-ms', values['lock-ms'], 100)
    const connectTimeoutMs = integerFlag('connect-timeout-ms', values['connect-timeout-ms'])
    // Imported here: the other subcommands do not need the cluster's optional packages.
    const { startWorkerNode } = await import('../cluster/worker-node.js')
    const node = await startWorkerNode({
      redis: values.redis, ...(values.module && { module: values.module }), ...(values.queue && { queue: values.queue }), ...(threads && { threads }),
      ...(concurrency && { concurrency }), ...(lockMs && { lockMs }), ...(connectTimeoutMs && { connectTimeoutMs }),
    })
    console.log(`sabre worker: ${node.threads} threads serving queue ${values.queue ?? 'sabre'} at ${hidePassword(values.redis)} with ${node.module} (pid ${process.pid})`)
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve)
      process.once('SIGTERM', resolve)
    })
    await node.close()
    console.log(`sabre worker: stopped after ${node.completed} jobs`)
    return 0
  },
}

const serve: Command = {
  summary: 'serve a folder on localhost with the cross-origin isolation headers a page using sabre needs',
  usage: SERVE_USAGE.replace(/^usage: /, ''),
  run: (args) => serveCommand(args),
}

const compile: Command = {
  summary: 'compile AssemblyScript kernels to .wasm, their description and their TypeScript types',
  usage: COMPILE_USAGE.replace(/^usage: /, ''),
  // The AssemblyScript compiler itself is loaded only when a compile runs.
  run: (args) => compileCommand(args),
}

const commands: Readonly<Record<string, Command>> = { worker, serve, compile }


const help = (): string => ['usage:', ...Object.values(commands).map((command) => `  ${command.usage}`), '',
  ...Object.entries(commands).map(([name, command]) => `  ${name}: ${command.summary}`)].join('\n')

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  const command = name === undefined ? undefined : commands[name]
  if (name === '--help' || name === '-h') {
    console.log(help())
    return 0
  }
  if (!command) {
    console.error(name === undefined ? help() : `sabre: unknown command ${JSON.stringify(name)}\n${help()}`)
    return 2
  }
  try {
    return await command.run(rest)
  } catch (error) {
    // parseArgs reports unknown or malformed flags with a code.
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`${(error as Error).message}\nusage: ${command.usage}`)
      return 2
    }
    // One line, no stack: the messages name the value and the fix.
    console.error(`sabre ${name}: ${(error as Error).message}`)
    return 1
  }
}

main(process.argv.slice(2)).then((code) => {
  // A failed start may leave a Redis connect attempt's timer behind (ioredis); the answer is already printed.
  if (code !== 0) process.exit(code)
  process.exitCode = code
})
