// Cross-origin isolation on hosts that cannot send COOP/COEP as sabre's server
// does: the coi-serviceworker package (no headers at all; a service worker
// adds them and the page reloads once or twice), COEP credentialless, and the error a
// page with neither gets.

import { copyFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { expectedResult, pageResult, type AppFailure } from './app-page.js'
import { pageRoot } from './page-root.js'
import { launchChromium, serve } from './support.js'

const coiServiceWorker = fileURLToPath(import.meta.resolve('coi-serviceworker/coi-serviceworker.js'))

const test = suite<{ browser?: Browser }>('cross-origin isolation without sabre\'s server', {})
test.before(async (context) => { context.browser = await launchChromium() })
test.after(async ({ browser }) => { await browser?.close() })

/** Loads the page in a fresh browser context (no service worker from an earlier test); counts main-frame navigations. */
async function open(browser: Browser, url: string): Promise<{ page: Page; loads: () => number; errors: string[] }> {
  const page = await browser.newPage()
  let loads = 0
  const errors: string[] = []
  page.on('framenavigated', (frame) => { if (frame === page.mainFrame()) loads++ })
  page.on('pageerror', (error) => errors.push(error.message))
  await page.goto(url)
  return { page, loads: () => loads, errors }
}

test('with no headers, coi-serviceworker.js makes the page isolated after it reloads, and sabre runs', async ({ browser }) => {
  const root = pageRoot({ headScripts: ['<script src="./coi-serviceworker.js"></script>'] })
  copyFileSync(coiServiceWorker, join(root.dir, 'coi-serviceworker.js'))
  const served = await serve(root.dir, false)
  const { page, loads, errors } = await open(browser!, served.url)
  try {
    assert.equal(await pageResult(page, 30_000, true), expectedResult())
    // coi-serviceworker reloads on its worker's first install and again if that worker is active but not
    // yet in control when register() resolves: one or two reloads, depending on how fast it installs.
    assert.ok(loads() >= 2 && loads() <= 3, `the first load, then coi-serviceworker's one or two reloads: ${loads()} loads`)
    assert.equal(errors, [])
  } finally {
    await page.close()
    await served.close()
    root.remove()
  }
})

test('COEP credentialless (with COOP same-origin) isolates the page too, and sabre runs', async ({ browser }) => {
  const root = pageRoot()
  const served = await serve(root.dir, { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'credentialless' })
  const { page, errors } = await open(browser!, served.url)
  try {
    assert.equal(await pageResult(page), expectedResult())
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

test.run()
