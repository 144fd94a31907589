import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { Engine, renderTimeline } from '../../src/index.js'

const test = suite('trace and timelines')

test('a traced engine records one record per chunk, with sane, ordered times', async () => {
  const engine = await Engine.start({ threads: 2, trace: true })
  try {
    const image = engine.alloc(Uint32Array, 128 * 128)
    await engine.parallelFor('mandelbrot', 128, [image, 128, 128, -2, -1.5, 1, 1.5, 200], { schedule: 'dynamic', chunk: 8 })
    const records = await engine.trace({ clear: true })
    assert.is(records.length, 16, '128 rows in chunks of 8')
    const ranges = records.map((r) => [r.begin, r.end]).sort((a, b) => a[0]! - b[0]!)
    assert.equal(ranges, Array.from({ length: 16 }, (_, i) => [i * 8, i * 8 + 8]), 'every chunk once')
    for (const r of records) {
      assert.is(r.kernel, 'mandelbrot')
      assert.ok(r.worker === 0 || r.worker === 1)
      assert.ok(r.startMs >= 0 && r.endMs >= r.startMs, 'starts after the engine, ends after it starts')
    }
    assert.ok(records.every((r, i) => i === 0 || r.startMs >= records[i - 1]!.startMs), 'in start order')
    for (const worker of [0, 1]) {
      const mine = records.filter((r) => r.worker === worker)
      assert.ok(mine.every((r, i) => i === 0 || r.startMs >= mine[i - 1]!.endMs), `worker ${worker} runs one chunk at a time`)
    }
    assert.equal(await engine.trace(), [], 'cleared')
  } finally {
    await engine.close()
  }
})

test('trace() on an engine started without tracing says how to turn it on', async () => {
  const engine = await Engine.start({ threads: 1 })
  try {
    const error = await engine.trace().catch((e: unknown) => e)
    assert.match((error as Error).message, /needs an engine started with \{ trace: true \}/)
  } finally {
    await engine.close()
  }
})

test('renderTimeline draws well-formed SVG with one lane per worker and one bar per chunk', () => {
  const records = [
    { worker: 0, kernel: 'mandelbrot', begin: 0, end: 8, startMs: 0, endMs: 2 },
    { worker: 2, kernel: 'sumF64', begin: 8, end: 16, startMs: 1, endMs: 3.5 },
    { worker: 1, kernel: 'a<b&"c"', begin: 0, end: 1, startMs: 0.5, endMs: 0.6 },
  ]
  const svg = renderTimeline(records, { title: 'three workers' })
  assert.is(XMLValidator.validate(svg), true)
  assert.throws(() => renderTimeline(records, { lanes: ['a'] } as never), (e: Error) => e instanceof TypeError &&
    e.message === 'renderTimeline has no option "lanes": its options are { width?, title?, laneNames? }')
  const doc = new XMLParser({ ignoreAttributes: false }).parse(svg) as { svg: { g: unknown[]; rect: { '@_class'?: string }[] } }
  assert.is(doc.svg.g.length, 3, 'one lane per worker')
  assert.is(doc.svg.rect.filter((r) => r['@_class'] === 'chunk').length, 3)
  assert.match(svg, /time \(ms\)/)
  assert.is(XMLValidator.validate(renderTimeline([])), true, 'an empty trace still draws')
})

test.run()
