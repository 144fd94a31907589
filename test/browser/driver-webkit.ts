// WebKitGTK through WebKitWebDriver (classic WebDriver over HTTP; Debian's
// webkit2gtk-driver), driving its MiniBrowser on the X display DISPLAY names
// (xvfb-run). Each page is its own driver and browser process: classic
// WebDriver has no console or error events, so the driver hooks console.log
// and the error events in the page after each navigation and polls them; a
// log or error before the page's load event is not seen (the suites' pages
// report later, once an engine has started).

import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { writeFileSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import type { PageFunction, TestBrowser, TestPage } from './driver.js'

/** Debian's MiniBrowser, the browser WebKitWebDriver starts (MINIBROWSER overrides it). */
const MINIBROWSER = process.env.MINIBROWSER ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser'
/** MiniBrowser's window chrome above the page, px: a page of height h needs a window of h + this. */
const CHROME_PX = 38

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** The page side of the event hooks: installs them once per document, or hands over (and clears) what they caught. */
const HOOK = `
const d = window.__sabreDriver
if (!d) {
  const caught = window.__sabreDriver = { logs: [], errors: [] }
  const log = console.log
  console.log = (...args) => { caught.logs.push(args.map(String).join(' ')); log.apply(console, args) }
  addEventListener('error', (event) => caught.errors.push(event.message.replace(/^Error: /, '')))
  addEventListener('unhandledrejection', (event) => caught.errors.push(String(event.reason?.message ?? event.reason)))
  return { logs: [], errors: [] }
}
return { logs: d.logs.splice(0), errors: d.errors.splice(0) }`

/** Runs the page function given as source text on its argument; settles with { value } or { error }. */
const EVALUATE = `
const [source, arg, done] = arguments
Promise.resolve().then(() => (0, eval)('(' + source + ')')(arg))
  .then((value) => done({ value: value === undefined ? null : value }), (error) => done({ error: String(error && error.stack || error) }))`

interface Session {
  readonly base: string
  readonly driver: ChildProcess
}

async function call<T>(session: Session, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${session.base}${path}`, {
    method, headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const { value } = await response.json() as { value: T & { error?: string; message?: string } }
  if (!response.ok) throw new Error(`WebKitWebDriver ${method} ${path}: ${value.error}: ${value.message}`)
  return value
}

async function startSession(driverPath: string, sharedArrayBuffer: boolean): Promise<Session & { id: string; version: string }> {
  const port = await freePort()
  // JavaScriptCore reads its options from the environment; MiniBrowser and its web process inherit the driver's.
  const env = { ...process.env, ...(sharedArrayBuffer ? { JSC_useSharedArrayBuffer: '1' } : {}) }
  if (!sharedArrayBuffer) delete env.JSC_useSharedArrayBuffer
  const driver = spawn(driverPath, [`--port=${port}`], { stdio: 'ignore', env })
  const base = `http://127.0.0.1:${port}`
  const deadline = performance.now() + 20_000
  for (;;) {
    try {
      if ((await fetch(`${base}/status`)).ok) break
    } catch {
      if (performance.now() > deadline) { driver.kill(); throw new Error(`${driverPath} did not answer on port ${port} within 20 s`) }
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
  const session = { base, driver }
  try {
    const created = await call<{ sessionId: string; capabilities: { browserVersion: string } }>(session, 'POST', '/session', {
      capabilities: { alwaysMatch: { 'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] } } },
    })
    const id = created.sessionId
    await call(session, 'POST', `/session/${id}/timeouts`, { script: 600_000, pageLoad: 60_000 })
    return { ...session, id, version: created.capabilities.browserVersion }
  } catch (error) {
    driver.kill()
    throw error
  }
}

async function openPage(driverPath: string, sharedArrayBuffer: boolean, viewport: { width: number; height: number }): Promise<TestPage & { version: string }> {
  const session = await startSession(driverPath, sharedArrayBuffer)
  const path = `/session/${session.id}`
  await call(session, 'POST', `${path}/window/rect`, { width: viewport.width, height: viewport.height + CHROME_PX })
  const logListeners: ((text: string) => void)[] = []
  const errorListeners: ((message: string) => void)[] = []
  let closed = false
  let pointer = { x: 0, y: 0 }
  const poll = async (): Promise<void> => {
    if (closed) return
    try {
      const { logs, errors } = await call<{ logs: string[]; errors: string[] }>(session, 'POST', `${path}/execute/sync`, { script: HOOK, args: [] })
      for (const text of logs) for (const listener of logListeners) listener(text)
      for (const message of errors) for (const listener of errorListeners) listener(message)
    } catch {
      // A navigation under way: the next poll installs the hooks in the new document.
    }
    if (!closed) setTimeout(() => void poll(), 100)
  }
  const element = async (selector: string): Promise<string> => {
    const found = await call<Record<string, string>>(session, 'POST', `${path}/element`, { using: 'css selector', value: selector })
    return Object.values(found)[0]!
  }
  const pointerActions = (actions: unknown[]) => call(session, 'POST', `${path}/actions`, {
    actions: [{ type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' }, actions }],
  })
  return {
    version: session.version,
    async goto(url) {
      await call(session, 'POST', `${path}/url`, { url })
      await call(session, 'POST', `${path}/execute/sync`, { script: HOOK, args: [] })
    },
    async evaluate<R, A>(fn: PageFunction<A, R>, arg?: A): Promise<R> {
      const result = await call<{ value?: R; error?: string }>(session, 'POST', `${path}/execute/async`, { script: EVALUATE, args: [String(fn), arg ?? null] })
      if (result.error !== undefined) throw new Error(result.error)
      return (result.value === null ? undefined : result.value) as R
    },
    onPageError(listener) {
      errorListeners.push(listener)
      if (errorListeners.length + logListeners.length === 1) void poll()
    },
    onLog(listener) {
      logListeners.push(listener)
      if (errorListeners.length + logListeners.length === 1) void poll()
    },
    async click(selector) {
      await call(session, 'POST', `${path}/element/${await element(selector)}/click`, {})
    },
    mouse: {
      async move(x, y, steps = 1) {
        const from = pointer
        const moves = Array.from({ length: steps }, (_, i) => ({
          type: 'pointerMove', origin: 'viewport', duration: 0,
          x: Math.round(from.x + ((x - from.x) * (i + 1)) / steps), y: Math.round(from.y + ((y - from.y) * (i + 1)) / steps),
        }))
        await pointerActions(moves)
        pointer = { x, y }
      },
      down: async () => { await pointerActions([{ type: 'pointerDown', button: 0 }]) },
      up: async () => { await pointerActions([{ type: 'pointerUp', button: 0 }]) },
      async wheel(deltaX, deltaY) {
        await call(session, 'POST', `${path}/actions`, {
          actions: [{ type: 'wheel', id: 'wheel', actions: [{ type: 'scroll', origin: 'viewport', x: Math.round(pointer.x), y: Math.round(pointer.y), deltaX, deltaY }] }],
        })
      },
    },
    async screenshot(file, { selector } = {}) {
      // Classic WebDriver takes the viewport or one element; fullPage falls back to the viewport.
      const png = selector
        ? await call<string>(session, 'GET', `${path}/element/${await element(selector)}/screenshot`)
        : await call<string>(session, 'GET', `${path}/screenshot`)
      writeFileSync(file, Buffer.from(png, 'base64'))
    },
    async close() {
      closed = true
      await call(session, 'DELETE', path).catch(() => undefined)
      session.driver.kill()
    },
  }
}

/**
 * WebKitGTK's MiniBrowser through the WebKitWebDriver at `driverPath`, with
 * SharedArrayBuffer on (JSC_useSharedArrayBuffer=1) unless `sharedArrayBuffer` is false.
 */
export async function launch(driverPath: string, sharedArrayBuffer = true): Promise<TestBrowser> {
  const pages = new Set<TestPage>()
  // The version comes with a session: one short-lived page reads it.
  const probe = await openPage(driverPath, sharedArrayBuffer, { width: 800, height: 600 })
  const version = probe.version
  await probe.close()
  return {
    name: 'webkit',
    version,
    async newPage(viewport = { width: 1280, height: 720 }) {
      const page = await openPage(driverPath, sharedArrayBuffer, viewport)
      const close = page.close
      pages.add(page)
      return { ...page, close: async () => { pages.delete(page); await close() } }
    },
    async close() {
      await Promise.all([...pages].map((page) => page.close()))
    },
  }
}
