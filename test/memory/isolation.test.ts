import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { Engine, IsolationError } from '../../src/index.js'

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

test('where memory can be shared, the engine starts', async () => {
  const engine = await Engine.start({ threads: 1 })
  try {
    assert.is(await engine.reduce('countPrimes', 100), 25)
  } finally {
    await engine.close()
  }
})

test.run()
