// Byte and f32 views: a kernel written over Ptr<u8> or Ptr<f32> is described
// by `sabre compile`, typed, and run on Uint8Array, Uint8ClampedArray and
// Float32Array views, with the same checks as every view; engine.from copies
// a user's array into the engine.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as assert from 'uvu/assert'
import { compileKernels } from '../../src/compile/index.js'
import { Engine, loadKernels, type KernelTable } from '../../src/index.js'
import { suite } from '../support/suite.js'

const SOURCE = `
import { Ptr, Sum, U8Ptr, F32Ptr } from "sabre/assembly/kernel"

/** 255 - each byte of px[begin, end). */
export function invertU8(px: Ptr<u8>, begin: i32, end: i32): void {
  for (let i = begin; i < end; i++) store<u8>(px + <usize>i, 255 - load<u8>(px + <usize>i))
}
export function sumU8(px: U8Ptr, begin: i32, end: i32): Sum<f64> {
  let s: f64 = 0
  for (let i = begin; i < end; i++) s += <f64>load<u8>(px + <usize>i)
  return s
}
export function scaleF32(xs: Ptr<f32>, factor: f64, begin: i32, end: i32): void {
  for (let i = begin; i < end; i++) store<f32>(xs + (<usize>i << 2), load<f32>(xs + (<usize>i << 2)) * <f32>factor)
}
export function sumF32(xs: F32Ptr, begin: i32, end: i32): Sum<f64> {
  let s: f64 = 0
  for (let i = begin; i < end; i++) s += <f64>load<f32>(xs + (<usize>i << 2))
  return s
}
`

const out = mkdtempSync(join(tmpdir(), 'sabre-views-'))
const test = suite<{ engine?: Engine<KernelTable> }>('byte and f32 views', {})

test.before(async (context) => {
  writeFileSync(join(out, 'views.ts'), SOURCE)
  const compiled = await compileKernels(join(out, 'views.ts'))
  context.engine = await Engine.start({ threads: 2, module: await loadKernels(compiled.description) })
})
test.after(async ({ engine }) => {
  await engine?.close()
  rmSync(out, { recursive: true, force: true })
})

test('sabre compile describes Ptr<u8>, U8Ptr, Ptr<f32> and F32Ptr as views, and types them', () => {
  const description = JSON.parse(readFileSync(join(out, 'views.sabre.json'), 'utf8'))
  assert.equal(description.kernels, {
    invertU8: { kind: 'range', params: ['u8*'], names: ['px'] },
    sumU8: { kind: 'range', params: ['u8*'], names: ['px'], reduce: 'sum' },
    scaleF32: { kind: 'range', params: ['f32*', 'f64'], names: ['xs', 'factor'] },
    sumF32: { kind: 'range', params: ['f32*'], names: ['xs'], reduce: 'sum' },
  })
  assert.match(readFileSync(join(out, 'views.sabre.d.ts'), 'utf8'), "readonly scaleF32: { readonly kind: 'range'; readonly params: readonly ['f32*', 'f64'] }")
})

test('a kernel over bytes runs on a Uint8Array and on a Uint8ClampedArray, at any byte offset', async ({ engine }) => {
  const bytes = engine!.alloc(Uint8Array, 1001)
  bytes.forEach((_, i) => { bytes[i] = i % 256 })
  await engine!.parallelFor('invertU8', bytes.length, [bytes], { chunk: 7 })
  assert.ok(bytes.every((b, i) => b === 255 - (i % 256)))
  // A subarray one byte in: u8 views need no alignment.
  const tail = bytes.subarray(1)
  assert.is(await engine!.reduce('sumU8', tail.length, [tail]), tail.reduce((s, b) => s + b, 0))

  const rgba = engine!.alloc(Uint8ClampedArray, 4 * 3)
  rgba.set([10, 20, 30, 255, 0, 0, 0, 0, 255, 255, 255, 128])
  await engine!.parallelFor('invertU8', rgba.length, [rgba])
  assert.equal(Array.from(rgba), [245, 235, 225, 0, 255, 255, 255, 255, 0, 0, 0, 127])
  engine!.free(bytes)
  engine!.free(rgba)
})

