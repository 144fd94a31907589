// The house rules, read from the sources: imports run one way (down the
// layers of docs/design.md), none forms a cycle, and threads.js is imported by
// its two adapter modules only.

import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'

const src = fileURLToPath(new URL('../../src/', import.meta.url))

/** The layers, lowest first: a file's layer is the first whose prefix it starts with. */
const LAYERS: readonly (readonly string[])[] = [
  ['errors.ts', 'timeout.ts', 'platform/'],
  ['format/', 'workloads/random.ts', 'memory/', 'sync/', 'trace/records.ts', 'kernels/'],
  // The team's protocol: what the main side and every member read.
  ['team/'],
  ['worker/'],
  ['engine/'],
  ['pools/', 'races/', 'trace/timeline.ts', 'workloads/'],
  ['cluster/', 'compile/'],
  ['index.ts', 'cli/', 'serve/'],
]
const files = (readdirSync(src, { recursive: true }) as string[])
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
  .map((file) => file.split('\\').join('/'))
const layerOf = (file: string): number => LAYERS.findIndex((prefixes) => prefixes.some((prefix) => file.startsWith(prefix)))

/** Relative imports and re-exports of `file`, as paths under src/. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(src, file), 'utf8')
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

test.run()
