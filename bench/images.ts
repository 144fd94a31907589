// `npm run bench:images` (and part of `npm run bench`): each RGBA stencil on a
// SIDE² image, sabre on 1 and 2 threads against the plain JS loop (the
// reference, on the main thread) and gcc -O3 (-fopenmp) on 1 and 2 threads,
// all in this one run. Medians of RUNS warm runs (JS_RUNS for the slow JS
// loop); each kernel's first call on a fresh engine is warm-up, untimed.
// sabre's bytes are checked against the JS loop's. Writes
// bench/results/images.json.

import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { Engine } from '../src/engine/engine.js'
import { gaussianWeights } from '../src/kernels/gaussian-weights.js'
import * as reference from '../src/kernels/image-reference.js'
import { time } from '../src/format/measure.js'
import { ms, table } from '../src/format/table.js'
import { buildNative } from './native.js'

const SIDE = Number(process.env.IMAGES_SIDE ?? 4096)
const RUNS = 7
const JS_RUNS = 3
const THREADS = [1, 2]

/** The test image: the same bytes bench/native/kernels.c makes. */
const source = new Uint8ClampedArray(SIDE * SIDE * 4)
for (let i = 0; i < source.length; i++) source[i] = Math.imul(i, 2654435761 | 0) >>> 24

interface Case {
  readonly label: string
  /** The plain JS loop into dst. */
  js(dst: Uint8ClampedArray): void
  /** One sabre run of the whole image (the views are allocated by `prepare`). */
  prepare(engine: Engine): { run(): Promise<void>; dst: Uint8ClampedArray; free(): void }
  /** Arguments of bench/native's program, where it has this stencil. */
  readonly native?: readonly string[]
}

function imageViews(engine: Engine) {
  const src = engine.alloc(Uint8ClampedArray, source.length)
  src.set(source)
  const dst = engine.alloc(Uint8ClampedArray, source.length)
  return { src, dst, free: () => { engine.free(src); engine.free(dst) } }
}

const boxBlur = (radius: number): Case => ({
  label: `boxBlurRgba r=${radius}`,
  js: (dst) => reference.boxBlurRgba(source, dst, SIDE, SIDE, radius, 0, SIDE),
  prepare(engine) {
    const { src, dst, free } = imageViews(engine)
    return { dst, free, run: () => engine.parallelFor('boxBlurRgba', SIDE, [src, dst, SIDE, SIDE, radius]) }
  },
  native: ['box-blur', String(SIDE), String(radius)],
})

const SIGMA = 2
const taps = gaussianWeights(SIGMA)

const cases: Case[] = [
  boxBlur(1),
  boxBlur(3),
  {
    label: 'sobelRgba',
    js: (dst) => reference.sobelRgba(source, dst, SIDE, SIDE, 0, SIDE),
    prepare(engine) {
      const { src, dst, free } = imageViews(engine)
      return { dst, free, run: () => engine.parallelFor('sobelRgba', SIDE, [src, dst, SIDE, SIDE]) }
    },
    native: ['sobel', String(SIDE)],
  },
  {
    label: `gaussian σ=${SIGMA} (2 passes)`,
    js(dst) {
      const between = new Uint8ClampedArray(source.length)
      reference.gaussianRowsRgba(source, between, SIDE, SIDE, taps, taps.length - 1, 0, SIDE)
      reference.gaussianColumnsRgba(between, dst, SIDE, SIDE, taps, taps.length - 1, 0, SIDE)
    },
    prepare(engine) {
      const { src, dst, free } = imageViews(engine)
      const between = engine.alloc(Uint8ClampedArray, source.length)
      const weights = engine.alloc(Int32Array, taps.length)
      weights.set(taps)
      const radius = taps.length - 1
      return {
        dst, free: () => { free(); engine.free(between); engine.free(weights) },
        async run() {
          await engine.parallelFor('gaussianRowsRgba', SIDE, [src, between, SIDE, SIDE, weights, radius])
          await engine.parallelFor('gaussianColumnsRgba', SIDE, [between, dst, SIDE, SIDE, weights, radius])
        },
      }
    },
    native: ['gaussian', String(SIDE), String(SIGMA)],
  },
]

const cores = os.availableParallelism()
const machine = `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${cores} cores, Node ${process.version}, ${os.platform()} ${os.arch()}`
console.log(`sabre image bench: ${machine}`)
console.log(`${SIDE}×${SIDE} RGBA; medians of ${RUNS} warm runs (JS loop: ${JS_RUNS})\n`)

const native = buildNative()
interface Row { label: string; jsMs: number; sabreMs: number[]; gccMs: (number | undefined)[] }
const rows: Row[] = []
for (const c of cases) {
  const expected = new Uint8ClampedArray(source.length)
  const jsMs = (await time(() => c.js(expected), JS_RUNS)).ms
  const sabreMs: number[] = []
  for (const threads of THREADS) {
    const engine = await Engine.start({ threads })
    const prepared = c.prepare(engine)
    try {
      await prepared.run()
      sabreMs.push((await time(() => prepared.run(), RUNS)).ms)
      if (!prepared.dst.every((byte, i) => byte === expected[i])) throw new Error(`${c.label} on ${threads} threads differs from the JS loop`)
    } finally {
      prepared.free()
      await engine.close()
    }
  }
  const gccMs = THREADS.map((threads) => (native && c.native ? native(threads, c.native) : undefined))
  rows.push({ label: c.label, jsMs, sabreMs, gccMs })
  console.error(`  ${c.label} done`)
}

const ratio = (a: number | undefined, b: number | undefined): string => (a === undefined || b === undefined ? '—' : `${(a / b).toFixed(2)}×`)
console.log(table([
  ['stencil', 'JS ms', 'sabre 1 thr', 'sabre 2 thr', 'gcc 1 thr', 'gcc 2 thr', '×2 vs 1', 'JS / sabre 2', 'gcc 2 / sabre 2'],
  ...rows.map((r) => [
    r.label, ms(r.jsMs), ms(r.sabreMs[0]!), ms(r.sabreMs[1]!),
    r.gccMs[0] === undefined ? '—' : ms(r.gccMs[0]), r.gccMs[1] === undefined ? '—' : ms(r.gccMs[1]),
    ratio(r.sabreMs[0], r.sabreMs[1]), ratio(r.jsMs, r.sabreMs[1]), ratio(r.gccMs[1], r.sabreMs[1]),
  ]),
]))
console.log('ms per whole image. JS / sabre 2: times faster than the JS loop on 2 threads; gcc 2 / sabre 2 above 1: sabre is faster than gcc -O3 -fopenmp.')

mkdirSync(new URL('./results/', import.meta.url), { recursive: true })
const out = new URL('./results/images.json', import.meta.url)
writeFileSync(out, JSON.stringify({ machine, side: SIDE, runs: RUNS, jsRuns: JS_RUNS, threads: THREADS, rows }, null, 2))
console.log(`wrote ${out.pathname}`)
