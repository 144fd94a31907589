// `sabre serve [DIR] [--port N] [--no-isolation]`: a folder on localhost with
// the cross-origin isolation headers, so a page using sabre can be tried
// without configuring a server. `npm run serve` is this on the demo page.

import { statSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { createStaticServer } from '../serve/static-server.js'

export const SERVE_USAGE = 'usage: sabre serve [DIR] [--port 8080] [--no-isolation]'

/** Serves `args`' folder until SIGINT/SIGTERM; resolves with the exit code. Problems are one line on stderr. */
export async function serveCommand(args: readonly string[], defaults: { root?: string; name?: string } = {}): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({ args: [...args], allowPositionals: true, strict: true, options: { port: { type: 'string' }, 'no-isolation': { type: 'boolean' } } })
  } catch (error) {
    console.error(`sabre serve: ${(error as Error).message}\n${SERVE_USAGE}`)
    return 2
  }
  const { values, positionals } = parsed
  if (positionals.length > 1) {
    console.error(`sabre serve: one folder at most, got ${positionals.length}\n${SERVE_USAGE}`)
    return 2
  }
  const root = resolve(positionals[0] ?? defaults.root ?? '.')
  if (!statSync(root, { throwIfNoEntry: false })?.isDirectory()) {
    console.error(`sabre serve: ${root} is not a folder`)
    return 2
  }
  const portText = values.port ?? process.env.PORT ?? '8080'
  const port = Number(portText)
  if (!/^\d+$/.test(portText) || port > 65_535) {
    console.error(`sabre serve: --port must be an integer in [0, 65535], got ${portText}`)
    return 2
  }
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
  console.log(`${defaults.name ?? 'sabre serve'}: open http://localhost:${actual}/ (serving ${root}${isolated ? ', cross-origin isolated' : ', without isolation headers'})`)
  await new Promise<void>((done) => {
    process.once('SIGINT', done)
    process.once('SIGTERM', done)
  })
  await new Promise((done) => server.close(done))
  return 0
}