test('a kernel over f32 runs on a Float32Array, in f32 arithmetic', async ({ engine }) => {
  const xs = engine!.alloc(Float32Array, 5000)
  xs.forEach((_, i) => { xs[i] = i / 3 })
  const expected = Float32Array.from(xs, (x) => Math.fround(x * Math.fround(0.1)))
  await engine!.parallelFor('scaleF32', xs.length, [xs, 0.1])
  assert.equal(Array.from(xs), Array.from(expected))
  // Sum<f64> of f32 elements, in block order: the same bits as the blocks summed in JS.
  let total = 0
  for (let b = 0; b < xs.length; b += 1024) {
    let s = 0
    for (let i = b; i < Math.min(xs.length, b + 1024); i++) s += xs[i]!
    total += s
  }
  assert.is(await engine!.reduce('sumF32', xs.length, [xs], { chunk: 1024 }), total)
  engine!.free(xs)
})

test('a view of the wrong type, from elsewhere, or too short is refused, naming the argument and what it must be', async ({ engine }) => {
  const reason = (promise: Promise<unknown>): Promise<string> => promise.then(() => 'ran', (e: Error) => `${e.name}: ${e.message}`)
  const floats = engine!.alloc(Float64Array, 8)
  assert.is(await reason(engine!.parallelFor('invertU8', 8, [floats])),
    'TypeError: invertU8 argument px must be a Uint8Array or Uint8ClampedArray from engine.alloc, got a Float64Array of length 8')
  assert.is(await reason(engine!.parallelFor('scaleF32', 8, [engine!.alloc(Uint8Array, 8), 2])),
    'TypeError: scaleF32 argument xs must be a Float32Array from engine.alloc, got a Uint8Array of length 8')
  assert.match(await reason(engine!.parallelFor('invertU8', 8, [new Uint8ClampedArray(8)])),
    /^TypeError: invertU8 argument px must be a view of this engine's memory \(from engine.alloc\), got a Uint8ClampedArray of length 8$/)
  assert.is(await reason(engine!.parallelFor('scaleF32', 9, [engine!.alloc(Float32Array, 8), 2])),
    'RangeError: scaleF32 argument xs must hold at least 9 elements for n = 9, got a Float32Array of length 8')
})

test('engine.from copies an array into a new engine view of its own type and length', async ({ engine }) => {
  const image = new Uint8ClampedArray([1, 2, 3, 4, 250, 251, 252, 253])
  const pixels = engine!.from(image)
  assert.instance(pixels, Uint8ClampedArray)
  assert.instance(pixels.buffer, SharedArrayBuffer)
  assert.equal(Array.from(pixels), Array.from(image))
  pixels[0] = 99
  assert.is(image[0], 1, 'a copy, not the same memory')
  await engine!.parallelFor('invertU8', pixels.length, [pixels])
  assert.equal(Array.from(pixels), [156, 253, 252, 251, 5, 4, 3, 2])

  const samples = engine!.from(new Float32Array([0.5, 1.5, -2]))
  assert.instance(samples, Float32Array)
  assert.is(await engine!.reduce('sumF32', samples.length, [samples]), 0)
  // A Node Buffer is a Uint8Array; a view of the engine's own memory copies too.
  assert.instance(engine!.from(Buffer.from('abc')), Uint8Array)
  assert.is(engine!.from(Buffer.from('abc')).constructor, Uint8Array)
  assert.equal(Array.from(engine!.from(pixels.subarray(4))), [5, 4, 3, 2])
  assert.is(engine!.from(new Float64Array(0)).length, 0)
})

test('engine.from refuses what is not a typed array, naming it and the types it takes', ({ engine }) => {
  for (const [value, got] of [[[1, 2, 3], 'an array of length 3'], [new DataView(new ArrayBuffer(4)), 'a DataView'], [undefined, 'undefined']] as const) {
    try {
      engine!.from(value as never)
      assert.unreachable(`took ${got}`)
    } catch (error) {
      assert.instance(error, TypeError)
      assert.match((error as Error).message, /^array must be a typed array to copy \(one of Float64Array, Float32Array, .*Uint8Array, Uint8ClampedArray, .*\), got /)
    }
  }
})

test.run()
