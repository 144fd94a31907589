// The numbers the algorithms pass their kernels mean the same on both sides:
// element types, key kinds, record modes and ops in assembly/radix-keys.ts,
// sort-records.ts, scan.ts and compact.ts against src/algorithms/. The AssemblyScript sources are read as
// text, so a change on one side alone fails here.

import { readFileSync } from 'node:fs'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { FILTER_OPS } from '../../src/algorithms/compact.js'
import { ELEMENT_KINDS } from '../../src/algorithms/element-types.js'
import { RECORD_MODES } from '../../src/algorithms/radix-sort.js'
import { SCAN_OPS } from '../../src/algorithms/scan.js'

const test = suite('algorithms: layouts, wasm and JS')

/** The `const NAME: i32 = value;` constants of an AssemblyScript file. */
function constants(path: string): Map<string, number> {
  const source = readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8')
  return new Map([...source.matchAll(/^(?:export )?const (\w+): i32 = (\d+);/gm)].map(([, name, value]) => [name!, Number(value)]))
}

const typeName = (Type: Function): string => Type.name.replace('Array', '').replace('Float', 'F').replace('Uint', 'U').replace('Int', 'I').toUpperCase()

test('element types: the same codes in assembly/element-types.ts as in src/algorithms/element-types.ts', () => {
  const wasm = constants('assembly/element-types.ts')
  for (const kind of ELEMENT_KINDS) assert.is(wasm.get(`TYPE_${typeName(kind.Type)}`), kind.code, kind.Type.name)
})

test('key kinds: the same numbers in radix-keys.ts as in element-types.ts (descending is the next one)', () => {
  const wasm = constants('assembly/radix-keys.ts')
  assert.is(wasm.get('KIND_KEYS'), 0)
  for (const kind of ELEMENT_KINDS) assert.is(wasm.get(`KIND_${typeName(kind.Type)}`), kind.keyKind, kind.Type.name)
})

test('record modes: sort-records.ts numbers them as radix-sort.ts does', () => {
  const wasm = constants('assembly/sort-records.ts')
  for (const [name, mode] of Object.entries(RECORD_MODES)) assert.is(wasm.get(name), mode, name)
})

test('ops: scan.ts and compact.ts number them in the order of SCAN_OPS and FILTER_OPS', () => {
  const scan = constants('assembly/scan.ts')
  assert.equal(['OP_SUM', 'OP_MIN', 'OP_MAX'].map((name) => scan.get(name)), SCAN_OPS.map((_, i) => i))
  assert.equal(SCAN_OPS, ['sum', 'min', 'max'])
  const compact = constants('assembly/compact.ts')
  assert.equal(['OP_LT', 'OP_LE', 'OP_GT', 'OP_GE', 'OP_EQ', 'OP_NE'].map((name) => compact.get(name)), FILTER_OPS.map((_, i) => i))
  assert.equal(FILTER_OPS, ['<', '<=', '>', '>=', '==', '!='])
})

test.run()
