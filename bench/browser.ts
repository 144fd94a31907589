// bench/browser: every kernel at the README's sizes in headless Chromium, on
// the demo page: 1 worker vs one per core, against the same loop in plain JS
// on the page. Medians of 3 runs (the demo's own measurement). Skips with a
// message where Debian's Chromium is missing.

import { existsSync } from 'node:fs'
import { table } from '../src/format/table.js'
import type { SabreDemo } from '../web/demo.js'
import { CHROMIUM, launchChromium, serveDemo } from '../test/browser/support.js'
import { imageLabRows } from './browser-images.js'
import { algorithmRows } from './browser-algorithms.js'

declare const sabreDemo: SabreDemo

if (!existsSync(CHROMIUM)) {
  console.log(`bench/browser: skipped, no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM)`)
} else {
  const served = await serveDemo(true)
  const browser = await launchChromium()
  try {
    const page = await browser.newPage()
    await page.goto(served.url)
    const { cores, error } = await page.evaluate(() => sabreDemo.ready)
    if (error) throw new Error(error)
    const version = browser.version()
    const rows = [['kernel', 'JS ms', '1 worker ms', `${cores} workers ms`, 'speedup', 'wasm/JS']]
    for (const kernel of await page.evaluate(() => [...sabreDemo.kernels])) {
      const run = await page.evaluate(({ kernel, cores }) => sabreDemo.runKernel(kernel, { workers: cores, scale: 1 }), { kernel, cores })
      if (!run.agrees) throw new Error(`${kernel} differs from its reference in the browser`)
      rows.push([run.label, run.jsMs.toFixed(1), run.oneWorkerMs.toFixed(2), run.ms.toFixed(2), `${run.speedup.toFixed(2)}×`, `${(run.jsMs / run.oneWorkerMs).toFixed(2)}×`])
      console.error(`  ${run.label} done`)
    }
    console.log(`bench/browser: Chromium ${version} headless, ${cores} logical cores, medians of 3\n${table(rows)}`)
    // The image lab (bench/browser-images.ts): each filter on 4096² RGBA.
    console.log(`\n${table((await imageLabRows(page)).rows)}`)
    // The algorithms (bench/browser-algorithms.ts), on the same page.
    console.log(`\nalgorithms in Chromium, medians of 3\n${table(await algorithmRows(page, cores))}`)
  } finally {
    await browser.close()
    await served.close()
  }
}
