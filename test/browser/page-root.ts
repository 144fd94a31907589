// A throwaway site for one browser test: dist/browser (sabre as the browser
// build leaves it) and the app page that imports ./sabre.js, in a temp folder.

import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { appScript, pageHtml } from './app-page.js'

const browserBuild = fileURLToPath(new URL('../../browser/', import.meta.url))

export interface PageRoot {
  readonly dir: string
  remove(): void
}

export interface PageRootOptions {
  /** Files of the browser build to leave out (a missing-file test). */
  readonly leaveOut?: readonly string[]
  /** Script tags placed before the app's. */
  readonly headScripts?: readonly string[]
  /** The page's module script, main.js (default: the app page of app-page.ts). */
  readonly main?: string
  /** More files of the site, by path: a worker script, say. */
  readonly files?: Readonly<Record<string, string>>
}

/** The site: the browser build (less `leaveOut`), main.js, `files` and index.html loading main.js after `headScripts`. */
export function pageRoot(options: PageRootOptions = {}): PageRoot {
  const dir = mkdtempSync(join(tmpdir(), 'sabre-page-'))
  const leaveOut = new Set(options.leaveOut ?? [])
  cpSync(browserBuild, dir, { recursive: true, filter: (source) => !leaveOut.has(source.slice(browserBuild.length)) })
  writeFileSync(join(dir, 'main.js'), options.main ?? appScript('./sabre.js'))
  for (const [path, text] of Object.entries(options.files ?? {})) writeFileSync(join(dir, path), text)
  writeFileSync(join(dir, 'index.html'), pageHtml(...(options.headScripts ?? []), '<script type="module" src="./main.js"></script>'))
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}
