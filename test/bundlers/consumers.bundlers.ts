// Every common bundler takes sabre: for each of esbuild, webpack, Rollup and
// Vite, a page that imports 'sabre/browser' and one that imports 'sabre' is
// built in a project that installed sabre's npm tarball, served with COOP/COEP
// and run in Chromium and in Firefox, where it must compute the exact
// results; Vite's dev server too. Prints each build's time and sizes (report/bundlers.json).

import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as assert from 'uvu/assert'
import { appScript, expectedResult, pageResult } from '../browser/app-page.js'
import { launchBrowser, type BrowserName, type TestBrowser } from '../browser/driver.js'
import { serve } from '../browser/support.js'
import { suite } from '../support/suite.js'
import { measure, project, removeProjects, repoRoot, run, startDevServer, type Sizes } from './consumer.js'
import { RECIPES } from './recipes.js'

const SPECIFIERS = ['sabre/browser', 'sabre'] as const

interface Row extends Sizes {
  readonly bundler: string
  readonly specifier: string
  readonly buildMs: number
}

const rows: Row[] = []
const expected = expectedResult()

/** Every built page runs in each of these (Debian's chromium and firefox-esr). */
const BROWSERS: readonly BrowserName[] = ['chromium', 'firefox']

/** Opens `url` in every browser; asserts each computes the exact results without a page error. */
async function assertRunsEverywhere(browsers: readonly TestBrowser[], url: string): Promise<void> {
  for (const browser of browsers) {
    const page = await browser.newPage()
    const errors: string[] = []
    page.onPageError((message) => errors.push(message))
    try {
      await page.goto(url)
      assert.equal(await pageResult(page), expected, `the results in ${browser.name}`)
      assert.equal(errors, [], `page errors in ${browser.name}`)
    } finally {
      await page.close()
    }
  }
}

const test = suite<{ browsers: TestBrowser[] }>('pages built by each bundler', { browsers: [] })
test.before(async (context) => {
  for (const name of BROWSERS) context.browsers.push(await launchBrowser(name))
})
test.after(async ({ browsers }) => {
  await Promise.all(browsers.map((browser) => browser.close()))
  removeProjects()
})

for (const recipe of RECIPES) {
  for (const specifier of SPECIFIERS) {
    test(`${recipe.bundler}: a page importing '${specifier}' builds with \`${recipe.build.split(' && ')[0]}\` and computes the exact results in ${BROWSERS.join(' and ')}`, async ({ browsers }) => {
      const dir = await project(`${recipe.bundler}-${specifier.replace('/', '-')}`, { ...recipe.files, 'src/main.js': appScript(specifier) }, recipe.devDependencies)
      const { ms, output } = await run(recipe.build, dir)
      assert.not.match(output, /node:|externalized for browser compatibility/, `the build mentions Node built-ins:\n${output}`)
      const out = join(dir, recipe.out)
      rows.push({ bundler: recipe.bundler, specifier, buildMs: Math.round(ms), ...measure(out) })
      const served = await serve(out)
      try {
        await assertRunsEverywhere(browsers, served.url)
      } finally {
        await served.close()
      }
    })
  }
}

for (const specifier of SPECIFIERS) {
  test(`vite dev server: a page importing '${specifier}' computes the exact results in ${BROWSERS.join(' and ')}`, async ({ browsers }) => {
    const vite = RECIPES.find((recipe) => recipe.bundler === 'vite')!
    const dir = await project(`vite-dev-${specifier.replace('/', '-')}`, { ...vite.files, 'src/main.js': appScript(specifier) })
    const server = await startDevServer('vite --port 0', dir)
    try {
      await assertRunsEverywhere(browsers, server.url)
    } finally {
      await server.stop()
    }
  })
}

test.run()

const report = suite('bundler report')

report('prints each build\'s time and sizes, and writes report/bundlers.json', () => {
  assert.is(rows.length, RECIPES.length * SPECIFIERS.length)
  const kib = (bytes: number) => (bytes / 1024).toFixed(1)
  const table = [
    ['bundler', 'import', 'build ms', 'JS KiB', 'workers KiB (files)', 'wasm KiB'],
    ...rows.map((row) => [row.bundler, row.specifier, String(row.buildMs), kib(row.jsBytes), `${kib(row.workerBytes)} (${row.workerFiles})`, kib(row.wasmBytes)]),
  ]
  const widths = table[0]!.map((_, column) => Math.max(...table.map((line) => line[column]!.length)))
  console.log(`\n${table.map((line) => line.map((cell, column) => cell.padEnd(widths[column]!)).join('  ')).join('\n')}\n`)
  mkdirSync(join(repoRoot, 'report'), { recursive: true })
  writeFileSync(join(repoRoot, 'report', 'bundlers.json'), `${JSON.stringify({ node: process.version, rows }, null, 2)}\n`)
})

report.run()
