// The demo's image lab in Chromium: a PNG made here is given to the file
// input, and the output canvas shows exactly the reference's pixels for it,
// for every filter, on 1 worker and on every core; the tint colors each row
// by the worker the trace names; the frame times show beside the JS loop and
// 1 worker; a bad parameter is refused on the page.

import { mkdirSync } from 'node:fs'
import * as assert from 'uvu/assert'
import { gaussianWeights, reference } from '../../src/index.js'
import { encodePng } from '../../showcase/tour/png.js'
import { random } from '../support/random.js'
import type { SabreDemo } from '../../web/demo.js'
import type { LabFrame } from '../../web/image-lab.js'
import { demoSuite, screenshots } from './demo-suite.js'
import { fill, select, text, upload, value, waitFor } from './dom.js'
import type { TestPage as Page } from './driver.js'

declare const sabreDemo: SabreDemo

const test = demoSuite('the image lab', true)

/** An opaque photo-like test picture: smooth ramps plus seeded noise, odd sizes so blocks and edges both run. */
const [WIDTH, HEIGHT] = [157, 61]
const picture = new Uint8Array(WIDTH * HEIGHT * 4)
const next = random(2023)
for (let y = 0; y < HEIGHT; y++) {
  for (let x = 0; x < WIDTH; x++) {
    const i = (y * WIDTH + x) * 4
    picture[i] = (x * 255) / WIDTH + next() * 40
    picture[i + 1] = (y * 255) / HEIGHT
    picture[i + 2] = next() * 256
    picture[i + 3] = 255
  }
}

/** What the reference makes of the picture for a filter and parameter. */
function expected(filter: string, parameter: number): Uint8Array {
  const out = new Uint8Array(picture.length)
  if (filter === 'boxBlurRgba') reference.boxBlurRgba(picture, out, WIDTH, HEIGHT, parameter, 0, HEIGHT)
  else if (filter === 'sobelRgba') reference.sobelRgba(picture, out, WIDTH, HEIGHT, 0, HEIGHT)
  else {
    const taps = gaussianWeights(parameter)
    const between = new Uint8Array(picture.length)
    reference.gaussianRowsRgba(picture, between, WIDTH, HEIGHT, taps, taps.length - 1, 0, HEIGHT)
    reference.gaussianColumnsRgba(between, out, WIDTH, HEIGHT, taps, taps.length - 1, 0, HEIGHT)
  }
  return out
}

const settled = (page: Page): Promise<LabFrame> => page.evaluate(async () => (await (await sabreDemo.imageLab)!.lab.settled())!)

/** The output canvas's bytes. */
const shown = (page: Page): Promise<number[]> => page.evaluate(() => {
  const canvas = document.querySelector<HTMLCanvasElement>('canvas#image-output')!
  return Array.from(canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data)
})

const typeValue = (page: Page, id: string, number: string): Promise<void> => fill(page, `#${id}`, number, true)

async function assertShows(page: Page, filter: string, parameter: number, what: string): Promise<LabFrame> {
  const frame = await settled(page)
  assert.is(frame.settings.filter, filter)
  assert.equal([frame.width, frame.height], [WIDTH, HEIGHT])
  const bytes = await shown(page)
  const want = expected(filter, parameter)
  const first = bytes.findIndex((byte, i) => byte !== want[i])
  assert.is(first, -1, `${what}: byte ${first} is ${bytes[first]}, the reference's ${want[first]}`)
  assert.is(bytes.length, want.length)
  return frame
}

test('a PNG given to the file input is filtered exactly as the reference filters it, by every filter', async ({ page }) => {
  await page!.evaluate(() => sabreDemo.imageLab)
  await upload(page!, '#image-file', { name: 'probe.png', mimeType: 'image/png', bytes: encodePng(WIDTH, HEIGHT, picture) })
  await waitFor(page!, async () => ((await sabreDemo.imageLab)!.lab.input.name === 'probe.png' ? true : undefined), undefined, 10_000)
  await assertShows(page!, 'boxBlurRgba', 2, 'box blur radius 2 (the initial filter)')
  await typeValue(page!, 'image-parameter', '1')
  await assertShows(page!, 'boxBlurRgba', 1, 'box blur radius 1')
  await select(page!, '#image-filter', 'sobelRgba')
  await assertShows(page!, 'sobelRgba', 0, 'Sobel')
  await select(page!, '#image-filter', 'gaussianBlurRgba')
  await typeValue(page!, 'image-parameter', '1.5')
  await assertShows(page!, 'gaussianBlurRgba', 1.5, 'Gaussian sigma 1.5')
})

