// The house rules, read from the sources: imports run one way (down the
// layers of docs/design.md), none forms a cycle, threads.js is imported by
// its two adapter modules only, src/ (what the package ships) imports nothing
// outside itself, and the demo page (web/) nothing of the CLIs.

import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'

const root = fileURLToPath(new URL('../../', import.meta.url))
const src = join(root, 'src')

/** The layers, lowest first: a file's layer is the first whose prefix it starts with. */
const LAYERS: readonly (readonly string[])[] = [
  ['errors.ts', 'timeout.ts', 'random.ts', 'platform/'],
  ['format/', 'memory/', 'sync/', 'trace/records.ts', 'kernels/'],
  // A region in shared memory: the protocol the main side and every member read.
  ['region/'],
  ['worker/'],
  // The main side of a team: its workers' lifecycle, the region queue, the joins.
  ['team/'],
  // sort, scan, compact and filter: regions on the team, driven for the engine.
  ['algorithms/'],
  ['engine/'],
  ['pools/', 'races/', 'trace/timeline.ts'],
  ['cluster/', 'compile/'],
  ['index.ts', 'cli/', 'serve/'],
]
/** The TypeScript files under `dir`, relative to it, with / separators. */
const sources = (dir: string): string[] => (readdirSync(dir, { recursive: true }) as string[])
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
  .map((file) => file.split('\\').join('/'))
const files = sources(src)
const layerOf = (file: string): number => LAYERS.findIndex((prefixes) => prefixes.some((prefix) => file.startsWith(prefix)))

/** Relative imports and re-exports of `file` (relative to `dir`), as paths relative to `dir`. */
function importsOf(file: string, dir = src): string[] {
  const text = readFileSync(join(dir, file), 'utf8')
  return [...text.matchAll(/^(?:import|export)\b[^'"]*?from\s+'(\.[^']+)'|import\('(\.[^']+)'\)/gm)]
    .map((match) => normalize(join(dirname(file), match[1] ?? match[2]!)).split('\\').join('/').replace(/\.js$/, '.ts'))
}
const graph = new Map(files.map((file) => [file, importsOf(file)]))

const test = suite('layers')

test('every source file has a layer', () => {
  assert.equal(files.filter((file) => layerOf(file) === -1), [])
})

test('no import runs from a lower layer to a higher one', () => {
  const upward = [...graph].flatMap(([file, imports]) => imports
    .filter((target) => layerOf(target) > layerOf(file))
    .map((target) => `${file} (layer ${layerOf(file)}) imports ${target} (layer ${layerOf(target)})`))
  assert.equal(upward, [])
})

test('no import cycle', () => {
  const cycles: string[] = []
  const state = new Map<string, 'open' | 'done'>()
  const visit = (file: string, path: string[]): void => {
    state.set(file, 'open')
    for (const target of graph.get(file) ?? []) {
      if (state.get(target) === 'open') cycles.push([...path.slice(path.indexOf(target)), target].join(' → '))
      else if (!state.has(target)) visit(target, [...path, target])
    }
    state.set(file, 'done')
  }
  for (const file of files) if (!state.has(file)) visit(file, [file])
  assert.equal(cycles, [])
})

test('threads.js is imported by its two adapters only', () => {
  const importers = files.filter((file) => /from 'threads(\/worker)?'/.test(readFileSync(join(src, file), 'utf8')))
  assert.equal(importers.sort(), ['worker/expose.ts', 'worker/spawn.ts'])
})

test('every error class lives in errors.ts', () => {
  const elsewhere = files.filter((file) => file !== 'errors.ts' && /class \w+ extends (\w*Error)\b/.test(readFileSync(join(src, file), 'utf8')))
  assert.equal(elsewhere, [])
})

test('src/ imports nothing outside itself: the package ships src/ alone', () => {
  const outside = [...graph].flatMap(([file, imports]) => imports.filter((target) => target.startsWith('../')).map((target) => `${file} imports ${target}`))
  assert.equal(outside, [])
})

test('the demo page (web/) imports nothing of the CLIs: not src/cli/, not the tour, not npm run races', () => {
  const web = join(root, 'web')
  const cli = /^\.\.\/(src\/cli\/|showcase\/tour\/|showcase\/races\.ts)/
  const reaching = sources(web).flatMap((file) => importsOf(file, web).filter((target) => cli.test(target)).map((target) => `web/${file} imports ${target}`))
  assert.equal(reaching, [])
})

test.run()
