// The demo's race lab in a browser: the counter race replayed from its
// progress records to exactly the counts the lab measured, a cost bar per fix, a thread count beyond the
// machine refused on the page, and a race whose workers never overlapped
// named as such instead of "0 lost".

import { mkdirSync } from 'node:fs'
import * as assert from 'uvu/assert'
import type { SabreDemo } from '../../web/demo.js'
import { demoSuite, screenshots } from './demo-suite.js'
import { fill, html, text, visible, waitFor } from './dom.js'
import type { TestPage } from './driver.js'

declare const sabreDemo: SabreDemo

const test = demoSuite('the race lab you can watch', true)

/** What the animation shows once it is done: per fix, the run it drew and every count on it. */
const shown = (page: TestPage) => page.evaluate(async () => {
  await sabreDemo.raceAnimation
  const stage = document.getElementById('race-animation')!
  return {
    state: stage.dataset.state,
    fixes: [...stage.querySelectorAll<HTMLElement>('.race-fix')].map((block) => ({
      fix: block.dataset.fix!, run: Number(block.dataset.run),
      workers: [...block.querySelectorAll('.race-worker .race-count')].map((e) => Number(e.textContent)),
      counter: Number(block.querySelector('.race-observed')!.textContent),
      outcome: block.querySelector('.race-outcome')!.textContent!,
      steps: block.querySelector('.race-steps')!.textContent!,
    })),
  }
})

test('the counter race animates to the counts the lab measured, for none and every fix, with a cost bar each', async ({ page }) => {
  const { cores } = await page!.evaluate(() => sabreDemo.ready)
  const threads = Math.min(2, cores)
  const { fixes } = await page!.evaluate((threads) => sabreDemo.runRaces('counter', threads, 3), threads)
  const animation = await shown(page!)
  assert.is(animation.state, 'done')
  assert.equal(animation.fixes.map((f) => f.fix), ['none', 'atomic', 'mutex', 'private'])
  for (const [i, drawn] of animation.fixes.entries()) {
    const run = fixes[i]!.runs[drawn.run]!
    assert.equal(drawn.workers, Array(threads).fill(run.iterations), `${drawn.fix}: every worker did all its increments`)
    assert.is(drawn.counter, run.observed, `${drawn.fix}: the shared counter ends at what the lab observed`)
    if (run.overlapped === false) assert.match(drawn.outcome, 'the workers never ran side by side')
    else assert.match(drawn.outcome, `expected ${run.expected} · observed ${run.observed}`)
    const records = run.progress!.length
    assert.ok(records >= threads, `${drawn.fix}: the run kept its progress records`)
    assert.match(drawn.steps, `record ${records} of ${records}: ${run.expected} increments done`, `${drawn.fix}: the replay reached the log's end`)
    if (drawn.fix === 'none') assert.is(drawn.run, Math.max(0, fixes[0]!.runs.findIndex((r) => r.overlapped)), 'none shows a run that overlapped, if any did')
    else assert.is(run.lost, 0, `${drawn.fix} is exact`)
  }
  const bars = await page!.evaluate(() => [...document.querySelectorAll<SVGElement>('#race-cost .cost-bar')].map((g) => g.dataset.fix))
  assert.equal(bars, ['none', 'atomic', 'mutex', 'private'])
  mkdirSync(screenshots, { recursive: true })
  await page!.screenshot(`${screenshots}race-watch.png`, { selector: '#races' })
})

test('64 racing threads are refused with a message naming the machine\'s cores, and nothing runs', async ({ page }) => {
  const { cores } = await page!.evaluate(() => sabreDemo.ready)
  const before = await html(page!, '#race-animation')
  await fill(page!, '#race-threads', '64')
  await page!.click('#run-race-counter')
  await waitFor(page!, () => { const box = document.getElementById('race-error')!; return box.hidden ? undefined : true }, undefined, 5_000)
  assert.is(await text(page!, '#race-error'),
    `RangeError: race threads must be an integer in [1, ${cores}] (this machine has ${cores} logical core${cores === 1 ? '' : 's'}), got "64"`)
  assert.is(await html(page!, '#race-animation'), before, 'no race ran')
  await fill(page!, '#race-threads', '0')
  await page!.click('#run-race-histogram')
  assert.match(await text(page!, '#race-error'), 'got "0"')
})

test('a race whose workers never ran side by side says so instead of "0 lost"', async ({ page }) => {
  // One thread cannot overlap with another: the lab reports overlapped: false, every time.
  const { fixes } = await page!.evaluate(() => sabreDemo.runRaces('counter', 1, 1))
  assert.is(fixes[0]!.runs[0]!.overlapped, false)
  assert.not.ok(await visible(page!, '#race-error'), 'a valid run clears the refusal')
  const lost = await text(page!, '#race-counter tbody tr:first-child td:nth-child(4)')
  assert.is(lost, 'the workers never ran side by side')
  const animation = await shown(page!)
  assert.match(animation.fixes[0]!.outcome, /^the workers never ran side by side \(1 try\)/)
  assert.not.match(animation.fixes[0]!.outcome, '0 lost')
  assert.match(animation.fixes[1]!.outcome, 'none lost', 'a fix needs no overlap to be exact')
})

test('raised no page errors', ({ errors }) => {
  assert.equal(errors, [])
})

test.run()
