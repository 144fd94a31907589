// The kernel vocabulary is declared once and read everywhere: every view type
// and combine op has its spelling in assembly/kernel.ts, every parameter type
// passes the one description check, and a module's kernels are described once
// whoever starts with them (an engine, a cluster node).

import { readFileSync } from 'node:fs'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { ClusterKernels } from '../../src/cluster/cluster-kernels.js'
import { Engine } from '../../src/index.js'
import { checkDescription, describeModule } from '../../src/kernels/description.js'
import { KernelSet } from '../../src/kernels/kernel-set.js'
import {
  COMBINE_NAMES, COMBINE_OPS, elementArray, KERNEL_KINDS, kindOf, KIND_NAMES, PARAM_TYPES, SCALAR_NAMES, scalarParams, VIEW_ARRAYS, VIEW_NAMES,
  VIEW_TYPES, viewBytes, viewTypeOf,
} from '../../src/kernels/vocabulary.js'

const library = readFileSync(new URL('../../../assembly/kernel.ts', import.meta.url), 'utf8')
const wasm = new WebAssembly.Module(readFileSync(new URL('../../sabre.wasm', import.meta.url)))

const test = suite('kernel vocabulary')

test('assembly/kernel.ts spells every view type (Ptr<T> and its alias), every combine op marker and every kind marker', () => {
  assert.match(library, /export type Ptr<T> = usize/)
  for (const type of VIEW_NAMES) assert.match(library, `export type ${VIEW_TYPES[type].alias} = usize`, type)
  for (const op of COMBINE_NAMES) assert.match(library, `export type ${COMBINE_OPS[op].marker}<T> = T`, op)
  for (const kind of KIND_NAMES) {
    const marker = (KERNEL_KINDS[kind] as { marker?: string }).marker
    if (marker) assert.match(library, `export type ${marker} = void`, kind)
  }
})

test('each view type names its typed arrays, one element size, and is found from an instance; its element reads through the first', () => {
  for (const type of VIEW_NAMES) {
    const { views, element } = VIEW_TYPES[type]
    assert.is(elementArray(element), views[0], element)
    for (const View of views) {
      assert.is(View.BYTES_PER_ELEMENT, viewBytes(type), `${type} ${View.name}`)
      assert.is(viewTypeOf(new View(1)), type)
    }
  }
  assert.equal(VIEW_ARRAYS.map((View) => View.name), ['Float64Array', 'Float32Array', 'Uint32Array', 'Int32Array', 'Uint8Array', 'Uint8ClampedArray'])
  assert.is(viewTypeOf(new Uint8ClampedArray(4)), 'u8*')
  assert.is(viewTypeOf(new Float32Array(1)), 'f32*')
  assert.is(viewTypeOf(new Int16Array(1)), undefined)
  assert.is(viewTypeOf([1, 2]), undefined)
})

test('a kernel that names no kind is a range kernel', () => {
  assert.is(kindOf({}), KERNEL_KINDS.range)
  for (const kind of KIND_NAMES) assert.is(kindOf({ kind }), KERNEL_KINDS[kind])
})

test('scalarParams names parameters of one scalar type in order', () => {
  assert.equal(scalarParams.i32('n', 'block'), [{ name: 'n', type: 'i32' }, { name: 'block', type: 'i32' }])
  for (const type of SCALAR_NAMES) assert.equal(scalarParams[type]('x'), [{ name: 'x', type }])
})

test('combine ops: identity is neutral and combining is the op', () => {
  for (const op of COMBINE_NAMES) {
    const { identity, combine } = COMBINE_OPS[op]
    for (const x of [-3, 0, 2.5]) assert.is(combine(identity, x), x, `${op}(${identity}, ${x})`)
  }
  assert.is(COMBINE_OPS.sum.combine(2, 3), 5)
  assert.is(COMBINE_OPS.min.combine(2, 3), 2)
  assert.is(COMBINE_OPS.max.combine(2, 3), 3)
})

