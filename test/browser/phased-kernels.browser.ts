// Your own phased kernels in a page: a module compiled by `sabre compile`
// (docs/own-kernels.md's histogram and a kernel that traps before a barrier),
// loaded with loadKernels and run by engine.parallel on 1, 2 and 3 workers in
// this run's browser. A trap in any member rejects with KernelError and
// releases the others; the next call counts right. parallelSync on the
// page's main thread is an Error saying what to do instead.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as assert from 'uvu/assert'
import { compileKernels } from '../../src/compile/index.js'
import { countBytes, hashedBytes, phasedModuleSource } from '../support/phased-module.js'
import { suite } from '../support/suite.js'
import { browserName, launchBrowser, type TestBrowser } from './driver.js'
import { pageRoot } from './page-root.js'
import { firstLog, serve } from './support.js'

const LENGTH = 100_003

// hashedBytes, the page's own copy: the bytes cross into the page as code, not data.
const mainScript = `
import { Engine, KernelError, loadKernels } from './sabre.js'
try {
  const module = await loadKernels('./kernels/phased.sabre.json')
  const bytes = Uint8Array.from({ length: ${LENGTH} }, (_, i) => Math.imul(i, 2654435761) >>> 24)
  const runs = []
  for (const threads of [1, 2, 3]) {
    const engine = await Engine.start({ threads, module })
    const data = engine.from(bytes)
    const counts = engine.alloc(Uint32Array, 256 * threads)
    const bins = engine.alloc(Uint32Array, 256)
    await engine.parallel('histogramBytes', [data, data.length, counts, bins])
    const first = [...bins]
    const passed = engine.alloc(Int32Array, 1)
    const traps = []
    const after = []
    for (let member = 0; member < threads; member++) {
      const error = await engine.parallel('trapBeforeBarrier', [member, passed]).then(() => undefined, (e) => e)
      traps.push({ kernelError: error instanceof KernelError, worker: error?.worker, message: String(error?.message) })
      bins.fill(0)
      await engine.parallel('histogramBytes', [data, data.length, counts, bins])
      after.push([...bins])
    }
    let sync
    try { engine.parallelSync('histogramBytes', [data, data.length, counts, bins]) } catch (error) { sync = error.name + ': ' + error.message }
    runs.push({ threads, first, traps, after, passed: passed[0], sync })
    await engine.close()
  }
  console.log(JSON.stringify({ runs }))
} catch (error) {
  console.log(JSON.stringify({ error: error.name + ': ' + error.message }))
}
`

interface Run {
  threads: number
  first: number[]
  traps: { kernelError: boolean; worker: number; message: string }[]
  after: number[][]
  passed: number
  sync: string
}

const test = suite<{ browser?: TestBrowser }>(`your own phased kernels in a page (${browserName()})`, {})
test.before(async (context) => { context.browser = await launchBrowser() })
test.after(async ({ browser }) => { await browser?.close() })

test('engine.parallel runs a compiled phased kernel on 1, 2 and 3 workers; a trap before a barrier rejects with KernelError and the next call succeeds; parallelSync is an Error', async ({ browser }) => {
  const root = pageRoot({ main: mainScript })
  const source = mkdtempSync(join(tmpdir(), 'sabre-phased-'))
  const page = await browser!.newPage()
  const served = await serve(root.dir)
  try {
    writeFileSync(join(source, 'phased.ts'), phasedModuleSource())
    await compileKernels(join(source, 'phased.ts'), { outDir: join(root.dir, 'kernels') })
    const result = JSON.parse(await firstLog(page, served.url, [], 60_000)) as { error?: string; runs: Run[] }
    assert.is(result.error, undefined, String(result.error))
    const expected = [...countBytes(hashedBytes(LENGTH))]
    assert.equal(result.runs.map((run) => run.threads), [1, 2, 3])
    for (const run of result.runs) {
      assert.equal(run.first, expected, `${run.threads} workers: the histogram equals the plain loop's`)
      assert.is(run.traps.length, run.threads)
      run.traps.forEach((trap, member) => {
        assert.ok(trap.kernelError, `${run.threads} workers, member ${member}: a KernelError, got ${trap.message}`)
        assert.is(trap.worker, member)
        assert.match(trap.message, new RegExp(`^kernel trapBeforeBarrier trapped as member ${member} of ${run.threads} in worker ${member}: RuntimeError: unreachable`))
        assert.equal(run.after[member], expected, `${run.threads} workers: the call after member ${member}'s trap counts right`)
      })
      assert.is(run.passed, 0, 'no member went past the barrier')
      assert.is(run.sync, 'Error: engine.parallelSync() would block this thread, and a browser\'s main thread may not block: ' +
        'start the engine inside a Worker to use synchronous calls, or call engine.parallel() here')
    }
  } finally {
    await page.close()
    await served.close()
    root.remove()
    rmSync(source, { recursive: true, force: true })
  }
})

test.run()
