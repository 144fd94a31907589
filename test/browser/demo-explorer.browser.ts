// The demo's mandelbrot explorer in a browser: the canvas shows exactly the
// page's palette over the JavaScript reference's counts for the view it
// reports, before and after zooming (buttons, wheel) and panning (drag), with
// either kernel; the worker tint matches the trace row for row; a worker
// count beyond the machine is refused on the page.

import { mkdirSync } from 'node:fs'
import * as assert from 'uvu/assert'
import { reference } from '../../src/index.js'
import type { SabreDemo } from '../../web/demo.js'
import type { Frame } from '../../web/explorer.js'
import { demoSuite, screenshots } from './demo-suite.js'
import { attribute, box, checked, fill, select, text, value, visible } from './dom.js'
import type { TestPage } from './driver.js'

declare const sabreDemo: SabreDemo

const test = demoSuite('the mandelbrot explorer', true)

/** The frame on the canvas once every change so far is drawn. */
const settled = (page: TestPage): Promise<Frame> =>
  page.evaluate(async () => (await (await sabreDemo.explorer)!.explorer.settled())!)

/** The reference's iteration counts for the frame's arguments. */
function referenceCounts(frame: Frame): number[] {
  const [width, height, x0, y0, x1, y1, maxIter] = frame.args
  const image = new Uint32Array(width * height)
  reference.mandelbrot(image, width, height, x0, y0, x1, y1, maxIter, 0, height)
  return Array.from(image)
}

/** Pixels of the canvas that differ from the page's palette over `counts`, and how many colors it shows. */
const compareCanvas = (page: TestPage, counts: number[], maxIter: number) => page.evaluate(({ counts, maxIter }) => {
  const canvas = document.getElementById('mandelbrot') as HTMLCanvasElement
  const shown = new Uint32Array(canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data.buffer)
  const expected = sabreDemo.colorsOf(counts, maxIter)
  let differing = 0
  let first = -1
  for (let i = 0; i < shown.length; i++) {
    if (shown[i] !== expected[i]) {
      differing++
      if (first < 0) first = i
    }
  }
  return { pixels: shown.length, differing, first, colors: new Set(shown).size }
}, { counts, maxIter })

async function assertMatchesReference(page: TestPage, what: string): Promise<Frame> {
  const frame = await settled(page)
  const result = await compareCanvas(page, referenceCounts(frame), frame.settings.maxIter)
  assert.is(result.pixels, frame.args[0] * frame.args[1])
  assert.is(result.differing, 0, `${what}: ${result.differing} pixels differ from the reference, the first at ${result.first}`)
  assert.ok(result.colors > 64, `${what}: a continuous palette shows many colors, got ${result.colors}`)
  return frame
}

/** Sets a number control as a user does: types, then commits. */
const typeNumber = (page: TestPage, id: string, number: string): Promise<void> => fill(page, `#${id}`, number, true)

test('starts on every core, and the first frame equals the reference image for its view', async ({ page }) => {
  const { cores } = await page!.evaluate(() => sabreDemo.ready)
  const frame = await assertMatchesReference(page!, 'first frame')
  assert.is(frame.settings.workers, cores)
  assert.is(frame.settings.kernel, 'mandelbrot')
  assert.is(await attribute(page!, '#explorer-workers', 'max'), String(cores))
})

test('the zoom button halves the pixel size around the centre, and the new image matches too', async ({ page }) => {
  const before = await settled(page!)
  await page!.click('#explorer-zoom-in')
  const after = await assertMatchesReference(page!, 'zoomed in')
  assert.is(after.view.pixel, before.view.pixel / 2)
  assert.is(after.view.cx, before.view.cx)
  assert.is(after.view.cy, before.view.cy)
  assert.not.equal(after.args, before.args)
})

test('the wheel zooms about the pointer: the plane point under it stays put', async ({ page }) => {
  const before = await settled(page!)
  const canvas = await box(page!, '#mandelbrot')
  // Whole client pixels (a wheel event's coordinates are whole), and where they fall on the canvas.
  const [clientX, clientY] = [Math.ceil(canvas.x + 100), Math.ceil(canvas.y + 80)]
  const [px, py] = [clientX - canvas.x, clientY - canvas.y]
  await page!.mouse.move(clientX, clientY)
  await page!.mouse.wheel(0, -200)
  const after = await assertMatchesReference(page!, 'after the wheel')
  assert.ok(Math.abs(after.view.pixel - before.view.pixel / 2) < 1e-15, `one notch of 200 zooms 2×: ${before.view.pixel} → ${after.view.pixel}`)
  const under = (frame: Frame) => [frame.args[2] + px * frame.view.pixel, frame.args[3] + py * frame.view.pixel]
  const [bx, by] = under(before)
  const [ax, ay] = under(after)
  assert.ok(Math.abs(ax! - bx!) < 1e-12 && Math.abs(ay! - by!) < 1e-12, `point under the pointer moved: (${bx}, ${by}) → (${ax}, ${ay})`)
})

test('a drag pans the view by as many pixels as the pointer moved', async ({ page }) => {
  const before = await settled(page!)
  const canvas = await box(page!, '#mandelbrot')
  await page!.mouse.move(canvas.x + 300, canvas.y + 200)
  await page!.mouse.down()
  await page!.mouse.move(canvas.x + 360, canvas.y + 240, 6)
  await page!.mouse.up()
  const after = await assertMatchesReference(page!, 'after a drag')
  assert.is(after.view.pixel, before.view.pixel)
  assert.ok(Math.abs(after.view.cx - (before.view.cx - 60 * before.view.pixel)) < 1e-12, `cx ${before.view.cx} → ${after.view.cx}`)
  assert.ok(Math.abs(after.view.cy - (before.view.cy - 40 * before.view.pixel)) < 1e-12, `cy ${before.view.cy} → ${after.view.cy}`)
})

