// bench/browser's image block: the demo's image lab on a SIDE² RGBA image
// (the bytes bench/images.ts uses), each filter as the page's plain JS loop,
// on 1 worker and on 2, with the lab's own measurement (both sides warmed,
// then 7 alternating pairs: web/paired.ts), which also checks the workers'
// bytes against the JS loop's.

import type { TestPage } from '../test/browser/driver.js'
import type { SabreDemo } from '../web/demo.js'
import type { LabComparison } from '../web/image-lab.js'

declare const sabreDemo: SabreDemo

const SIDE = 4096
const FILTERS = [
  { filter: 'boxBlurRgba', parameter: 1 },
  { filter: 'boxBlurRgba', parameter: 3 },
  { filter: 'sobelRgba', parameter: 0 },
  { filter: 'gaussianBlurRgba', parameter: 2 },
] as const

/** Rows of [filter, JS ms, 1 worker ms, 2 workers ms, ×2 vs 1, JS / 2 workers], and the comparisons themselves. */
export async function imageLabRows(page: TestPage): Promise<{ rows: string[][]; comparisons: LabComparison[] }> {
  await page.evaluate(async (side) => {
    const ui = (await sabreDemo.imageLab)!
    const data = new Uint8ClampedArray(side * side * 4)
    for (let i = 0; i < data.length; i++) data[i] = Math.imul(i, 2654435761 | 0) >>> 24
    ui.lab.update({ settings: { workers: 2, tint: false } })
    await ui.load({ width: side, height: side, data, name: `bench ${side}²` })
  }, SIDE)
  const rows: string[][] = []
  const comparisons: LabComparison[] = []
  for (const { filter, parameter } of FILTERS) {
    const comparison = await page.evaluate(async ({ filter, parameter }) => {
      const ui = (await sabreDemo.imageLab)!
      ui.lab.update({ settings: { filter, parameter } })
      await ui.lab.settled()
      return ui.measure()
    }, { filter, parameter })
    if (!comparison.agrees) throw new Error(`the image lab's ${filter} differs from the JS loop in the browser`)
    comparisons.push(comparison)
    const label = filter === 'sobelRgba' ? filter : `${filter} ${filter === 'boxBlurRgba' ? 'r' : 'σ'}=${parameter}`
    rows.push([label, comparison.jsMs.toFixed(0), comparison.oneMs.toFixed(1), comparison.manyMs.toFixed(1),
      `${comparison.speedup.toFixed(2)}× (${comparison.spread.map((r) => r.toFixed(2)).join('–')})`, `${(comparison.jsMs / comparison.manyMs).toFixed(1)}×`])
    console.error(`  image lab ${label} done`)
  }
  return { rows: [['image lab, 4096² RGBA', 'JS ms', '1 worker ms', '2 workers ms', '×2 vs 1 (pairs\' range)', 'JS / 2 workers'], ...rows], comparisons }
}
