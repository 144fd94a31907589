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

/** The site, without the files named in `leaveOut`; `headScripts` go before the app's script tag. */
export function pageRoot(options: { leaveOut?: readonly string[]; headScripts?: readonly string[] } = {}): PageRoot {
  const dir = mkdtempSync(join(tmpdir(), 'sabre-page-'))
  const leaveOut = new Set(options.leaveOut ?? [])
  cpSync(browserBuild, dir, { recursive: true, filter: (source) => !leaveOut.has(source.slice(browserBuild.length)) })
  writeFileSync(join(dir, 'main.js'), appScript('./sabre.js'))
  writeFileSync(join(dir, 'index.html'), pageHtml(...(options.headScripts ?? []), '<script type="module" src="./main.js"></script>'))
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}