test('1 worker draws the same bytes as every core', async ({ page }) => {
  await typeValue(page!, 'image-workers', '1')
  const frame = await assertShows(page!, 'gaussianBlurRgba', 1.5, 'Gaussian on 1 worker')
  assert.is(frame.settings.workers, 1)
  assert.ok(frame.rowWorkers.every((worker) => worker === 0))
  const { cores } = await page!.evaluate(() => sabreDemo.ready)
  await typeValue(page!, 'image-workers', String(cores))
})

test('the tint colors every row by the worker the trace names, and the legend counts its rows', async ({ page }) => {
  await select(page!, '#image-filter', 'boxBlurRgba')
  await typeValue(page!, 'image-parameter', '3')
  await page!.click('#image-tint')
  const frame = await settled(page!)
  assert.is(frame.settings.tint, true)
  assert.ok(frame.rowWorkers.every((worker) => worker >= 0), 'every row was computed by some worker')
  const stripes = await page!.evaluate(({ height }) => {
    const canvas = document.querySelector<HTMLCanvasElement>('canvas#image-output')!
    const data = canvas.getContext('2d')!.getImageData(0, 0, 1, height).data
    return Array.from(new Uint32Array(data.buffer))
  }, { height: HEIGHT })
  const colors = await page!.evaluate((rows) => rows.map((worker) => sabreDemo.workerColor(worker)), frame.rowWorkers as number[])
  assert.equal(stripes, colors)
  const legend = await text(page!, '#image-legend')
  for (let worker = 0; worker < frame.settings.workers; worker++) {
    assert.match(legend, `worker ${worker}: ${frame.rowWorkers.filter((w) => w === worker).length} rows`)
  }
  await page!.click('#image-tint')
  await assertShows(page!, 'boxBlurRgba', 3, 'untinted again')
})

test('measuring shows the frame time beside the JS loop and 1 worker', async ({ page }) => {
  const comparison = await page!.evaluate(async () => (await sabreDemo.imageLab)!.measure())
  assert.ok(comparison.jsMs > 0 && comparison.oneMs > 0 && comparison.manyMs > 0)
  assert.is(comparison.agrees, true, 'the measured runs wrote the JS loop\'s bytes')
  const stats = await text(page!, '#image-stats')
  assert.match(stats, 'probe.png, 157×61 pixels')
  assert.match(stats, 'plain JS loop on the page')
  assert.match(stats, '1 worker')
  assert.match(stats, '✓ the workers wrote the JS loop\'s bytes')
  const [low, high] = comparison.spread
  assert.ok(low <= comparison.speedup && comparison.speedup <= high, `the median ratio ${comparison.speedup} lies in its spread ${low}–${high}`)
  assert.match(stats, `${comparison.speedup.toFixed(2)}× (compute only, the page's spinner paused`)
})

test('a radius out of range is refused on the page and the last good one stays', async ({ page }) => {
  await typeValue(page!, 'image-parameter', '500')
  await waitFor(page!, () => (document.getElementById('image-error')!.hidden ? undefined : true), undefined, 5_000)
  assert.match(await text(page!, '#image-error'), 'radius must be an integer in [0, 127], got "500"')
  assert.is(await value(page!, '#image-parameter'), '3')
  await assertShows(page!, 'boxBlurRgba', 3, 'after the refusal')
})

test('the generated image and the explorer frame load, and the lab is drawn for the docs', async ({ page }) => {
  await page!.click('#image-from-explorer')
  const fromExplorer = await settled(page!)
  assert.equal([fromExplorer.width, fromExplorer.height], [640, 400])
  await page!.click('#image-generated')
  await select(page!, '#image-filter', 'sobelRgba')
  await select(page!, '#image-filter', 'boxBlurRgba')
  await typeValue(page!, 'image-parameter', '4')
  const frame = await settled(page!)
  assert.equal([frame.width, frame.height], [1024, 768])
  await page!.click('#image-tint')
  await settled(page!)
  await page!.evaluate(async () => (await sabreDemo.imageLab)!.measure())
  mkdirSync(screenshots, { recursive: true })
  await page!.screenshot(`${screenshots}image-lab.png`, { selector: '#image-lab' })
})

test('no page errors', ({ errors }) => {
  assert.equal(errors, [])
})

test.run()
