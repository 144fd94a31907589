// The README's browser snippet runs as written: the ```html block, served with
// dist/browser/ at /vendor/sabre/ as the README tells, logs what its comment says.

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { browserName, launchBrowser, type TestBrowser } from './driver.js'
import { firstLog, serve } from './support.js'

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8')
const snippet = /```html\n([\s\S]*?)```/.exec(readme)?.[1]

test(`the README embedding example runs in ${browserName()} and logs 78498`, async () => {
  assert.ok(snippet, 'the README has an ```html block')
  const root = mkdtempSync(join(tmpdir(), 'sabre-embed-'))
  cpSync(fileURLToPath(new URL('../../browser/', import.meta.url)), join(root, 'vendor', 'sabre'), { recursive: true })
  writeFileSync(join(root, 'index.html'), `<!doctype html>\n<link rel="icon" href="data:,">\n${snippet}`)
  const served = await serve(root)
  let browser: TestBrowser | undefined
  try {
    browser = await launchBrowser()
    const errors: string[] = []
    assert.is(await firstLog(await browser.newPage(), served.url, errors, 20_000), '78498')
    assert.equal(errors, [])
  } finally {
    await browser?.close()
    await served.close()
    rmSync(root, { recursive: true, force: true })
  }
})

test.run()
