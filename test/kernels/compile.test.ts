// sabre compile: an AssemblyScript file becomes a .wasm, a JSON description
// derived from the types written in the source, and a .d.ts; loadKernels
// reads them back and an engine runs them. Bad sources fail with every
// problem as file:line:column.

import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import * as assert from 'uvu/assert'
import { CompileError, compileKernels, type CompileResult } from '../../src/compile/index.js'
import { Engine, loadKernels, Pool } from '../../src/index.js'
import { suite } from '../support/suite.js'
import type { Kernels } from '../types/kernels.sabre.js'
import { countBytes, docsHistogramSource, hashedBytes } from '../support/phased-module.js'

const repo = fileURLToPath(new URL('../../../', import.meta.url))
const example = join(repo, 'examples', 'own-kernel', 'assembly', 'kernels.ts')
const cli = fileURLToPath(new URL('../../src/cli/sabre.js', import.meta.url))
const out = mkdtempSync(join(tmpdir(), 'sabre-compile-'))

/** Compiles `source` (AssemblyScript text) as NAME.ts in the temp folder; the CompileError's lines, or the result. */
async function compileText(name: string, source: string): Promise<string[] | CompileResult> {
  const file = join(out, `${name}.ts`)
  writeFileSync(file, source)
  try {
    return await compileKernels(file, { outDir: join(out, 'build') })
  } catch (error) {
    if (!(error instanceof CompileError)) throw error
    return error.message.split('\n').map((line) => line.replace(`${file}:`, `${name}.ts:`))
  }
}

const test = suite<{ compiled?: CompileResult }>('sabre compile', {})
test.before(async (context) => { context.compiled = await compileKernels(example, { outDir: out }) })
test.after(() => rmSync(out, { recursive: true, force: true }))

test('the example compiles to a .wasm, a description of each kernel and its types', ({ compiled }) => {
  assert.ok(compiled!.wasmBytes > 100, `${compiled!.wasmBytes} bytes`)
  const description = JSON.parse(readFileSync(compiled!.description, 'utf8'))
  assert.equal(description, {
    format: 'sabre-kernels/1', wasm: 'kernels.wasm', source: 'kernels.ts',
    kernels: {
      scaleF64: { kind: 'range', params: ['f64*', 'f64'], names: ['xs', 'factor'] },
      logisticF64: { kind: 'range', params: ['f64*', 'f64', 'i32'], names: ['xs', 'r', 'steps'] },
      sumSquaresF64: { kind: 'range', params: ['f64*'], names: ['xs'], reduce: 'sum' },
      hypot: { kind: 'item', params: ['f64', 'f64'], names: ['x', 'y'] },
    },
  })
})

test('the generated .d.ts is the one test/types checks calls against', ({ compiled }) => {
  // test/types/kernels.sabre.d.ts is this output, committed: if the generator changes, copy it over.
  assert.fixture(readFileSync(compiled!.types, 'utf8'), readFileSync(join(repo, 'test', 'types', 'kernels.sabre.d.ts'), 'utf8'))
})

test('loadKernels reads the description and the wasm, and an engine runs all three kinds of kernel', async ({ compiled }) => {
  const engine = await Engine.start({ threads: 2, module: await loadKernels<Kernels>(compiled!.description) })
  try {
    const xs = engine.alloc(Float64Array, 100_000).fill(1)
    await engine.parallelFor('scaleF64', xs.length, [xs, 3])
    assert.is(await engine.reduce('sumSquaresF64', xs.length, [xs]), 900_000)
    assert.is(engine.reduceSync('sumSquaresF64', xs.length, [xs], { chunk: 1000 }), 900_000)
    assert.equal(await new Pool(engine).starmap('hypot', [[3, 4], [5, 12]]), [5, 13])
    xs.fill(0.5)
    await engine.parallelFor('logisticF64', 10, [xs, 3.7, 3])
    let x = 0.5
    for (let s = 0; s < 3; s++) x = 3.7 * x * (1 - x)
    assert.is(xs[9], x)
    assert.is(xs[10], 0.5)
    // Parameter names come from the source, so messages name them.
    // @ts-expect-error: the wrong order, rejected by the types too
    const error = await engine.parallelFor('scaleF64', 10, [3, xs]).catch((e: unknown) => e)
    assert.instance(error, TypeError)
    assert.is((error as Error).message, "scaleF64 argument factor must be a number (f64), got a Float64Array of length 100000")
  } finally {
    await engine.close()
  }
})

