// Layouts written twice, once per language, agree: the lab block and its tick
// sizes (assembly/races.ts and src/kernels/lab-block.ts) and the spin budget
// (assembly/sync/barrier.ts and src/sync/spin.ts). The AssemblyScript
// sources are read as text, so a change on one side alone fails here.

import { readFileSync } from 'node:fs'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import * as lab from '../../src/kernels/lab-block.js'
import { SPIN_ROUNDS } from '../../src/sync/spin.js'

const test = suite('layouts, wasm and JS')

/** The `const NAME: type = value;` constants of an AssemblyScript file, evaluated (`<< 2` turns words into bytes). */
function constants(path: string): Map<string, number> {
  const source = readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8')
  const found = new Map<string, number>()
  for (const [, name, value] of source.matchAll(/^const (\w+): (?:usize|i32|i64) = ([\d_ <]+);/gm)) {
    const [number, shift] = value!.replace(/_/g, '').split('<<').map((part) => Number(part.trim()))
    found.set(name!, shift === undefined ? number! : number! * 2 ** shift)
  }
  return found
}

test('the lab block: every offset and tick size of assembly/races.ts is the same in src/kernels/lab-block.ts', () => {
  const wasm = constants('assembly/races.ts')
  const pairs = Object.entries(lab).filter(([name]) => name.startsWith('LAB_') && name !== 'LAB_WORDS')
  assert.equal(pairs.map(([name]) => name).sort(), [...wasm.keys()].filter((name) => name.startsWith('LAB_')).sort(), 'the same fields on both sides')
  for (const [name, words] of pairs) assert.is(wasm.get(name), (words as number) * 4, `${name}: bytes in wasm, words in JS`)
  assert.is(wasm.get('TICK_BLOCK'), lab.TICK_BLOCK)
  assert.is(wasm.get('TICK_TRANSFERS'), lab.TICK_TRANSFERS)
  const last = Math.max(...pairs.map(([, words]) => words as number))
  assert.ok(last < lab.LAB_WORDS, 'every field lies inside the block the engine allocates')
  assert.is(wasm.get('LOG_START'), lab.LAB_WORDS * 4, 'the progress log starts right after the block')
  assert.is(wasm.get('LOG_RECORD'), lab.LOG_RECORD_WORDS * 4)
})

test('the spin budget of the barrier is the same in wasm and JS', () => {
  assert.is(constants('assembly/sync/barrier.ts').get('SPIN_ROUNDS'), SPIN_ROUNDS)
})

test.run()
