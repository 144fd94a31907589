// The last step: every kernel on 1..N threads at realistic sizes, each result
// checked against its plain-JS reference (the engine core's main job).

import { Engine } from '../../src/engine/engine.js'
import { time } from '../../src/format/measure.js'
import { ms } from '../../src/format/table.js'
import { workloads } from '../workloads.js'
import { mandelbrotFigure } from './mandelbrot-image.js'
import type { Step } from './step.js'

export const kernelTable: Step = {
  title: 'Every kernel, checked',
  text: 'Each kernel on 1 to N workers at realistic sizes, against the same loop in plain JavaScript. Every result ' +
    'is checked against the JavaScript reference. Compute-bound kernels scale with the cores; memory-bound ones ' +
    'stop where memory bandwidth does; SIMD variants show what WebAssembly adds over JavaScript on one core.',
  async run({ threads, quick, progress }) {
    const runs = quick ? 1 : 3
    const list = workloads(quick ? 0.1 : 1)
    const counts = Array.from({ length: threads }, (_, i) => i + 1)
    const total = list.length * (threads + 1)
    let done = 0
    const js = new Map<string, { ms: number; result: unknown }>()
    for (const w of list) {
      js.set(w.label, await time(() => w.reference(), runs))
      progress(++done, total)
    }
    const wasm = new Map<string, number[]>()
    const failures: string[] = []
    /** The scalar mandelbrot's image on the most threads, for the report's picture. */
    let picture: { label: string; counts: Uint32Array } | undefined
    for (const t of counts) {
      const engine = await Engine.start({ threads: t })
      for (const w of list) {
        const prepared = w.prepare(engine)
        const { ms: elapsed, result } = await time(() => prepared.run(), runs)
        if (!w.agrees(result, js.get(w.label)!.result)) failures.push(`${w.label} on ${t} threads`)
        // Copied before free(): the view's memory goes back to the engine.
        if (w.kernel === 'mandelbrot' && t === threads) picture = { label: w.label, counts: (result as Uint32Array).slice() }
        prepared.free()
        wasm.set(w.label, [...(wasm.get(w.label) ?? []), elapsed])
        progress(++done, total)
      }
      await engine.close()
    }
    const rows = [
      ['kernel', 'JS ms', ...counts.map((t) => `${t} thr ms`), `speedup ×${threads}`, 'wasm/JS', 'check'],
      ...list.map((w) => {
        const times = wasm.get(w.label)!
        const ref = js.get(w.label)!.ms
        return [w.label, ms(ref), ...times.map(ms), `${(times[0]! / times[times.length - 1]!).toFixed(2)}×`,
          `${(ref / times[0]!).toFixed(2)}×`, failures.some((f) => f.startsWith(`${w.label} `)) ? 'FAIL' : 'ok']
      }),
    ]
    return {
      tables: [rows],
      figures: picture ? [mandelbrotFigure(picture.counts, `${picture.label} as ${threads} worker${threads === 1 ? '' : 's'} computed it in this run`)] : [],
      findings: [`median of ${runs} run${runs > 1 ? 's' : ''} after a warm-up; speedup = 1-thread / ${threads}-thread time; wasm/JS = JS time / 1-thread wasm time.`],
      failures,
      speedups: list.map((w) => ({ label: w.label, times: wasm.get(w.label)! })),
    }
  },
}