test('the phased kernel of docs/own-kernels.md compiles as one and counts bytes like a plain loop, async and sync', async () => {
  const compiled = await compileText('histogram', docsHistogramSource())
  assert.ok(!Array.isArray(compiled), `compiles: ${String(compiled)}`)
  const { description, types } = compiled as CompileResult
  assert.equal(JSON.parse(readFileSync(description, 'utf8')).kernels, {
    histogramBytes: { kind: 'phased', params: ['u8*', 'i32', 'u32*', 'u32*'], names: ['data', 'n', 'counts', 'bins'] },
  })
  // test/types/histogram.sabre.d.ts is this output, committed: own-kernels.types.ts checks phased calls against it.
  assert.fixture(readFileSync(types, 'utf8'), readFileSync(join(repo, 'test', 'types', 'histogram.sabre.d.ts'), 'utf8'))
  const bytes = hashedBytes(100_003)
  const expected = countBytes(bytes)
  for (const threads of [1, 3]) {
    const engine = await Engine.start({ threads, module: await loadKernels(description) })
    try {
      const data = engine.from(bytes)
      const counts = engine.alloc(Uint32Array, 256 * engine.threads)
      const bins = engine.alloc(Uint32Array, 256)
      await engine.parallel('histogramBytes', [data, data.length, counts, bins])
      assert.equal(bins, expected, `${threads} threads, async`)
      bins.fill(0)
      engine.parallelSync('histogramBytes', [data, data.length, counts, bins])
      assert.equal(bins, expected, `${threads} threads, sync`)
    } finally {
      await engine.close()
    }
  }
})

test('loadKernels takes a path, a file: URL, or the .wasm beside the description', async ({ compiled }) => {
  for (const location of [compiled!.description, pathToFileURL(compiled!.description), compiled!.wasm]) {
    const module = await loadKernels(location)
    assert.instance(module.wasm, WebAssembly.Module)
    assert.equal(Object.keys(module.kernels), ['scaleF64', 'logisticF64', 'sumSquaresF64', 'hypot'])
    assert.equal(module.kernels.scaleF64!.params!.map((p) => (p as { name: string }).name), ['xs', 'factor'])
  }
})

test('loadKernels rejects a missing file, a file that is not a description, and a bad field, naming each', async () => {
  const missing = join(out, 'missing.sabre.json')
  await loadKernels(missing).then(() => assert.unreachable(), (e: Error) => assert.match(e.message, `cannot read the kernel description ${missing} (ENOENT)`))
  const notJson = join(out, 'not.sabre.json')
  writeFileSync(notJson, 'wasm')
  await loadKernels(notJson).then(() => assert.unreachable(), (e: Error) => {
    assert.instance(e, TypeError)
    assert.match(e.message, /not.sabre.json is not JSON/)
  })
  const wrong = join(out, 'wrong.sabre.json')
  writeFileSync(wrong, JSON.stringify({ format: 'sabre-kernels/1', wasm: 'kernels.wasm', kernels: { f: { kind: 'range', params: ['f32'], names: ['x'] } } }))
  await loadKernels(wrong).then(() => assert.unreachable(), (e: Error) => {
    assert.instance(e, TypeError)
    assert.match(e.message, /wrong.sabre.json: kernels.f.params\[0\] must be one of f64, i32, u32, f64\*, f32\*, u32\*, i32\*, u8\* \(or a Param object\), got "f32"/)
  })
  writeFileSync(wrong, JSON.stringify({ format: 'sabre-kernels/0' }))
  await loadKernels(wrong).then(() => assert.unreachable(), (e: Error) => assert.match(e.message, /format must be 'sabre-kernels\/1' .*got "sabre-kernels\/0"/))
  await loadKernels(42 as never).then(() => assert.unreachable(), (e: Error) => assert.instance(e, TypeError))
})

test('every problem of a source is reported at once, with its line, column and the fix', async () => {
  const lines = await compileText('bad', [
    'import { Ptr, Sum, F64Ptr } from "sabre/assembly/kernel"',
    'export function noRange(xs: Ptr<f64>, factor: f64): void {}',
    'export function untyped(xs: usize, begin: i32, end: i32): void {}',
    'export function unmarked(xs: F64Ptr, begin: i32, end: i32): f64 { return 0 }',
    'export function allocates(xs: Ptr<f64>, begin: i32, end: i32): void {',
    '  const a = new Array<f64>(10)',
    '  const b: f64[] = [1, 2]',
    '}',
    'export function single(x: f32): f64 { return x }',
    'export function element(xs: Ptr<i16>, begin: i32, end: i32): Sum<f64> { return 0 }',
    'export function bounds(xs: Ptr<f64>, begin: u32, end: i32): void {}',
    'export function itemSum(x: f64): Sum<f64> { return x }',
    'export function fine(x: f64): f64 { return x }',
  ].join('\n'))
  assert.equal(lines, [
    'bad.ts:2:17: noRange takes a view (xs) but not `begin: i32, end: i32` as its last two parameters: a range kernel ends with the index range it runs over; an item kernel takes numbers only',
    'bad.ts:3:29: untyped: parameter xs is a bare usize: write Ptr<f64>, Ptr<f32>, Ptr<u32>, Ptr<i32> or Ptr<u8> so sabre knows which view it takes',
    'bad.ts:4:61: unmarked returns f64: a range kernel returns void, or a reduction\'s partial as Sum<f64>, Min<f64> or Max<f64> (say how partials combine)',
    'bad.ts:6:13: allocates: `new` allocates, and a kernel must not: take a Ptr<…> to memory from engine.alloc instead',
    'bad.ts:7:20: allocates: an array literal allocates, and a kernel must not: use locals, or a Ptr<…> to memory from engine.alloc',
    'bad.ts:9:27: single: parameter x has the unsupported type f32: use f64, i32, u32, or a view Ptr<f64>, Ptr<f32>, Ptr<u32>, Ptr<i32>, Ptr<u8> (F64Ptr, F32Ptr, U32Ptr, I32Ptr, U8Ptr from "sabre/assembly/kernel")',
    'bad.ts:10:29: element: parameter xs is Ptr<i16>: a view\'s element type must be f64, f32, u32, i32 or u8',
    'bad.ts:11:45: bounds: begin must be i32 (an index), got u32',
    'bad.ts:12:34: itemSum returns Sum<f64> but has no `begin: i32, end: i32`: only a range kernel\'s partials combine',
  ])
})

