// Every ```js block of the README runs as written: docs that drift fail here.

import { spawnSync } from 'node:child_process'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
const blocks = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((match) => match[1]!)

/** Runs `code` as a module inside the package (so `import … from 'sabre'` resolves to it); its output lines. */
function run(code: string, index: number): string[] {
  const file = new URL(`../readme-example-${index}.mjs`, import.meta.url)
  writeFileSync(file, code)
  try {
    const child = spawnSync(process.execPath, [file.pathname], { timeout: 30_000, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } })
    assert.is(child.status, 0, `README example ${index + 1} failed: ${child.stderr}`)
    return child.stdout.trim().split('\n')
  } finally {
    rmSync(file, { force: true })
  }
}

const test = suite('README')

test('has the examples this suite checks', () => {
  assert.is(blocks.length, 5)
})

test('the usage example prints what its comments say', () => {
  const lines = run(blocks[0]!, 0)
  assert.is(lines[0], 'sum 4500000')
  assert.match(lines[1]!, /^pixels in the set \d+$/)
  assert.is(lines[2], 'AbortError')
})

test('the race lab example shows the expected count and an exact fix', () => {
  const lines = run(blocks[1]!, 1)
  assert.match(lines[0]!, /^2000000 \d+ \d+$/)
  const [expected, observed, lost] = lines[0]!.split(' ').map(Number)
  assert.is(expected! - observed!, lost)
  assert.is(lines[1], '0')
})

test('the mutex example locks from the main thread', () => {
  assert.equal(run(blocks[2]!, 2), ['locked true'])
})

test('the pools, futures, processes and queues example prints what its comments say', () => {
  assert.equal(run(blocks[3]!, 3), [
    '[ 0, 1, 7, 111 ]', '[ 1024, 27 ]', '111', '118', 'fibonacci sum 913830', 'primes below 10^6 78498', 'consumed 55',
  ])
})

test('the timeline example records one record per chunk', () => {
  assert.equal(run(blocks[4]!, 4), ['chunks 32'])
})

test.run()
