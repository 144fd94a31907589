// `sabre serve`: a user's folder on localhost with the isolation headers; a
// taken port or a missing folder is one line that says what to do.

import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'

const cli = new URL('../../src/cli/sabre.js', import.meta.url).pathname
const test = suite('sabre serve')

test('serves a folder with COOP, COEP and CORP, and stops on SIGTERM', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sabre-serve-'))
  writeFileSync(join(dir, 'index.html'), '<!doctype html><p>hello')
  const child = spawn(process.execPath, [cli, 'serve', dir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] })
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = ''
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk
        const found = /open (http:\/\/localhost:\d+\/)/.exec(out)
        if (found) resolve(found[1]!)
      })
      child.once('exit', (code) => reject(new Error(`sabre serve exited with ${code}`)))
    })
    const response = await fetch(url)
    assert.is(response.status, 200)
    assert.is(await response.text(), '<!doctype html><p>hello')
    assert.is(response.headers.get('cross-origin-opener-policy'), 'same-origin')
    assert.is(response.headers.get('cross-origin-embedder-policy'), 'require-corp')
    assert.is(response.headers.get('cross-origin-resource-policy'), 'same-origin')
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    assert.is(await exited, 0)
  } finally {
    child.kill()
    rmSync(dir, { recursive: true, force: true })
  }
})

test('a taken port is one line naming the fix, exit code 1, no stack', async () => {
  const blocker = createServer()
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
  const port = (blocker.address() as { port: number }).port
  try {
    const child = spawnSync(process.execPath, [cli, 'serve', '.', '--port', String(port)], { encoding: 'utf8', timeout: 20_000 })
    assert.is(child.status, 1)
    assert.is(child.stderr.trim(), `sabre serve: port ${port} is taken: pass --port N (or --port 0 for any free port)`)
  } finally {
    blocker.close()
  }
})

test('bad arguments: a missing folder, a bad port, an unknown flag', () => {
  const run = (...args: string[]) => spawnSync(process.execPath, [cli, 'serve', ...args], { encoding: 'utf8', timeout: 20_000 })
  const missing = run('/no/such/folder')
  assert.is(missing.status, 2)
  assert.equal(missing.stderr.trim().split('\n'), ['sabre serve: /no/such/folder is not a folder', 'usage: sabre serve [DIR] [--port 8080] [--no-isolation]'])
  assert.match(run('.', '--port', '70000').stderr, /^sabre serve: --port must be an integer in \[0, 65535\], got 70000\nusage: sabre serve/)
  assert.match(run('.', '--prot', '1').stderr, /^sabre serve: unknown option '--prot'\nusage: sabre serve/)
})

test.run()
