#!/usr/bin/env node
// The `sabre` command: one entry per subcommand in `commands`, each with its
// usage line, what its flags mean, and a run(args) that resolves with the
// exit code. `--help`/`-h` (of sabre or of a subcommand) and `--version`
// print to stdout and exit 0; bad use is one line naming what was wrong, then
// the usage, on stderr, exit 2.

import { readFileSync } from 'node:fs'
import { hidePassword } from '../cluster/connection.js'
import { compileCommand, COMPILE_FLAGS, COMPILE_USAGE } from './compile-command.js'
import { asksForHelp, parseFlags } from './flags.js'
import { serveCommand, SERVE_FLAGS, SERVE_USAGE } from './serve-command.js'
import { UsageError } from '../errors.js'

interface Command {
  /** One line for `sabre --help`. */
  readonly summary: string
  readonly usage: string
  /** Each argument or flag and what it does, for `sabre <command> --help`. */
  readonly flags: Readonly<Record<string, string>>
  /** Runs with the arguments after the subcommand's name; resolves with the exit code; bad use throws UsageError. */
  run(args: string[]): Promise<number>
}

/** A flag's value as an integer >= `min`, or undefined when the flag is absent. */
function integerFlag(name: string, text: string | undefined, min = 1): number | undefined {
  if (text === undefined) return undefined
  const value = Number(text)
  if (!Number.isInteger(value) || value < min) throw new UsageError(`--${name} must be an integer >= ${min}, got ${text}`)
  return value
}

const worker: Command = {
  summary: 'serve a cluster queue with a local engine, until SIGINT or SIGTERM',
  usage: 'sabre worker --redis redis://host:6379 [--module build/kernels.sabre.json] [--threads N] [--queue sabre] [--concurrency 2] [--lock-ms 10000] [--connect-timeout-ms 10000]',
  flags: {
    '--redis URL': 'the Redis server of the queue (needs the bullmq and ioredis packages)',
    '--module PATH': 'your kernels\' .sabre.json (from sabre compile); default: sabre\'s own kernels',
    '--threads N': 'the engine\'s threads (default: the cores)',
    '--queue NAME': 'the queue to serve (default: sabre)',
    '--concurrency N': 'jobs run at once (default: 2)',
    '--lock-ms MS': 'how long a job stays taken without a sign of life before another node may take it (default: 10000)',
    '--connect-timeout-ms MS': 'how long to wait for Redis (default: 10000)',
  },
  async run(args) {
    const { values } = parseFlags({
      args,
      options: {
        redis: { type: 'string' }, module: { type: 'string' }, threads: { type: 'string' }, queue: { type: 'string' },
        concurrency: { type: 'string' }, 'lock-ms': { type: 'string' }, 'connect-timeout-ms': { type: 'string' },
      },
    })
    if (!values.redis) throw new UsageError('--redis is required')
    if (values.module === '') throw new UsageError('--module needs the path of a .sabre.json (or the .wasm beside it)')
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
  usage: SERVE_USAGE,
  flags: SERVE_FLAGS,
  run: (args) => serveCommand(args),
}

const compile: Command = {
  summary: 'compile AssemblyScript kernels to .wasm, their description and their TypeScript types',
  usage: COMPILE_USAGE,
  flags: COMPILE_FLAGS,
  // The AssemblyScript compiler itself is loaded only when a compile runs.
  run: (args) => compileCommand(args),
}

const commands: Readonly<Record<string, Command>> = { worker, serve, compile }

const usage = (): string => ['usage: sabre <command> [flags]   (sabre <command> --help for its flags)',
  ...Object.values(commands).map((command) => `  ${command.usage}`), '  sabre --help | --version'].join('\n')

const help = (): string => [usage(), '', 'commands:',
  ...Object.entries(commands).map(([name, command]) => `  ${name.padEnd(8)} ${command.summary}`)].join('\n')

function commandHelp(command: Command): string {
  const width = Math.max(...Object.keys(command.flags).map((flag) => flag.length))
  return [`usage: ${command.usage}`, '', `${command.summary[0]!.toUpperCase()}${command.summary.slice(1)}.`, '',
    ...Object.entries(command.flags).map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`)].join('\n')
}

/** sabre's version, from the package.json two folders above dist/src/cli/ (the package's own). */
function version(): string {
  return (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version
}

/** Runs sabre with `argv` (after the program's name); resolves with the exit code. */
async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv
  if (name === '--help' || name === '-h') {
    console.log(help())
    return 0
  }
  if (name === '--version' || name === '-v') {
    console.log(version())
    return 0
  }
  const command = name === undefined ? undefined : commands[name]
  if (!command) {
    const what = name === undefined ? 'a command is needed' : name.startsWith('-') ? `unknown option '${name}'` : `unknown command '${name}'`
    console.error(`sabre: ${what}\n${usage()}`)
    return 2
  }
  if (asksForHelp(rest)) {
    console.log(commandHelp(command))
    return 0
  }
  try {
    return await command.run(rest)
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`sabre ${name}: ${error.message}\nusage: ${command.usage}`)
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
