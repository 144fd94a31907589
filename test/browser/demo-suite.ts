// The demo page's browser-test fixture: a uvu suite with the demo served and
// open in Chromium, where the server and the browser stop whatever happens;
// and the folder the screenshots go to.

import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { suite } from 'uvu'
import { launchChromium, serveDemo, type Served } from './support.js'

/** report/browser/, beside the tour's report. */
export const screenshots = fileURLToPath(new URL('../../../report/browser/', import.meta.url))

export interface DemoContext { served?: Served; browser?: Browser; page?: Page; errors: string[] }

/** A suite with the demo open in a 1280 × 900 page, served with or without the isolation headers. */
export function demoSuite(name: string, isolated: boolean) {
  const test = suite<DemoContext>(name, { errors: [] })
  test.before(async (context) => {
    context.served = await serveDemo(isolated)
    context.browser = await launchChromium()
    context.page = await context.browser.newPage({ viewport: { width: 1280, height: 900 } })
    context.page.on('pageerror', (error) => context.errors.push(error.message))
    await context.page.goto(context.served.url)
  })
  test.after(async (context) => {
    await context.browser?.close()
    await context.served?.close()
  })
  return test
}
