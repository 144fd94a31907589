// bench/browser: sabre in a headless browser, in sections.
//   kernels   every kernel at the README's sizes on the demo page: 1 worker vs
//             one per core, against the same loop in plain JS on the page
//             (medians of 3, the demo's own measurement);
//   images    the image lab's filters on 4096² RGBA (bench/browser-images.ts);
//   algorithms  sort, scan and the rest on the page (bench/browser-algorithms.ts);
//   explorer  the explorer's "measure against 1 worker" on the whole-set
//             view, on five fresh loads of the demo page;
//   causes    what costs the demo page its speedup against a bare page: the
//             same frame in Node (the machine's limit in the same run), on a
//             page with sabre alone, with an animation, timed cold, and on
//             the demo page with and without its spinner; with the main
//             side's share of a frame (its waits) and the busiest worker's
//             share of the rows.
// `--browser chromium|firefox|webkit` (default chromium), `--sections a,b`
// (default all). Skips with a message where the browser is not installed.
// A section is a function of the open browser that prints its table: add one
// to SECTIONS.

import { existsSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { parseArgs } from 'node:util'
import { table } from '../src/format/table.js'
import type { SabreDemo } from '../web/demo.js'
import { browserName, EXECUTABLES, launchBrowser, PACKAGES, type TestBrowser, type TestPage } from '../test/browser/driver.js'
import { pageRoot } from '../test/browser/page-root.js'
import { serve, serveDemo } from '../test/browser/support.js'
import { imageLabRows } from './browser-images.js'
import { algorithmRows } from './browser-algorithms.js'
import { causeRow, pairedSpeedup, summary, wholeSet, type Measured, type Protocol } from './browser-speedup.js'

declare const sabreDemo: SabreDemo

interface Bench {
  readonly browser: TestBrowser
  /** The demo page's URL (served with the isolation headers). */
  readonly demo: string
  /** A bare page's URL: sabre's browser build and a module script that imports nothing. */
  readonly bare: string
}

/** A fresh tab on the demo page, its engine started (rejects with the page's reason if none can). */
async function demoPage(bench: Bench): Promise<{ page: TestPage; cores: number }> {
  const page = await bench.browser.newPage({ width: 1280, height: 900 })
  await page.goto(bench.demo)
  const { cores, error } = await page.evaluate(() => sabreDemo.ready)
  if (error) throw new Error(error)
  return { page, cores }
}

async function kernels(bench: Bench): Promise<void> {
  const { page, cores } = await demoPage(bench)
  try {
    const rows = [['kernel', 'JS ms', '1 worker ms', `${cores} workers ms`, 'speedup', 'wasm/JS']]
    for (const kernel of await page.evaluate(() => [...sabreDemo.kernels])) {
      const run = await page.evaluate(({ kernel, cores }) => sabreDemo.runKernel(kernel, { workers: cores, scale: 1 }), { kernel, cores })
      if (!run.agrees) throw new Error(`${kernel} differs from its reference in the browser`)
      rows.push([run.label, run.jsMs.toFixed(1), run.oneWorkerMs.toFixed(2), run.ms.toFixed(2), `${run.speedup.toFixed(2)}×`, `${(run.jsMs / run.oneWorkerMs).toFixed(2)}×`])
      console.error(`  ${run.label} done`)
    }
    console.log(`kernels on the demo page, ${cores} logical cores, medians of 3\n${table(rows)}\n`)
  } finally {
    await page.close()
  }
}

const LOADS = 5

async function explorer(bench: Bench): Promise<void> {
  const rows = [['load', '1 worker ms', 'N workers ms', 'speedup (pairs\' range)']]
  const speedups: number[] = []
  for (let load = 1; load <= LOADS; load++) {
    const { page } = await demoPage(bench)
    try {
      const c = await page.evaluate(async () => {
        const ui = (await sabreDemo.explorer)!
        await ui.explorer.settled()
        return ui.measure()
      })
      speedups.push(c.speedup)
      rows.push([String(load), c.oneMs.toFixed(1), `${c.manyMs.toFixed(1)} (${c.workers})`, `${c.speedup.toFixed(2)}× (${c.spread[0].toFixed(2)}–${c.spread[1].toFixed(2)})`])
    } finally {
      await page.close()
    }
  }
  console.log(`the explorer's "measure against 1 worker", whole set 640×400 ×256, a fresh demo page each time: ${summary(speedups)}\n${table(rows)}\n`)
}

/** Times each case of `causes` is measured, the cases interleaved so that the machine's changing load falls on all. */
const REPEATS = 3

async function causes(bench: Bench): Promise<void> {
  const base = { args: wholeSet(), rounds: 7, animate: false, protocol: 'warm-paired' } as const
  const cases: [string, string, Partial<Protocol>][] = [
    ['node', 'warm, paired', { moduleUrl: new URL('../src/index.js', import.meta.url).href }],
    ['bare', 'warm, paired', {}],
    ['bare', 'warm, paired, animated', { animate: true }],
    ['bare', 'cold, sequential', { protocol: 'cold-sequential' }],
    ['demo', 'warm, paired', {}],
    ['demo', 'warm, paired, spinner paused', { quiet: true }],
    ['demo', 'cold, sequential', { protocol: 'cold-sequential' }],
  ]
  const results = cases.map((): Measured[] => [])
  for (let repeat = 0; repeat < REPEATS; repeat++) {
    for (const [i, [where, , change]] of cases.entries()) {
      if (where === 'node') {
        results[i]!.push(await pairedSpeedup({ ...base, workers: availableParallelism(), ...change }))
        continue
      }
      const page = where === 'demo' ? (await demoPage(bench)).page : await bench.browser.newPage({ width: 1280, height: 900 })
      try {
        if (where === 'bare') await page.goto(bench.bare)
        const cores = await page.evaluate(() => navigator.hardwareConcurrency)
        results[i]!.push(await page.evaluate(pairedSpeedup, { ...base, workers: cores, ...change }))
      } finally {
        await page.close()
      }
    }
    console.error(`  causes: round ${repeat + 1} of ${REPEATS} done`)
  }
  const rows = [['page', 'how', '1 worker ms', 'N workers ms', `speedup (${REPEATS} runs' range)`, 'main side ms/frame, 1 / N', 'busiest worker\'s rows']]
  for (const [i, [where, how]] of cases.entries()) rows.push(causeRow(where, how, results[i]!))
  console.log(`what costs the demo page its speedup: the whole-set frame (640×400 ×256, dynamic, 4 rows a chunk) on fresh engines; each run: paired = median of 7 alternating pairs after warming, cold = 3 runs a side after one; medians of ${REPEATS} runs, the cases interleaved\n${table(rows)}\n`)
}

/** The image lab (bench/browser-images.ts): each filter on 4096² RGBA. */
async function images(bench: Bench): Promise<void> {
  const { page } = await demoPage(bench)
  try {
    console.log(`${table((await imageLabRows(page)).rows)}\n`)
  } finally {
    await page.close()
  }
}

/** The algorithms (bench/browser-algorithms.ts), on the demo page. */
async function algorithms(bench: Bench): Promise<void> {
  const { page, cores } = await demoPage(bench)
  try {
    console.log(`algorithms, medians of 3\n${table(await algorithmRows(page, cores))}\n`)
  } finally {
    await page.close()
  }
}

const SECTIONS: Record<string, (bench: Bench) => Promise<void>> = { kernels, images, algorithms, explorer, causes }

const { values } = parseArgs({ options: { browser: { type: 'string', default: 'chromium' }, sections: { type: 'string', default: Object.keys(SECTIONS).join(',') } } })
const name = browserName(values.browser)
const chosen = values.sections.split(',')
for (const section of chosen) if (!SECTIONS[section]) throw new RangeError(`--sections takes ${Object.keys(SECTIONS).join(', ')}, got ${JSON.stringify(section)}`)

if (!existsSync(EXECUTABLES[name])) {
  console.log(`bench/browser: skipped, no ${name} at ${EXECUTABLES[name]} (apt-get install ${PACKAGES[name]})`)
} else {
  const demo = await serveDemo(true)
  const root = pageRoot({ main: '// sabre.js is imported by the measurement itself\n' })
  const bare = await serve(root.dir)
  const browser = await launchBrowser(name)
  try {
    console.log(`bench/browser: ${name} ${browser.version} headless\n`)
    for (const section of chosen) await SECTIONS[section]!({ browser, demo: demo.url, bare: bare.url })
  } finally {
    await browser.close()
    await demo.close()
    await bare.close()
    root.remove()
  }
}