test('the SIMD kernel and more iterations draw the same image as the reference', async ({ page }) => {
  await page!.click('#explorer-simd')
  await typeNumber(page!, 'explorer-iterations', '500')
  const frame = await assertMatchesReference(page!, 'mandelbrotSimd, 500 iterations')
  assert.is(frame.settings.kernel, 'mandelbrotSimd')
  assert.is(frame.settings.maxIter, 500)
  await page!.click('#explorer-home')
  await assertMatchesReference(page!, 'whole set, SIMD')
  mkdirSync(screenshots, { recursive: true })
  await page!.screenshot(`${screenshots}explorer.png`, { selector: '#explorer' })
})

test('frame times show for the current worker count beside 1 worker on the same view', async ({ page }) => {
  const comparison = await page!.evaluate(async () => (await sabreDemo.explorer)!.measure())
  const { cores } = await page!.evaluate(() => sabreDemo.ready)
  assert.is(comparison.workers, cores)
  assert.ok(comparison.oneMs > 0 && comparison.manyMs > 0)
  const [low, high] = comparison.spread
  assert.ok(low <= comparison.speedup && comparison.speedup <= high, `the median ratio ${comparison.speedup} lies in its spread ${low}–${high}`)
  const stats = await text(page!, '#explorer-stats')
  assert.match(stats, `${comparison.speedup.toFixed(2)}× (compute only, the page's spinner paused, both sides warmed; median of ${comparison.rounds} alternating pairs, ${low.toFixed(2)}–${high.toFixed(2)}×)`)
  assert.match(stats, `this view, ${cores} worker`)
  assert.match(stats, 'this view, 1 worker')
  assert.match(stats, /ms\/frame · [\d.]+ frames\/s/)
})

for (const schedule of ['static', 'dynamic'] as const) {
  test(`the ${schedule} tint colors every row by the worker the trace says computed it, one color per worker`, async ({ page }) => {
    const { cores } = await page!.evaluate(() => sabreDemo.ready)
    const workers = Math.max(2, cores)
    await typeNumber(page!, 'explorer-workers', String(Math.min(workers, cores)))
    await select(page!, '#explorer-schedule', schedule)
    if (!(await checked(page!, '#explorer-tint'))) await page!.click('#explorer-tint')
    const frame = await settled(page!)
    assert.is(frame.settings.tint, true)
    assert.is(frame.settings.schedule, schedule)
    const stripe = await page!.evaluate(() => {
      const canvas = document.getElementById('mandelbrot') as HTMLCanvasElement
      return Array.from(new Uint32Array(canvas.getContext('2d')!.getImageData(0, 0, 1, canvas.height).data.buffer))
    })
    const expected = await page!.evaluate((rows) => rows.map((w) => sabreDemo.workerColor(w)), [...frame.rowWorkers])
    assert.ok(frame.rowWorkers.every((w) => w >= 0 && w < frame.settings.workers), 'the trace names a worker for every row')
    assert.equal(stripe, expected, 'each row shows its worker\'s color')
    const ran = new Set(frame.rowWorkers)
    assert.is(new Set(stripe).size, ran.size, 'as many colors as workers that computed rows')
    // Which workers take chunks is the engine's choice (a late worker's share goes to the others), so the count comes from the trace.
    console.log(`   ${schedule}: ${ran.size} of ${frame.settings.workers} workers computed rows`)
    const legend = await page!.evaluate(() => document.querySelectorAll('#explorer-legend span').length)
    assert.is(legend, frame.settings.workers, 'the legend names every worker')
    mkdirSync(screenshots, { recursive: true })
    await page!.screenshot(`${screenshots}explorer-tint-${schedule}.png`, { selector: '#explorer' })
  })
}

test('a worker count beyond the machine\'s cores is refused with a visible message, and the frame stays as it was', async ({ page }) => {
  const { cores } = await page!.evaluate(() => sabreDemo.ready)
  const before = await settled(page!)
  await typeNumber(page!, 'explorer-workers', '64')
  assert.ok(await visible(page!, '#explorer-error'))
  assert.is(await text(page!, '#explorer-error'), `workers must be an integer in [1, ${cores}] (this machine has ${cores} logical core${cores === 1 ? '' : 's'}), got "64"`)
  assert.is(await value(page!, '#explorer-workers'), String(before.settings.workers), 'the control shows the count in use')
  assert.is((await settled(page!)).settings.workers, before.settings.workers)
  await typeNumber(page!, 'explorer-iterations', '3.5')
  assert.match(await text(page!, '#explorer-error'), 'iterations must be an integer in [16, 100000], got "3.5"')
  await typeNumber(page!, 'explorer-workers', '1')
  assert.not.ok(await visible(page!, '#explorer-error'), 'a valid count clears the message')
  if (await checked(page!, '#explorer-tint')) await page!.click('#explorer-tint')
  await assertMatchesReference(page!, 'one worker')
})

test('raised no page errors', ({ errors }) => {
  assert.equal(errors, [])
})

test.run()
