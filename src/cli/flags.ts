// A subcommand's flags, parsed strictly, with bad use as one line: parseArgs
// says "Unknown option '--prot'. To specify a positional argument starting
// with a '-', place it at the end of the command after '--', …"; sabre says
// "unknown option '--prot'" and sabre.ts adds the usage (exit code 2).

import { parseArgs, type ParseArgsConfig } from 'node:util'
import { UsageError } from '../errors.js'

/** parseArgs(config), strict as by default; its errors become a UsageError of their first sentence. */
export function parseFlags<T extends ParseArgsConfig & { strict?: true }>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config)
  } catch (error) {
    if (!(error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) throw error
    const first = (error as Error).message.split(/\.(?: |$)/)[0]!
    throw new UsageError(first.charAt(0).toLowerCase() + first.slice(1))
  }
}

/** Whether `args` ask for help (`--help` or `-h` before any `--`). */
export function asksForHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--')
  return (end === -1 ? args : args.slice(0, end)).some((arg) => arg === '--help' || arg === '-h')
}
