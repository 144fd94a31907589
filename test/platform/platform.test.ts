// The Node and browser twins of the platform and assets modules export the
// same names with the same types, so the browser build's swap cannot break a
// caller that type-checks against the Node twin.

import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as nodeAssets from '../../src/platform/assets.js'
import * as browserAssets from '../../src/platform/assets.browser.js'
import * as nodePlatform from '../../src/platform/platform.js'
import * as browserPlatform from '../../src/platform/platform.browser.js'

// Compile-time half: each twin is assignable to the other's module type.
const platformTwins: [typeof nodePlatform, typeof browserPlatform] = [browserPlatform, nodePlatform]
const assetTwins: [typeof nodeAssets, typeof browserAssets] = [browserAssets, nodeAssets]

test('platform.ts and platform.browser.ts export the same names', () => {
  assert.equal(Object.keys(platformTwins[0]).sort(), Object.keys(platformTwins[1]).sort())
  assert.is(nodePlatform.runtime, 'node')
  assert.is(browserPlatform.runtime, 'browser')
})

test('assets.ts and assets.browser.ts export the same names', () => {
  assert.equal(Object.keys(assetTwins[0]).sort(), Object.keys(assetTwins[1]).sort())
})

test('the Node twin names a missing local file, its error code and the fix', async () => {
  const missing = new URL('../no-such-module.wasm', import.meta.url)
  const error = await nodePlatform.readLocalFile(missing, 'the kernel module', 'build it first').then(() => undefined, (e: unknown) => e)
  assert.instance(error, Error)
  assert.match((error as Error).message, /^cannot read the kernel module \/.*no-such-module\.wasm \(ENOENT\): build it first$/)
})

test('the browser twin refuses file: URLs, saying to serve them over HTTP', async () => {
  const error = await browserPlatform.readLocalFile(new URL('file:///x.wasm'), 'the kernel module', '').then(() => undefined, (e: unknown) => e)
  assert.match((error as Error).message, 'serve the file over HTTP')
})

test('the Node twin names worker scripts relative to the caller, as threads.js expects', () => {
  assert.is(nodePlatform.workerScriptName(new URL('file:///a/b/worker.js'), 'file:///a/spawn.js'), './b/worker.js')
  assert.is(nodePlatform.workerScriptName(new URL('file:///a/worker.js'), 'file:///a/c/spawn.js'), '../worker.js')
  assert.is(browserPlatform.workerScriptName(new URL('http://h/w.js'), 'http://h/s.js'), 'http://h/w.js')
})

test.run()
