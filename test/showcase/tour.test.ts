import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { crc32, inflateSync } from 'node:zlib'
import { XMLValidator } from 'fast-xml-parser'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { mandelbrot } from '../../src/kernels/reference.js'
import { mandelbrotFigure } from '../../showcase/tour/mandelbrot-image.js'
import { countColors } from '../../showcase/palette.js'
import { encodePng } from '../../showcase/tour/png.js'
import { speedupChart } from '../../showcase/tour/report.js'

/**
 * Decodes an 8-bit RGBA PNG of unfiltered rows, checking what a viewer checks:
 * the signature, every chunk's CRC (node:zlib's, not the encoder's), the header,
 * and the inflated size.
 */
function decodePng(png: Buffer): { width: number; height: number; rgba: Uint8Array } {
  assert.equal([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature')
  const chunks: { type: string; data: Buffer }[] = []
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at)
    const type = png.toString('latin1', at + 4, at + 8)
    const data = png.subarray(at + 8, at + 8 + length)
    assert.is(png.readUInt32BE(at + 8 + length), crc32(png.subarray(at + 4, at + 8 + length)), `${type} CRC`)
    chunks.push({ type, data })
    at += 12 + length
  }
  assert.equal(chunks.map((c) => c.type), ['IHDR', 'IDAT', 'IEND'])
  const header = chunks[0]!.data
  const width = header.readUInt32BE(0)
  const height = header.readUInt32BE(4)
  assert.equal([...header.subarray(8)], [8, 6, 0, 0, 0], '8-bit RGBA, no interlace')
  const rows = inflateSync(chunks[1]!.data)
  assert.is(rows.length, height * (1 + width * 4))
  const rgba = new Uint8Array(width * height * 4)
  for (let y = 0; y < height; y++) {
    assert.is(rows[y * (1 + width * 4)], 0, `row ${y}: filter none`)
    rgba.set(rows.subarray(y * (1 + width * 4) + 1, (y + 1) * (1 + width * 4)), y * width * 4)
  }
  return { width, height, rgba }
}

/** The PNG inside an SVG figure's data URL. */
const pngOf = (svg: string): Buffer => Buffer.from(/href="data:image\/png;base64,([A-Za-z0-9+/=]+)"/.exec(svg)?.[1] ?? '', 'base64')

const test = suite('the tour (npm start)')

test('npm start -- --quick exits 0 and writes the report (here to --out, not over report/) with every step and its timelines', () => {
  const script = new URL('../../showcase/tour/start.js', import.meta.url).pathname
  const out = mkdtempSync(join(tmpdir(), 'sabre-tour-'))
  const child = spawnSync(process.execPath, [script, '--quick', '--out', out], { timeout: 180_000, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } })
  assert.is(child.status, 0, child.stderr)
  const path = /The report, with every timeline: (\S+)/.exec(child.stdout)?.[1]
  assert.is(path, join(out, 'index.html'), 'the terminal prints the report path, in the folder asked for')
  const html = readFileSync(path!, 'utf8')
  for (const title of ['Concurrency without parallelism', 'Parallelism', 'CPU-bound vs I/O-bound', 'Process vs Pool',
    'Static vs dynamic scheduling', 'Fine-grained parallelism: sync and async regions', 'Races and their fixes', 'Sorting: an algorithm in several regions', 'Every kernel, checked', 'Speedup over one thread']) {
    assert.ok(html.includes(title), `the report has "${title}"`)
  }
  const svgs = html.match(/<svg[\s\S]*?<\/svg>/g) ?? []
  assert.is(svgs.length, 9, 'seven timelines, the mandelbrot picture and the speedup chart')
  for (const svg of svgs) assert.is(XMLValidator.validate(svg), true)
  const picture = svgs.find((svg) => svg.includes('class="mandelbrot-image"'))
  assert.ok(picture, 'the report shows the mandelbrot image the run computed')
  const { width, height, rgba } = decodePng(pngOf(picture!))
  assert.ok(width >= 64 && width === height, `a square picture, got ${width} × ${height}`)
  const colors = new Set<number>()
  for (let i = 0; i < rgba.length; i += 4) colors.add((rgba[i]! << 16) | (rgba[i + 1]! << 8) | rgba[i + 2]!)
  assert.ok(colors.size > 16, `a continuous palette, not a few bands: ${colors.size} colors`)
  const chart = svgs.find((svg) => svg.includes('class="speedup-chart"'))!
  assert.match(chart, 'class="ideal"')
  assert.match(chart, 'class="axis x-axis"')
  assert.not.match(child.stdout, /FAIL/)
  rmSync(out, { recursive: true })
})

