// The browser tests' fixtures: the demo (or any folder) served on a free
// localhost port, and a page's first console.log. Which browser drives the
// page is driver.ts's business.

import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { createStaticServer } from '../../src/serve/static-server.js'
import type { TestPage } from './driver.js'

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
export async function firstLog(page: TestPage, url: string, errors: string[] = [], timeoutMs = 30_000): Promise<string> {
  page.onPageError((message) => errors.push(message))
  let timer: NodeJS.Timeout | undefined
  const logged = new Promise<string>((resolve, reject) => {
    page.onLog(resolve)
    timer = setTimeout(() => reject(new Error(`${url} logged nothing within ${timeoutMs} ms${errors.length ? `; page errors: ${errors.join('; ')}` : ''}`)), timeoutMs)
  })
  try {
    await page.goto(url)
    return await logged
  } finally {
    clearTimeout(timer)
  }
}
