// A page whose server lacks sabre.wasm or the worker script (or whose worker
// throws): Engine.start rejects at once with an error that names the URL and
// the HTTP status (or the worker's error), instead of hanging until
// threads.js's 10 s init timeout.
//
// The bound, 2 s: what is measured is two requests to localhost answered 404
// (a few ms); both start-up timers (sabre's startTimeoutMs, threads.js's init
// timeout) are 10 s, so any result under 2 s shows neither fired, with a
// margin of hundreds of times the real cost for a busy machine.

import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as assert from 'uvu/assert'
import { suite } from '../support/suite.js'
import { pageResult, type AppFailure } from './app-page.js'
import { browserName, launchBrowser, type TestBrowser } from './driver.js'
import { pageRoot } from './page-root.js'
import { serve } from './support.js'

const FAIL_FAST_MS = 2_000

const test = suite<{ browser?: TestBrowser }>(`missing files (${browserName()})`, {})
test.before(async (context) => { context.browser = await launchBrowser() })
test.after(async ({ browser }) => { await browser?.close() })

const cases = [
  { missing: 'sabre.wasm', error: 'Error: cannot fetch the kernel module ' },
  { missing: 'sabre-worker.js', error: 'WorkerError: worker 0 could not load its script ' },
] as const

for (const { missing, error } of cases) {
  test(`without ${missing}, Engine.start rejects within 2 s naming its URL and HTTP 404`, async ({ browser }) => {
    const root = pageRoot({ leaveOut: [missing] })
    const served = await serve(root.dir)
    const page = await browser!.newPage()
    try {
      await page.goto(served.url)
      const result = await pageResult(page, 15_000) as AppFailure
      assert.ok(result.isolated, 'the page is cross-origin isolated')
      assert.ok(result.error.startsWith(error), result.error)
      assert.match(result.error, `${served.url}${missing}: HTTP 404 Not Found;`)
      assert.match(result.error, 'docs/browser.md#missing-files')
      assert.not.match(result.error, 'Did not receive an init message')
      assert.ok(result.ms < FAIL_FAST_MS, `rejected after ${Math.round(result.ms)} ms`)
    } finally {
      await page.close()
      await served.close()
      root.remove()
    }
  })
}

test('a worker script that loads but throws says so, naming its URL and the error, within 2 s', async ({ browser }) => {
  const root = pageRoot()
  writeFileSync(join(root.dir, 'sabre-worker.js'), "throw new Error('this worker cannot start')\n")
  const served = await serve(root.dir)
  const page = await browser!.newPage()
  try {
    await page.goto(served.url)
    const result = await pageResult(page, 15_000) as AppFailure
    assert.ok(result.error.startsWith(`WorkerError: worker 0 failed to start (${served.url}sabre-worker.js): `), result.error)
    assert.match(result.error, 'this worker cannot start')
    assert.ok(result.ms < FAIL_FAST_MS, `rejected after ${Math.round(result.ms)} ms`)
  } finally {
    await page.close()
    await served.close()
    root.remove()
  }
})

test.run()
