// Every ```js block of the README and of docs/*.md runs as written, in a child
// process inside the package (so `import … from 'sabre'` resolves to it), and
// prints what its comments say: docs that drift fail here. Code that needs a
// page or is a bundler's config is fenced ```javascript and tested elsewhere
// (test/bundlers, test/browser).

import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'

const root = new URL('../../', import.meta.url)
const pages = ['README.md', ...readdirSync(new URL('docs/', root)).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)]
const blocks = new Map(pages.map((page) => [page, [...readFileSync(new URL(page, root), 'utf8').matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]!)]))

/** Runs block `index` of `page`; its output lines. */
function run(page: string, index: number): string[] {
  const code = blocks.get(page)?.[index]
  assert.ok(code, `${page} has a js block number ${index + 1}`)
  const file = new URL(`../docs-example-${page.replace(/\W/g, '-')}-${index}.mjs`, import.meta.url)
  writeFileSync(file, code!)
  try {
    const child = spawnSync(process.execPath, [file.pathname], { timeout: 60_000, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } })
    assert.is(child.status, 0, `${page} example ${index + 1} failed: ${child.stderr}`)
    return child.stdout.trim().split('\n')
  } finally {
    rmSync(file, { force: true })
  }
}

const test = suite('docs')

test('every js block of every page is one this suite checks', () => {
  const counts = Object.fromEntries([...blocks].filter(([, b]) => b.length > 0).map(([page, b]) => [page, b.length]))
  assert.equal(counts, { 'README.md': 4, 'docs/images.md': 1, 'docs/pools.md': 1, 'docs/races.md': 2, 'docs/timelines.md': 1 })
})

test('docs/images: the box blur, Sobel and Gaussian of a gradient print the pixels their comments say', () => {
  assert.equal(run('docs/images.md', 0), ['[ 1, 1, 128, 255 ] [ 100, 50, 128, 255 ]', '[ 4, 4, 4, 255 ]', '5 [ 100, 50, 128, 255 ]'])
})

test('README: the install example counts the primes below a million', () => {
  assert.equal(run('README.md', 0), ['78498'])
})

test('README: the usage example prints what its comments say', () => {
  const lines = run('README.md', 1)
  assert.is(lines[0], 'sum 4500000')
  assert.match(lines[1]!, /^pixels in the set \d+$/)
  assert.is(lines[2], 'AbortError')
})

test('README: the synchronous regions example sums a thousand ones', () => {
  assert.equal(run('README.md', 2), ['1000'])
})

test('README: the algorithms example sorts, scans and filters', () => {
  assert.equal(run('README.md', 3), ['0 999', '499500000', '10000'])
})

test('races: the race lab example shows the expected count and an exact fix', () => {
  const lines = run('docs/races.md', 0)
  assert.match(lines[0]!, /^2000000 \d+ \d+$/)
  const [expected, observed, lost] = lines[0]!.split(' ').map(Number)
  assert.is(expected! - observed!, lost)
  assert.is(lines[1], '0')
})

test('races: the mutex example locks from the main thread', () => {
  assert.equal(run('docs/races.md', 1), ['locked true'])
})

test('pools: the pools, futures, processes and queues example prints what its comments say', () => {
  assert.equal(run('docs/pools.md', 0), [
    '[ 0, 1, 7, 111 ]', '[ 1024, 27 ]', '111', '118', 'fibonacci sum 913830', 'primes below 10^6 78498', 'consumed 55',
  ])
})

test('timelines: the example records one record per chunk', () => {
  assert.equal(run('docs/timelines.md', 0), ['chunks 32'])
})

test.run()
