// `sabre serve [DIR] [--port N] [--no-isolation]`: a folder on localhost with
// the cross-origin isolation headers, so a page using sabre can be tried
// without configuring a server. `npm run serve` is this on the demo page.

import { statSync } from 'node:fs'
import { resolve } from 'node:path'
import { UsageError } from '../errors.js'
import { createStaticServer } from '../serve/static-server.js'
import { parseFlags } from './flags.js'

export const SERVE_USAGE = 'sabre serve [DIR] [--port 8080] [--no-isolation]'

/** What `sabre serve --help` says of each flag. */
export const SERVE_FLAGS: Readonly<Record<string, string>> = {
  DIR: 'the folder to serve (default: the current one)',
  '--port N': 'the port on 127.0.0.1 (default: PORT, else 8080; 0 for any free port)',
  '--no-isolation': 'leave out the two headers, to see what a page without them gets',
}

/**
 * Serves `args`' folder until SIGINT/SIGTERM; resolves with the exit code.
 * Bad use throws UsageError; a port that is taken is one line on stderr, exit code 1.
 */
export async function serveCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseFlags({
    args: [...args], allowPositionals: true, options: { port: { type: 'string' }, 'no-isolation': { type: 'boolean' } },
  })
  if (positionals.length > 1) throw new UsageError(`one folder at most, got ${positionals.length}`)
  const root = resolve(positionals[0] ?? '.')
  if (!statSync(root, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`${root} is not a folder`)
  const portText = values.port ?? process.env.PORT ?? '8080'
  const port = Number(portText)
  if (!/^\d+$/.test(portText) || port > 65_535) throw new UsageError(`--port must be an integer in [0, 65535], got ${portText}`)
  const isolated = values['no-isolation'] !== true
  const server = createStaticServer({ root, isolated })
  const listening = await new Promise<NodeJS.ErrnoException | undefined>((done) => {
    server.once('error', done)
    server.listen(port, '127.0.0.1', () => done(undefined))
  })
  if (listening) {
    const fix = listening.code === 'EADDRINUSE' ? `port ${port} is taken: pass --port N (or --port 0 for any free port)` : listening.message
    console.error(`sabre serve: ${fix}`)
    return 1
  }
  const address = server.address()
  const actual = typeof address === 'object' && address ? address.port : port
  console.log(`sabre serve: open http://localhost:${actual}/ (serving ${root}${isolated ? ', cross-origin isolated' : ', without isolation headers'})`)
  await new Promise<void>((done) => {
    process.once('SIGINT', done)
    process.once('SIGTERM', done)
  })
  await new Promise((done) => server.close(done))
  return 0
}
