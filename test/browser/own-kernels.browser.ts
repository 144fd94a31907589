// Your own kernels in a page: a module compiled by `sabre compile`, served
// beside the browser build, loaded with loadKernels from a relative URL and
// run on an engine in this run's browser, with the same results as in Node.

import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as assert from 'uvu/assert'
import { compileKernels } from '../../src/compile/index.js'
import { suite } from '../support/suite.js'
import { browserName, launchBrowser, type TestBrowser } from './driver.js'
import { pageRoot } from './page-root.js'
import { firstLog, serve } from './support.js'

const source = fileURLToPath(new URL('../../../examples/own-kernel/assembly/kernels.ts', import.meta.url))

const mainScript = `
import { Engine, loadKernels, Pool } from './sabre.js'
try {
  const engine = await Engine.start({ threads: 2, module: await loadKernels('./kernels/kernels.sabre.json') })
  const xs = engine.alloc(Float64Array, 100_000).fill(1)
  await engine.parallelFor('scaleF64', xs.length, [xs, 3])
  const sum = await engine.reduce('sumSquaresF64', xs.length, [xs])
  const lengths = await new Pool(engine).starmap('hypot', [[3, 4], [5, 12]])
  const wrong = await engine.parallelFor('scaleF64', 10, [xs]).catch((e) => e.message)
  await engine.close()
  const missing = await loadKernels('./kernels/missing.sabre.json').catch((e) => e.message)
  console.log(JSON.stringify({ sum, lengths, wrong, missing }))
} catch (error) {
  console.log(JSON.stringify({ error: error.name + ': ' + error.message }))
}
`

const test = suite<{ browser?: TestBrowser }>(`your own kernels in a page (${browserName()})`, {})
test.before(async (context) => { context.browser = await launchBrowser() })
test.after(async ({ browser }) => { await browser?.close() })

test('a compiled module loads from a relative URL and runs range, reduce and item kernels', async ({ browser }) => {
  const root = pageRoot({ main: mainScript })
  await compileKernels(source, { outDir: join(root.dir, 'kernels') })
  const served = await serve(root.dir)
  const page = await browser!.newPage()
  try {
    const result = JSON.parse(await firstLog(page, served.url)) as Record<string, unknown>
    assert.is(result.error, undefined, String(result.error))
    assert.is(result.sum, 900_000)
    assert.equal(result.lengths, [5, 13])
    assert.is(result.wrong, 'scaleF64(xs, factor) takes 2 arguments, got 1')
    assert.is(result.missing, `cannot fetch the kernel description ${served.url}kernels/missing.sabre.json: HTTP 404 Not Found`)
  } finally {
    await page.close()
    await served.close()
    root.remove()
  }
})

test.run()
