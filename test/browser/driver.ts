// The browser the suites drive, behind one small interface so the same checks
// run in each: Debian's Chromium through playwright-core (CDP), Debian's
// firefox-esr through puppeteer-core (WebDriver BiDi; playwright-core's BiDi
// Firefox needs commands ESR 153 lacks), and WebKitGTK's MiniBrowser through
// WebKitWebDriver (classic WebDriver, under Xvfb). SABRE_BROWSER picks one for
// a run (default chromium); no driver ever downloads a browser.

/** The browsers the suites know how to drive. */
export const BROWSERS = ['chromium', 'firefox', 'webkit'] as const
export type BrowserName = typeof BROWSERS[number]

/** A function run in the page: plain JavaScript, serialized (no closures over test code). */
export type PageFunction<A, R> = (arg: A) => R | Promise<R>

/** One tab. Coordinates are CSS pixels of the viewport, as getBoundingClientRect gives them. */
export interface TestPage {
  goto(url: string): Promise<void>
  /** Runs `fn(arg)` in the page and resolves with its (awaited, JSON-able) result. */
  evaluate<R, A = undefined>(fn: PageFunction<A, R>, arg?: A): Promise<R>
  /** Every uncaught error of the page, by message. */
  onPageError(listener: (message: string) => void): void
  /** Every console.log of the page, by text. */
  onLog(listener: (text: string) => void): void
  /** A real click at the centre of the first element matching `selector`. */
  click(selector: string): Promise<void>
  readonly mouse: {
    move(x: number, y: number, steps?: number): Promise<void>
    down(): Promise<void>
    up(): Promise<void>
    /** A wheel event of (dx, dy) pixels at the pointer. */
    wheel(dx: number, dy: number): Promise<void>
  }
  /** A PNG of the viewport (or the whole page), or of the first element matching `selector`. */
  screenshot(path: string, options?: { selector?: string; fullPage?: boolean }): Promise<void>
  close(): Promise<void>
}

export interface TestBrowser {
  readonly name: BrowserName
  /** The browser's own version string. */
  readonly version: string
  newPage(viewport?: { width: number; height: number }): Promise<TestPage>
  close(): Promise<void>
}

/** The browser of this run: SABRE_BROWSER, or chromium. */
export function browserName(value = process.env.SABRE_BROWSER ?? 'chromium'): BrowserName {
  if (!(BROWSERS as readonly string[]).includes(value)) throw new RangeError(`SABRE_BROWSER must be one of ${BROWSERS.join(', ')}, got ${JSON.stringify(value)}`)
  return value as BrowserName
}

/** Where each browser is installed by Debian's package; CHROMIUM, FIREFOX and WEBKIT_DRIVER override. */
export const EXECUTABLES: Readonly<Record<BrowserName, string>> = {
  chromium: process.env.CHROMIUM ?? '/usr/bin/chromium',
  firefox: process.env.FIREFOX ?? '/usr/bin/firefox-esr',
  webkit: process.env.WEBKIT_DRIVER ?? '/usr/bin/WebKitWebDriver',
}

/** The Debian package that provides each browser, for messages. */
export const PACKAGES: Readonly<Record<BrowserName, string>> = { chromium: 'chromium', firefox: 'firefox-esr', webkit: 'webkit2gtk-driver xvfb' }

export interface LaunchOptions {
  /** WebKit only: false leaves JavaScriptCore's SharedArrayBuffer off, as WebKitGTK ships (default true). */
  readonly sharedArrayBuffer?: boolean
}

/** Starts `name` headless (WebKit on the X display DISPLAY names). */
export async function launchBrowser(name: BrowserName = browserName(), options: LaunchOptions = {}): Promise<TestBrowser> {
  switch (name) {
    case 'chromium': return (await import('./driver-chromium.js')).launch(EXECUTABLES.chromium)
    case 'firefox': return (await import('./driver-firefox.js')).launch(EXECUTABLES.firefox)
    case 'webkit': return (await import('./driver-webkit.js')).launch(EXECUTABLES.webkit, options.sharedArrayBuffer)
  }
}
