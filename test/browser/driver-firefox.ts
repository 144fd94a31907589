// Firefox through puppeteer-core over WebDriver BiDi: Debian's firefox-esr,
// headless. puppeteer-core never downloads a browser (only `puppeteer` does).

import puppeteer, { type Page } from 'puppeteer-core'
import type { PageFunction, TestBrowser, TestPage } from './driver.js'

function wrap(page: Page): TestPage {
  return {
    async goto(url) { await page.goto(url) },
    // The page function is plain data to the driver: its types are checked at TestPage.evaluate.
    evaluate: <R, A>(fn: PageFunction<A, R>, arg?: A) => page.evaluate(fn as (arg: unknown) => unknown, arg) as Promise<R>,
    onPageError: (listener) => { page.on('pageerror', (error) => listener(error instanceof Error ? error.message : String(error))) },
    onLog: (listener) => { page.on('console', (message) => { if (message.type() === 'log') listener(message.text()) }) },
    click: (selector) => page.click(selector),
    mouse: {
      move: (x, y, steps = 1) => page.mouse.move(x, y, { steps }),
      down: () => page.mouse.down(),
      up: () => page.mouse.up(),
      wheel: (deltaX, deltaY) => page.mouse.wheel({ deltaX, deltaY }),
    },
    async screenshot(path, { selector, fullPage = false } = {}) {
      if (selector) {
        const element = await page.$(selector)
        if (!element) throw new Error(`no element matches ${selector}`)
        await element.screenshot({ path })
      } else {
        await page.screenshot({ path, fullPage })
      }
    },
    close: () => page.close(),
  }
}

/** Headless Firefox at `executablePath`, driven over WebDriver BiDi. */
export async function launch(executablePath: string): Promise<TestBrowser> {
  const browser = await puppeteer.launch({
    browser: 'firefox', protocol: 'webDriverBiDi', executablePath, headless: true, timeout: 60_000,
    defaultViewport: null,
  })
  return {
    name: 'firefox',
    version: await browser.version(),
    async newPage(viewport = { width: 1280, height: 720 }) {
      const page = await browser.newPage()
      await page.setViewport(viewport)
      return wrap(page)
    },
    close: () => browser.close(),
  }
}