test('findings say what was measured: a busy machine is named, never a speedup below 1 called "faster"', async () => {
  const { speedupFinding, scheduleFinding, cpuVsIoFinding, regionsFinding } = await import('../../showcase/tour/findings.js')
  const { raceFinding } = await import('../../showcase/tour/races.js')
  assert.match(speedupFinding(2, 100, 52), /^2 workers: 1\.92× faster than 1 worker\.$/)
  const busy = speedupFinding(2, 100, 102)
  assert.not.match(busy, /faster/)
  assert.match(busy, /the machine was busy/)
  assert.match(scheduleFinding(100, 60), /dynamic took 60% of static's time/)
  assert.match(scheduleFinding(100, 129), /the machine was busy/)
  assert.match(cpuVsIoFinding(40, 41, 320, 330, 2), /the machine was busy/)
  assert.not.match(cpuVsIoFinding(40, 41, 320, 165, 2), /busy/)
  assert.match(regionsFinding(2, 160, 150, 82), /async 1\.07×, sync 1\.95× on 2 threads\. The waiting main thread/)
  assert.match(regionsFinding(2, 160, 300, 150), /the machine was busy/)
  const race = { scenario: 'counter', fix: 'none', threads: 2, iterations: 10, expected: 20, observed: 20, lost: 0, invariant: '', ms: 1 } as const
  assert.match(raceFinding({ ...race, overlapped: false, attempts: 40 }), /never ran side by side in 40 tries/)
  assert.not.match(raceFinding({ ...race, overlapped: false, attempts: 40 }), /^none lost 0/)
  assert.match(raceFinding({ ...race, observed: 12, lost: 8, overlapped: true, attempts: 1 }), /^none lost 8 of 20 increments/)
})

test('the speedup chart has two labelled axes with ticks, a dashed ideal line from (1, 1) to (N, N), and a line per kernel', () => {
  const svg = speedupChart([{ label: 'sumF64 <1M>', times: [40, 21, 15, 12] }, { label: 'mandelbrot', times: [80, 40, 27, 20] }])
  assert.is(XMLValidator.validate(svg), true)
  assert.match(svg, /<line class="axis x-axis"/)
  assert.match(svg, /<line class="axis y-axis"/)
  assert.match(svg, />worker threads<\/text>/)
  assert.match(svg, />speedup over 1 thread \(×\)<\/text>/)
  assert.equal([...svg.matchAll(/class="tick x-tick"[^>]*>(\d+)</g)].map((m) => m[1]), ['1', '2', '3', '4'])
  assert.equal([...svg.matchAll(/class="tick y-tick"[^>]*>(\d+)×</g)].map((m) => m[1]), ['0', '1', '2', '3', '4'])
  // The ideal line runs from 1 thread at 1× to 4 threads at 4×: the plot's bottom-left corner region to its top-right.
  const ideal = /<polyline class="ideal" points="([\d.]+),([\d.]+) ([\d.]+),([\d.]+)" fill="none" stroke="#888" stroke-dasharray/.exec(svg)
  assert.ok(ideal, 'a dashed ideal line')
  const [x1, y1, x2, y2] = ideal!.slice(1).map(Number) as [number, number, number, number]
  const xAxis = /class="axis x-axis" x1="([\d.]+)" y1="([\d.]+)" x2="([\d.]+)"/.exec(svg)!.slice(1).map(Number)
  assert.is(x1, xAxis[0], 'ideal starts at 1 thread, the axis origin')
  assert.is(x2, xAxis[2], 'ideal ends at N threads')
  assert.ok(y2 < y1, 'ideal rises')
  assert.equal([...svg.matchAll(/<g class="series" data-label="([^"]+)"/g)].map((m) => m[1]), ['sumF64 &lt;1M&gt;', 'mandelbrot'])
  assert.is((svg.match(/<circle /g) ?? []).length, 8, 'a point per kernel and thread count')
  const one = speedupChart([{ label: 'x', times: [5] }])
  assert.is(XMLValidator.validate(one), true)
  assert.match(one, 'class="ideal"', 'one thread still draws the axes and the ideal line')
})

test('encodePng writes a PNG that decodes to the same pixels, and refuses a buffer of the wrong size', () => {
  const [width, height] = [7, 3]
  const rgba = Uint8Array.from({ length: width * height * 4 }, (_, i) => (i * 37 + 11) & 255)
  assert.equal(decodePng(encodePng(width, height, rgba)), { width, height, rgba })
  assert.throws(() => encodePng(2, 2, new Uint8Array(15)), /rgba must hold 16 bytes \(2 × 2 × 4\), got 15/)
  assert.throws(() => encodePng(0, 2, new Uint8Array(0)), /integer width and height >= 1, got 0 × 2/)
})

test('the mandelbrot figure shows the counts through the page\'s palette, pixel for pixel', () => {
  const side = 96
  const counts = new Uint32Array(side * side)
  mandelbrot(counts, side, side, -2.2, -1.2, 0.8, 1.2, 64, 0, side)
  const figure = mandelbrotFigure(counts, 'mandelbrot <96²>')
  assert.is(XMLValidator.validate(figure.svg), true)
  const { width, height, rgba } = decodePng(pngOf(figure.svg))
  assert.equal([width, height], [side, side])
  const colors = countColors(64)
  for (let i = 0; i < counts.length; i++) {
    assert.equal([...rgba.subarray(i * 4, i * 4 + 4)], [...colors[counts[i]!]!, 255], `pixel ${i}`)
  }
  assert.throws(() => mandelbrotFigure(new Uint32Array(10), 'x'), /counts must be a square image, got 10 counts/)
})

test.run()
