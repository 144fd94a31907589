import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { Engine, IsolationError } from '../../src/index.js'
import { isolationProblem, requireSharedMemory } from '../../src/memory/isolation.js'

// Node always shares memory; a browser page without COOP/COEP reports crossOriginIsolated = false.
const pretendNotIsolated = () => Object.defineProperty(globalThis, 'crossOriginIsolated', { value: false, configurable: true })
const restore = () => delete (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated

test('on a page that is not cross-origin isolated, Engine.start names the missing headers', async () => {
  pretendNotIsolated()
  try {
    const error = await Engine.start({ threads: 1 }).then(() => undefined, (e: unknown) => e)
    assert.instance(error, IsolationError)
    assert.match((error as Error).message, 'Cross-Origin-Opener-Policy: same-origin')
    assert.match((error as Error).message, 'Cross-Origin-Embedder-Policy: require-corp')
    assert.match((error as Error).message, 'crossOriginIsolated is false')
    assert.match((error as Error).message, 'docs/browser.md#cross-origin-isolation')
    assert.not.match((error as Error).message, 'npm run', 'a package user has no npm scripts of sabre to run')
  } finally {
    restore()
  }
})

test('an isolated page without SharedArrayBuffer (WebKitGTK) is told the headers are right and the browser is the limit', () => {
  const message = isolationProblem({ isolated: true, sharedArrayBuffer: false })!
  assert.match(message, 'this page, which is cross-origin isolated')
  assert.match(message, 'crossOriginIsolated is true, SharedArrayBuffer is undefined')
  assert.match(message, 'JSC_useSharedArrayBuffer=1')
  assert.match(message, 'docs/browser.md#browsers')
  assert.not.match(message, 'is not', 'it never says the page is not isolated')
  assert.not.match(message, 'serve the page with', 'nor sends the user to fix headers they have')
  assert.throws(() => requireSharedMemory({ isolated: true, sharedArrayBuffer: false }), (error: unknown) => error instanceof IsolationError && error.message === message)
})

test('a browser with neither crossOriginIsolated nor SharedArrayBuffer is called too old, not badly served', () => {
  const message = isolationProblem({ isolated: undefined, sharedArrayBuffer: false })!
  assert.match(message, 'has neither it nor crossOriginIsolated')
  assert.match(message, 'Safari 15.2')
  assert.not.match(message, 'Cross-Origin-Opener-Policy')
})

test('each message names its own case: three cases, three different first sentences', () => {
  const first = (isolated: boolean | undefined) => isolationProblem({ isolated, sharedArrayBuffer: false })!.split(':')[0]
  assert.is(new Set([first(false), first(true), first(undefined)]).size, 3)
  // SharedArrayBuffer without isolation (an old Chrome, a flag) still cannot share wasm memory with workers.
  assert.match(isolationProblem({ isolated: false, sharedArrayBuffer: true })!, 'crossOriginIsolated is false')
})

test('isolated with SharedArrayBuffer, or outside browsers (no crossOriginIsolated) with it, is no problem', () => {
  assert.is(isolationProblem({ isolated: true, sharedArrayBuffer: true }), undefined)
  assert.is(isolationProblem({ isolated: undefined, sharedArrayBuffer: true }), undefined)
  requireSharedMemory({ isolated: true, sharedArrayBuffer: true })
})

test('every message links its section of the browser docs by absolute URL (test/bundlers/docs.test.ts checks the sections)', () => {
  for (const isolated of [false, true, undefined]) {
    assert.match(isolationProblem({ isolated, sharedArrayBuffer: false })!, /https:\/\/\S+\/docs\/browser\.md#(browsers|cross-origin-isolation)\b/)
  }
})

test('where memory can be shared, the engine starts', async () => {
  const engine = await Engine.start({ threads: 1 })
  try {
    assert.is(await engine.reduce('countPrimes', 100), 25)
  } finally {
    await engine.close()
  }
})

test.run()
