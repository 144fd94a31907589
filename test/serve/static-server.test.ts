import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { createStaticServer } from '../../src/serve/static-server.js'

const root = mkdtempSync(join(tmpdir(), 'sabre-serve-'))
mkdirSync(join(root, 'site'))
writeFileSync(join(root, 'site', 'index.html'), '<!doctype html><p>hi</p>')
writeFileSync(join(root, 'site', 'kernels.wasm'), new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]))
writeFileSync(join(root, 'secret.txt'), 'do not serve me')
const siteRoot = join(root, 'site')

/** A raw GET (no URL normalization by the client, so traversal attempts reach the server as written). */
function get(port: number, path: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      let body = ''
      res.setEncoding('latin1')
      res.on('data', (chunk) => { body += chunk })
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

async function withServer(isolated: boolean, fn: (port: number) => Promise<void>): Promise<void> {
  const server = createStaticServer({ root: siteRoot, isolated })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  try {
    await fn((server.address() as AddressInfo).port)
  } finally {
    server.closeAllConnections() // keep-alive sockets would hold close() for seconds
    await new Promise((resolve) => server.close(resolve))
  }
}

const test = suite('static server')

test('sends the cross-origin isolation headers and the right MIME types', () => withServer(true, async (port) => {
  const page = await get(port, '/')
  assert.is(page.status, 200)
  assert.is(page.headers['cross-origin-opener-policy'], 'same-origin')
  assert.is(page.headers['cross-origin-embedder-policy'], 'require-corp')
  assert.is(page.headers['cross-origin-resource-policy'], 'same-origin')
  assert.match(String(page.headers['content-type']), /^text\/html/)
  assert.match(page.body, /hi/)
  const wasm = await get(port, '/kernels.wasm')
  assert.is(wasm.headers['content-type'], 'application/wasm')
  assert.is(wasm.body.length, 8)
}))

test('answers 404 for missing files, with the headers still on', () => withServer(true, async (port) => {
  const missing = await get(port, '/nope.js')
  assert.is(missing.status, 404)
  assert.is(missing.headers['cross-origin-embedder-policy'], 'require-corp')
}))

test('refuses path traversal, plain and encoded', () => withServer(true, async (port) => {
  for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/%2E%2E%2Fsecret.txt', '/..%2fsecret.txt', '/..%5csecret.txt', '/%2e%2e%5csecret.txt', '/foo/../../secret.txt', '/%00', '/%zz']) {
    const response = await get(port, path)
    assert.is(response.status, 403, path)
    assert.not.match(response.body, /do not serve me/, path)
  }
}))

test('without isolation, the headers are absent (what a misconfigured host sends)', () => withServer(false, async (port) => {
  const page = await get(port, '/')
  assert.is(page.status, 200)
  assert.is(page.headers['cross-origin-opener-policy'], undefined)
  assert.is(page.headers['cross-origin-embedder-policy'], undefined)
}))

test.run()
