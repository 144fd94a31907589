// Fetching a kernel module over HTTP (what browsers always do): a missing
// file names its URL and status; a server that sends .wasm with another MIME
// type still works.

import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { once } from 'node:events'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { userModule } from '../../src/kernels/module.js'

const wasm = readFileSync(new URL('../../sabre.wasm', import.meta.url))

async function withServer(fn: (base: string) => Promise<void>): Promise<void> {
  const server: Server = createServer((request, response) => {
    if (request.url === '/octet.wasm') {
      response.writeHead(200, { 'Content-Type': 'application/octet-stream' })
      response.end(wasm)
    } else if (request.url === '/sabre.wasm') {
      response.writeHead(200, { 'Content-Type': 'application/wasm' })
      response.end(wasm)
    } else {
      response.writeHead(404, { 'Content-Type': 'text/plain' })
      response.end('not found\n')
    }
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  try {
    await fn(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)
  } finally {
    server.closeAllConnections()
    server.close()
  }
}

test('a module fetched over HTTP compiles, whether or not it is sent as application/wasm', () => withServer(async (base) => {
  for (const path of ['sabre.wasm', 'octet.wasm']) {
    const module = await userModule(new URL(path, base))
    assert.ok(WebAssembly.Module.exports(module).some((entry) => entry.name === 'sumF64'), path)
  }
}))

test('a missing module rejects naming its URL and the HTTP status', () => withServer(async (base) => {
  const error = await userModule(new URL('gone.wasm', base)).then(() => undefined, (e: unknown) => e)
  assert.instance(error, Error)
  assert.is((error as Error).message, `cannot fetch the kernel module ${base}gone.wasm: HTTP 404 Not Found`)
}))

test('a local module that is missing names its path and the error code', async () => {
  const error = await userModule(new URL('./gone.wasm', import.meta.url)).then(() => undefined, (e: unknown) => e)
  assert.match((error as Error).message, /^cannot read the kernel module \/.*gone\.wasm \(ENOENT\)$/)
})

test.run()