test('a type error in a kernel is reported with the line asc gives', async () => {
  const lines = await compileText('typo', [
    'import { Ptr } from "sabre/assembly/kernel"',
    'export function scale(xs: Ptr<f64>, factor: f64, begin: i32, end: i32): void {',
    '  for (let i = begin; i < end; i++) store<f64>(xs + (<usize>i << 3), factr)',
    '}',
  ].join('\n'))
  assert.ok(Array.isArray(lines))
  assert.match((lines as string[])[0]!, /^typo\.ts:3:\d+: Cannot find name 'factr'/)
})

test('a module with its own aliases, its own heapBase and min/max reductions compiles', async () => {
  const result = await compileText('own', [
    'import { Ptr, Min, Max } from "sabre/assembly/kernel"',
    'type Values = Ptr<f64>',
    'export function heapBase(): usize { return __heap_base }',
    'export function minOf(xs: Values, begin: i32, end: i32): Min<f64> { let m = Infinity; for (let i = begin; i < end; i++) m = Math.min(m, load<f64>(xs + (<usize>i << 3))); return m }',
    'export function maxOf(xs: Values, begin: i32, end: i32): Max<f64> { let m = -Infinity; for (let i = begin; i < end; i++) m = Math.max(m, load<f64>(xs + (<usize>i << 3))); return m }',
  ].join('\n'))
  assert.not.ok(Array.isArray(result), String(result))
  const engine = await Engine.start({ threads: 2, module: await loadKernels((result as CompileResult).description) })
  try {
    const xs = engine.alloc(Float64Array, 5000)
    for (let i = 0; i < xs.length; i++) xs[i] = (i * 7919) % 5000 - 100
    assert.is(await engine.reduce('minOf', xs.length, [xs]), -100)
    assert.is(await engine.reduce('maxOf', xs.length, [xs]), 4899)
  } finally {
    await engine.close()
  }
})

test('a source without kernels, and a bad path or name, are refused', async () => {
  assert.equal(await compileText('empty', 'const x = 1'), ['empty.ts:1:1: no kernel: export a function, e.g. `export function scaleF64(xs: Ptr<f64>, factor: f64, begin: i32, end: i32): void`'])
  await compileKernels('kernels.js').then(() => assert.unreachable(), (e: Error) => assert.match(e.message, 'source must be the path of an AssemblyScript file (.ts), got "kernels.js"'))
  await compileKernels(example, { name: '../x' }).then(() => assert.unreachable(), (e: Error) => assert.instance(e, TypeError))
  await compileKernels(example, { outdir: 'build' } as never).then(() => assert.unreachable(), (e: Error) => assert.ok(e instanceof TypeError &&
    e.message === 'compileKernels has no option "outdir": its options are { outDir?, name?, wat? } (did you mean "outDir"?)', e.message))
})

test('`sabre compile` prints what it wrote, exits 1 with file:line for a bad source and 2 for bad usage', () => {
  const good = spawnSync(process.execPath, [cli, 'compile', example, '--out', join(out, 'cli')], { encoding: 'utf8' })
  assert.is(good.status, 0, good.stderr)
  assert.match(good.stdout, /kernels: scaleF64 \(range\), logisticF64 \(range\), sumSquaresF64 \(reduce: sum\), hypot \(item\)/)
  const file = join(out, 'cli-bad.ts')
  writeFileSync(file, 'export function f(x: f32): f64 { return x }')
  const bad = spawnSync(process.execPath, [cli, 'compile', file], { encoding: 'utf8' })
  assert.is(bad.status, 1)
  assert.match(bad.stderr, `${file}:1:22: f: parameter x has the unsupported type f32`)
  const usage = spawnSync(process.execPath, [cli, 'compile'], { encoding: 'utf8' })
  assert.is(usage.status, 2)
  assert.match(usage.stderr, 'usage: sabre compile <kernels.ts> [--out DIR]')
})

test.run()
