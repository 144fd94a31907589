// Synchronous regions in a browser: a page's main thread may not block, so
// parallelForSync throws there and says what to do; inside a dedicated Worker
// that starts its own engine, it runs (the caller is one of the team), and
// so do reduceSync and parallelSync (a phased kernel with the Worker as the
// last member).

import * as assert from 'uvu/assert'
import { reference } from '../../src/index.js'
import { suite } from '../support/suite.js'
import { browserName, launchBrowser, type TestBrowser } from './driver.js'
import { pageRoot } from './page-root.js'
import { firstLog, serve } from './support.js'

const test = suite<{ browser?: TestBrowser }>(`synchronous regions (${browserName()})`, {})
test.before(async (context) => { context.browser = await launchBrowser() })
test.after(async ({ browser }) => { await browser?.close() })

const side = 64
const args = `[image, ${side}, ${side}, -2, -1.5, 1, 1.5, 100]`

/** The iteration counts of the test image, summed: what the page must report. */
function expectedSum(): number {
  const image = new Uint32Array(side * side)
  reference.mandelbrot(image, side, side, -2, -1.5, 1, 1.5, 100, 0, side)
  return image.reduce((sum, v) => sum + v, 0)
}

const mainScript = `
import { Engine } from './sabre.js'
const engine = await Engine.start({ threads: 2 })
const image = engine.alloc(Uint32Array, ${side * side})
let message
try { engine.parallelForSync('mandelbrot', ${side}, ${args}) } catch (error) { message = error.name + ': ' + error.message }
await engine.parallelFor('mandelbrot', ${side}, ${args})
const asyncSum = image.reduce((a, b) => a + b, 0)
await engine.close()
const worker = new Worker('./worker.js', { type: 'module' })
worker.onmessage = (event) => console.log(JSON.stringify({ message, asyncSum, ...event.data }))
worker.onerror = (event) => console.log(JSON.stringify({ workerError: event.message }))
`

const workerScript = `
import { Engine } from './sabre.js'
try {
  const engine = await Engine.start({ threads: 2 })
  const image = engine.alloc(Uint32Array, ${side * side})
  engine.parallelForSync('mandelbrot', ${side}, ${args}, { schedule: 'dynamic', chunk: 2 })
  const syncSum = image.reduce((a, b) => a + b, 0)
  const xs = engine.alloc(Float64Array, 10_000).fill(0.5)
  const reduced = engine.reduceSync('sumF64', xs.length, [xs])
  // A phased kernel with the Worker as the last member: 50 rounds, each checking every slot across two barriers.
  const slots = engine.alloc(Int32Array, 2)
  const mismatches = engine.alloc(Int32Array, 2).fill(-1)
  engine.parallelSync('phaseRounds', [slots, mismatches, 50])
  const phased = { slots: [...slots], mismatches: [...mismatches] }
  await engine.close()
  postMessage({ syncSum, reduced, phased })
} catch (error) {
  postMessage({ workerError: error.name + ': ' + error.message })
}
`

test('the page\'s main thread gets an Error saying to use a Worker; a Worker\'s own engine runs sync regions', async ({ browser }) => {
  const root = pageRoot({ main: mainScript, files: { 'worker.js': workerScript } })
  const served = await serve(root.dir)
  const page = await browser!.newPage()
  try {
    const result = JSON.parse(await firstLog(page, served.url)) as Record<string, unknown>
    assert.is(result.workerError, undefined, String(result.workerError))
    assert.match(String(result.message), /^Error: engine.parallelForSync\(\) would block this thread, and a browser's main thread may not block: start the engine inside a Worker to use synchronous calls, or call engine.parallelFor\(\) here$/)
    const expected = expectedSum()
    assert.is(result.asyncSum, expected, 'the async call works on the same page')
    assert.is(result.syncSum, expected, 'parallelForSync in a Worker draws the same image')
    assert.is(result.reduced, 5_000)
    assert.equal(result.phased, { slots: [50, 100], mismatches: [0, 0] }, 'parallelSync in a Worker: every phase saw the last one\'s writes')
  } finally {
    await page.close()
    await served.close()
    root.remove()
  }
})

test.run()
