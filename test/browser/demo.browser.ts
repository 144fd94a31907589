// The demo page in a real browser: every kernel on 1 and N workers checked
// against references computed in the page, the race lab, a page that keeps
// drawing, and the message a page without cross-origin isolation gets.

import { mkdirSync, statSync } from 'node:fs'
import * as assert from 'uvu/assert'
import type { SabreDemo } from '../../web/demo.js'
import { demoSuite, screenshots } from './demo-suite.js'
import { count, disabled, text, visible } from './dom.js'

declare const sabreDemo: SabreDemo

const isolated = demoSuite('demo page, cross-origin isolated', true)

isolated('is cross-origin isolated and starts an engine', async ({ page }) => {
  const ready = await page!.evaluate(() => sabreDemo.ready)
  assert.equal(ready.error, undefined)
  assert.ok(ready.isolated)
  assert.ok(ready.cores >= 1)
})

isolated('every kernel matches its JavaScript reference on 1 and on N workers, with every schedule', async ({ page }) => {
  const { cores } = await page!.evaluate(() => sabreDemo.ready)
  const many = Math.max(2, cores)
  const kernels = await page!.evaluate(() => [...sabreDemo.kernels])
  assert.ok(kernels.length >= 12, `kernels: ${kernels.join(', ')}`)
  const schedules = ['static', 'dynamic', 'guided'] as const
  for (const [i, kernel] of kernels.entries()) {
    for (const workers of [1, many]) {
      const schedule = schedules[i % schedules.length]!
      const run = await page!.evaluate(({ kernel, workers, schedule }) =>
        sabreDemo.runKernel(kernel, { workers, schedule, scale: 0.05 }), { kernel, workers, schedule })
      assert.ok(run.agrees, `${kernel} on ${workers} workers (${schedule}) differs from its reference`)
      assert.ok(run.ms > 0 && run.jsMs >= 0 && run.speedup > 0)
      assert.is((run.timeline.match(/class="lane"/g) ?? []).length, workers, `${kernel}: one lane per worker`)
    }
  }
  assert.match(await text(page!, '#results tbody tr'), '✓ matches JS')
})

isolated('the race lab: every fix is exact in every run, and the table shows on the page', async ({ page }) => {
  const threads = Math.min(2, (await page!.evaluate(() => sabreDemo.ready)).cores)
  for (const scenario of ['counter', 'histogram', 'bank', 'js-counter'] as const) {
    const { fixes } = await page!.evaluate(({ scenario, threads }) => sabreDemo.runRaces(scenario, threads, 3), { scenario, threads })
    for (const { fix, runs } of fixes) {
      if (fix === 'none' || fix === 'naive-locks') continue
      for (const run of runs) {
        assert.is(run.lost, 0, `${scenario}/${fix} lost ${run.lost}`)
        assert.is(run.overdrafts ?? 0, 0, `${scenario}/${fix} overdrew`)
      }
    }
    const rows = await count(page!, `#race-${scenario} tbody tr`)
    assert.is(rows, fixes.length, `${scenario}: one row per fix`)
  }
})

isolated('the page keeps drawing while the engine works', async ({ page }) => {
  const run = await page!.evaluate(() => sabreDemo.runKernel('countPrimes', { workers: 1, scale: 1 }))
  const { frames, maxGapMs } = await page!.evaluate(() => ({ frames: sabreDemo.frames.frames, maxGapMs: sabreDemo.frames.maxGapMs }))
  // A warm-up and three timed runs: a blocked main thread would show one gap as long as all four.
  const engineMs = 4 * run.ms
  assert.ok(frames >= 3, `${frames} frames in ${engineMs.toFixed(0)} ms of engine work`)
  assert.ok(maxGapMs < engineMs / 2, `longest frame gap ${maxGapMs.toFixed(0)} ms in ${engineMs.toFixed(0)} ms of engine work`)
})

isolated('the Pool, futures and Queue APIs work in the page as in Node', async ({ page }) => {
  const result = await page!.evaluate(async () => {
    // The library as an app imports it: the bundle served beside the page.
    const sabre = await import(`${location.origin}/sabre.js`) as typeof import('../../src/index.js')
    const engine = await sabre.Engine.start({ threads: 2 })
    try {
      const squares = await new sabre.Pool(engine).map('square', [1, 2, 3, 4], { chunksize: 1 })
      const executor = new sabre.Executor(engine)
      const fib = await executor.submit('fibonacci', 20)
      await executor.shutdown()
      const queue = sabre.Queue.create(4)
      await queue.putAsync(7)
      return { squares, fib, taken: await queue.getAsync() }
    } finally {
      await engine.close()
    }
  })
  assert.equal(result, { squares: [1, 4, 9, 16], fib: 6765, taken: 7 })
})

isolated('saves a screenshot and raised no page errors', async ({ page, errors }) => {
  mkdirSync(screenshots, { recursive: true })
  const path = `${screenshots}demo.png`
  await page!.screenshot(path, { fullPage: true })
  assert.ok(statSync(path).size > 10_000)
  assert.equal(errors, [])
})

isolated.run()

const plain = demoSuite('demo page without the isolation headers', false)

plain('says which headers are missing instead of failing cryptically', async ({ page }) => {
  const ready = await page!.evaluate(() => sabreDemo.ready)
  assert.not.ok(ready.isolated)
  assert.match(ready.error ?? '', 'IsolationError')
  assert.match(ready.error ?? '', 'Cross-Origin-Opener-Policy: same-origin')
  assert.match(ready.error ?? '', 'Cross-Origin-Embedder-Policy: require-corp')
  assert.ok(await visible(page!, '#error'))
  assert.match(await text(page!, '#error'), 'Cross-Origin-Embedder-Policy')
  assert.ok(await disabled(page!, '#run'), 'the run button is disabled')
  mkdirSync(screenshots, { recursive: true })
  await page!.screenshot(`${screenshots}not-isolated.png`)
})

plain.run()
