// The demo page's browser-test fixture: a uvu suite with the demo served and
// open in this run's browser (driver.ts), where the server and the browser
// stop whatever happens; and the folder the screenshots go to.

import { fileURLToPath } from 'node:url'
import { suite } from '../support/suite.js'
import { browserName, launchBrowser, type TestBrowser, type TestPage } from './driver.js'
import { serveDemo, type Served } from './support.js'

/** report/browser/ (report/browser/<name>/ for a browser other than Chromium), beside the tour's report. */
export const screenshots = fileURLToPath(new URL(`../../../report/browser/${browserName() === 'chromium' ? '' : `${browserName()}/`}`, import.meta.url))

export interface DemoContext { served?: Served; browser?: TestBrowser; page?: TestPage; errors: string[] }

/** A suite with the demo open in a 1280 × 900 page, served with or without the isolation headers. */
export function demoSuite(name: string, isolated: boolean) {
  const test = suite<DemoContext>(`${name} (${browserName()})`, { errors: [] })
  test.before(async (context) => {
    context.served = await serveDemo(isolated)
    context.browser = await launchBrowser()
    context.page = await context.browser.newPage({ width: 1280, height: 900 })
    context.page.onPageError((message) => context.errors.push(message))
    await context.page.goto(context.served.url)
  })
  test.after(async (context) => {
    await context.browser?.close()
    await context.served?.close()
  })
  return test
}
