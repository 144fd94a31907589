// The browser tests' fixtures: the demo served on a free localhost port, and
// Debian's Chromium driven headless by playwright-core (never a downloaded browser).

import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'
import { createStaticServer } from '../../src/serve/static-server.js'

/** The browser the suite drives; CHROMIUM overrides it. */
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium'

const FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--no-first-run', '--disable-sync',
]

/** dist/web: the demo as `npm run build` leaves it. */
const webRoot = fileURLToPath(new URL('../../web/', import.meta.url))

export interface Served {
  readonly url: string
  close(): Promise<void>
}

/** Serves the demo on a free port, with or without the cross-origin isolation headers. */
export const serveDemo = (isolated: boolean): Promise<Served> => serve(webRoot, isolated)

/**
 * Serves `root` on a free localhost port: with sabre's isolation headers
 * (true), none (false), or exactly the given headers (another COEP value).
 */
export async function serve(root: string, isolated: boolean | Readonly<Record<string, string>> = true): Promise<Served> {
  const server = createStaticServer({ root, isolated: isolated === true })
  if (typeof isolated === 'object') {
    // Runs before the file server's own listener; its writeHead keeps headers set here.
    server.prependListener('request', (_request, response) => {
      for (const [name, value] of Object.entries(isolated)) response.setHeader(name, value)
    })
  }
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    async close() {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}

/**
 * Opens `url` in `page` and resolves with the text of the page's first
 * console.log (what the test pages report their results with); rejects after
 * `timeoutMs`. Errors the page throws are collected in `errors`.
 */
export async function firstLog(page: Page, url: string, errors: string[] = [], timeoutMs = 30_000): Promise<string> {
  page.on('pageerror', (error) => errors.push(error.message))
  const logged = page.waitForEvent('console', { predicate: (message) => message.type() === 'log', timeout: timeoutMs })
  await page.goto(url)
  return (await logged).text()
}

/** Headless Chromium with the flags CI needs. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS, timeout: 30_000 })
}
