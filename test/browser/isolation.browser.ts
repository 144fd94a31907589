// Cross-origin isolation on hosts that cannot send COOP/COEP as sabre's server
// does: the coi-serviceworker package (no headers at all; a service worker
// adds them and the page reloads once or twice), COEP credentialless, and the error a
// page with neither gets, in this run's browser.

import { copyFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as assert from 'uvu/assert'
import { suite } from '../support/suite.js'
import { expectedResult, pageResult, type AppFailure } from './app-page.js'
import { browserName, launchBrowser, type TestBrowser, type TestPage } from './driver.js'
import { pageRoot } from './page-root.js'
import { serve } from './support.js'

const coiServiceWorker = fileURLToPath(import.meta.resolve('coi-serviceworker/coi-serviceworker.js'))

const test = suite<{ browser?: TestBrowser }>(`cross-origin isolation without sabre's server (${browserName()})`, {})
test.before(async (context) => { context.browser = await launchBrowser() })
test.after(async ({ browser }) => { await browser?.close() })

/** Counts the page's loads in its tab's sessionStorage (a reload keeps it; any browser runs it). */
const COUNT_LOADS = "<script>sessionStorage.setItem('loads', String(Number(sessionStorage.getItem('loads') ?? 0) + 1))</script>"

/** Loads the page in a new tab (each test serves its own origin, so no service worker carries over). */
async function open(browser: TestBrowser, url: string): Promise<{ page: TestPage; loads: () => Promise<number>; errors: string[] }> {
  const page = await browser.newPage()
  const errors: string[] = []
  page.onPageError((message) => errors.push(message))
  await page.goto(url)
  return { page, loads: () => page.evaluate(() => Number(sessionStorage.getItem('loads'))), errors }
}

test('with no headers, coi-serviceworker.js makes the page isolated after it reloads, and sabre runs', async ({ browser }) => {
  const root = pageRoot({ headScripts: [COUNT_LOADS, '<script src="./coi-serviceworker.js"></script>'] })
  copyFileSync(coiServiceWorker, join(root.dir, 'coi-serviceworker.js'))
  const served = await serve(root.dir, false)
  const { page, loads, errors } = await open(browser!, served.url)
  try {
    assert.equal(await pageResult(page, 30_000, true), expectedResult())
    // coi-serviceworker reloads on its worker's first install and again if that worker is active but not
    // yet in control when register() resolves: one or two reloads, depending on how fast it installs.
    const count = await loads()
    assert.ok(count >= 2 && count <= 3, `the first load, then coi-serviceworker's one or two reloads: ${count} loads`)
    assert.equal(errors, [])
  } finally {
    await page.close()
    await served.close()
    root.remove()
  }
})

// WebKit (Safari's engine) does not know COEP credentialless: there the page is not isolated, and sabre names the headers.
const credentialless = browserName() !== 'webkit'

test(`COEP credentialless (with COOP same-origin) ${credentialless ? 'isolates the page too, and sabre runs' : 'does not isolate the page in WebKit, and sabre names the headers'}`, async ({ browser }) => {
  const root = pageRoot()
  const served = await serve(root.dir, { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'credentialless' })
  const { page, errors } = await open(browser!, served.url)
  try {
    if (credentialless) {
      assert.equal(await pageResult(page), expectedResult())
    } else {
      const { isolated, error } = await pageResult(page) as AppFailure
      assert.is(isolated, false)
      assert.match(error, 'IsolationError: sabre needs SharedArrayBuffer, which browsers give only to cross-origin isolated pages, and this page is not')
    }
    assert.equal(errors, [])
  } finally {
    await page.close()
    await served.close()
    root.remove()
  }
})

test('with neither, Engine.start rejects with an IsolationError naming both headers and the docs section', async ({ browser }) => {
  const root = pageRoot()
  const served = await serve(root.dir, false)
  const { page } = await open(browser!, served.url)
  try {
    const { isolated, error } = await pageResult(page) as AppFailure
    assert.is(isolated, false)
    assert.ok(error.startsWith('IsolationError: '), error)
    assert.match(error, '"Cross-Origin-Opener-Policy: same-origin"')
    assert.match(error, '"Cross-Origin-Embedder-Policy: require-corp"')
    assert.match(error, 'coi-serviceworker')
    assert.match(error, 'docs/browser.md#cross-origin-isolation')
    assert.not.match(error, 'npm run')
  } finally {
    await page.close()
    await served.close()
    root.remove()
  }
})

if (browserName() === 'webkit') {
  test('WebKitGTK as it ships (SharedArrayBuffer off): the page is isolated, and the error says so and blames the browser, not the headers', async () => {
    const shipped = await launchBrowser('webkit', { sharedArrayBuffer: false })
    const root = pageRoot()
    const served = await serve(root.dir)
    try {
      const page = await shipped.newPage()
      await page.goto(served.url)
      const { isolated, error } = await pageResult(page) as AppFailure
      assert.is(isolated, true)
      assert.ok(error.startsWith('IsolationError: sabre needs SharedArrayBuffer, and this browser gives none even to this page, which is cross-origin isolated'), error)
      assert.match(error, 'JSC_useSharedArrayBuffer=1')
      assert.not.match(error, 'serve the page with')
    } finally {
      await shipped.close()
      await served.close()
      root.remove()
    }
  })
}

test.run()
