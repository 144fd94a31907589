// Chromium through playwright-core over CDP: Debian's /usr/bin/chromium, headless.

import { chromium, type Page } from 'playwright-core'
import type { PageFunction, TestBrowser, TestPage } from './driver.js'

const FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--no-first-run', '--disable-sync',
]

function wrap(page: Page): TestPage {
  return {
    async goto(url) { await page.goto(url) },
    // The page function is plain data to the driver: its types are checked at TestPage.evaluate.
    evaluate: <R, A>(fn: PageFunction<A, R>, arg?: A) => page.evaluate(fn as (arg: unknown) => unknown, arg) as Promise<R>,
    onPageError: (listener) => page.on('pageerror', (error) => listener(error.message)),
    onLog: (listener) => page.on('console', (message) => { if (message.type() === 'log') listener(message.text()) }),
    click: (selector) => page.click(selector),
    mouse: {
      move: (x, y, steps = 1) => page.mouse.move(x, y, { steps }),
      down: () => page.mouse.down(),
      up: () => page.mouse.up(),
      wheel: (dx, dy) => page.mouse.wheel(dx, dy),
    },
    async screenshot(path, { selector, fullPage = false } = {}) {
      if (selector) await page.locator(selector).first().screenshot({ path })
      else await page.screenshot({ path, fullPage })
    },
    close: () => page.close(),
  }
}

/** Headless Chromium at `executablePath` with the flags CI needs. */
export async function launch(executablePath: string): Promise<TestBrowser> {
  const browser = await chromium.launch({ executablePath, headless: true, args: FLAGS, timeout: 30_000 })
  return {
    name: 'chromium',
    version: browser.version(),
    newPage: async (viewport) => wrap(await browser.newPage(viewport ? { viewport } : {})),
    close: () => browser.close(),
  }
}