test('every parameter type passes the one description check, inline and in a file; anything else fails the same way in both', () => {
  const kernels = Object.fromEntries(PARAM_TYPES.map((type, i) => [`k${i}`, { kind: 'range', params: [type], names: ['x'] }]))
  const set = KernelSet.describe(kernels)
  assert.equal(set.names, Object.keys(kernels))
  checkDescription({ format: 'sabre-kernels/1', wasm: 'k.wasm', kernels }, 'k.sabre.json')
  const bad = { f: { kind: 'range', params: ['i16*'], names: ['x'] } }
  const expected = `must be one of ${[...SCALAR_NAMES, ...VIEW_NAMES].join(', ')} (or a Param object), got "i16*"`
  assert.throws(() => KernelSet.describe(bad), (e: Error) => e instanceof TypeError && e.message === `module.kernels.f.params[0] ${expected}`)
  assert.throws(() => checkDescription({ format: 'sabre-kernels/1', wasm: 'k.wasm', kernels: bad }, 'k.sabre.json'),
    (e: Error) => e instanceof TypeError && e.message === `k.sabre.json: kernels.f.params[0] ${expected}`)
  for (const kind of KIND_NAMES) {
    const views = KERNEL_KINDS[kind].views
    const attempt = (): unknown => KernelSet.describe({ f: { kind, params: ['u8*'] } })
    if (views) attempt()
    else assert.throws(attempt, /module.kernels.f: an item kernel takes numbers only, not views/)
  }
  assert.throws(() => KernelSet.describe({ f: { reduce: 'product' } }), /module.kernels.f.reduce must be 'sum', 'min' or 'max', got "product"/)
  assert.throws(() => KernelSet.describe({ f: { params: ['f64'], names: [] } }), /module.kernels.f.names must be an array of 1 parameter names, got an array of length 0/)
  // Names, where given, are what messages call the arguments.
  const named = KernelSet.describe({ fill: { params: ['f64*', 'f64'], names: ['xs', 'value'] }, plain: { params: ['u8*'] } })
  assert.equal(named.lookUp('fill', 'parallelFor').params.map((p) => p.name), ['xs', 'value'])
  assert.equal(named.lookUp('plain', 'parallelFor').params.map((p) => p.name), ['arg0'])
})

test('a module is described once: engines and cluster checks started with it read nothing of the description again', async () => {
  let reads = 0
  const kernels = { sumF64: { params: ['f64*'], reduce: 'sum' }, square: { kind: 'item', params: ['f64'] } }
  const counted = new Proxy(kernels, { get: (target, key, receiver) => { reads++; return Reflect.get(target, key, receiver) } })
  const module = describeModule({ wasm, kernels: counted }, 'options.module')
  const once = reads
  assert.ok(once > 0)
  assert.ok(Object.isFrozen(module.kernels) && Object.isFrozen(module.kernels.sumF64))
  assert.equal((module.kernels.sumF64!.params as readonly { type: string }[]).map((p) => p.type), ['f64*'])
  assert.is(KernelSet.describe(module.kernels), KernelSet.describe(module.kernels), 'the same set, looked up')
  assert.is(describeModule(module, 'again').kernels, module.kernels)
  ClusterKernels.of(module, 'options.module')
  const engine = await Engine.start({ threads: 1, module })
  try {
    const xs = engine.from(new Float64Array([1, 2, 3]))
    assert.is(await engine.reduce('sumF64', xs.length, [xs]), 6)
    assert.equal(Array.from(await engine.map('square', [3])), [9])
  } finally {
    await engine.close()
  }
  assert.is(reads, once, 'no read after the first description')
  assert.throws(() => describeModule({ wasm: 'k.wasm', kernels }, 'options.module'),
    /options.module must be a KernelModule \{ wasm: WebAssembly.Module, kernels \} \(from loadKernels\), got/)
})

test.run()
