// Timelines as SVG, with no browser: one lane per worker, each chunk a bar
// from its start to its end, colored by kernel, over a time axis in ms. The
// picture of "concurrent" (bars taking turns in one lane) against
// "simultaneous" (bars side by side in several lanes).

import { checkOptions, rangeError, typeError } from '../errors.js'
import type { TraceRecord } from './records.js'

export interface TimelineOptions {
  /** Drawing width in px (default 900). */
  readonly width?: number
  /** Heading above the lanes. */
  readonly title?: string
  /** Lane names by worker index (default "worker 0", …). */
  readonly laneNames?: readonly string[]
}

const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac']
const LANE = 26
const LEFT = 90
const TOP = 34
const AXIS = 30

const escape = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** A round step for about `ticks` ticks over `span` ms. */
function tickStep(span: number, ticks: number): number {
  const raw = span / ticks
  const power = 10 ** Math.floor(Math.log10(raw || 1))
  return [1, 2, 5, 10].map((m) => m * power).find((step) => step >= raw) ?? 10 * power
}

/** Checks records and options before drawing: a bad one is named, not half drawn. */
function checkInput(records: unknown, options: unknown): void {
  if (!Array.isArray(records)) throw typeError('records', 'an array of trace records (engine.trace())', records)
  records.forEach((r: Partial<TraceRecord> | null, i) => {
    if (r === null || typeof r !== 'object') throw typeError(`records[${i}]`, 'a trace record { worker, kernel, startMs, endMs }', r)
    if (!Number.isInteger(r.worker) || r.worker! < 0 || r.worker! > 1024) throw rangeError(`records[${i}].worker`, 'an integer in [0, 1024]', r.worker)
    if (typeof r.kernel !== 'string') throw typeError(`records[${i}].kernel`, 'a string', r.kernel)
    if (!Number.isFinite(r.startMs) || !Number.isFinite(r.endMs)) {
      throw typeError(`records[${i}] times`, 'finite numbers startMs and endMs', Number.isFinite(r.startMs) ? r.endMs : r.startMs)
    }
  })
  const { width, title, laneNames } = checkOptions(options as TimelineOptions, ['width', 'title', 'laneNames'], 'renderTimeline')
  if (width !== undefined && !(typeof width === 'number' && width >= 200 && width <= 100_000)) throw rangeError('options.width', 'a number of px in [200, 100000]', width)
  if (title !== undefined && typeof title !== 'string') throw typeError('options.title', 'a string', title)
  if (laneNames !== undefined && !(Array.isArray(laneNames) && laneNames.length <= 1024 && laneNames.every((n) => typeof n === 'string'))) {
    throw typeError('options.laneNames', 'an array of at most 1024 strings', laneNames)
  }
}

/** Draws `records` as an SVG document (a string). */
export function renderTimeline(records: readonly TraceRecord[], options: TimelineOptions = {}): string {
  checkInput(records, options)
  const { width = 900, title = 'timeline' } = options
  const lanes = Math.max(1, ...records.map((r) => r.worker + 1), options.laneNames?.length ?? 0)
  const kernels = [...new Set(records.map((r) => r.kernel))]
  const color = (kernel: string) => PALETTE[kernels.indexOf(kernel) % PALETTE.length]!
  const t0 = Math.min(...records.map((r) => r.startMs), Infinity)
  const t1 = Math.max(...records.map((r) => r.endMs), -Infinity)
  const origin = Number.isFinite(t0) ? t0 : 0
  const span = Math.max(1e-3, (Number.isFinite(t1) ? t1 : 1) - origin)
  const plot = width - LEFT - 20
  const x = (ms: number) => LEFT + ((ms - origin) / span) * plot
  const height = TOP + lanes * LANE + AXIS + 24

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<title>${escape(title)}</title>`,
    `<text x="${LEFT}" y="20" font-size="14" font-weight="bold">${escape(title)}</text>`,
  ]
  for (let lane = 0; lane < lanes; lane++) {
    const y = TOP + lane * LANE
    const name = options.laneNames?.[lane] ?? `worker ${lane}`
    parts.push(`<g class="lane" data-worker="${lane}"><rect x="${LEFT}" y="${y}" width="${plot}" height="${LANE - 4}" fill="${lane % 2 ? '#f4f4f4' : '#fafafa'}"/>` +
      `<text x="${LEFT - 8}" y="${y + LANE / 2 + 2}" text-anchor="end">${escape(name)}</text></g>`)
  }
  for (const r of records) {
    const y = TOP + r.worker * LANE + 2
    const w = Math.max(0.5, x(r.endMs) - x(r.startMs))
    parts.push(`<rect class="chunk" x="${x(r.startMs).toFixed(2)}" y="${y}" width="${w.toFixed(2)}" height="${LANE - 8}" fill="${color(r.kernel)}">` +
      `<title>${escape(`${r.kernel} [${r.begin}, ${r.end}) on worker ${r.worker}: ${(r.endMs - r.startMs).toFixed(3)} ms`)}</title></rect>`)
  }
  const axisY = TOP + lanes * LANE + 4
  parts.push(`<line x1="${LEFT}" y1="${axisY}" x2="${LEFT + plot}" y2="${axisY}" stroke="#333"/>`)
  const step = tickStep(span, 8)
  for (let t = 0; t <= span + 1e-9; t += step) {
    const tx = x(origin + t)
    parts.push(`<line x1="${tx.toFixed(2)}" y1="${axisY}" x2="${tx.toFixed(2)}" y2="${axisY + 5}" stroke="#333"/>` +
      `<text x="${tx.toFixed(2)}" y="${axisY + 18}" text-anchor="middle">${Number(t.toPrecision(6))}</text>`)
  }
  parts.push(`<text x="${LEFT + plot}" y="${axisY + 32}" text-anchor="end">time (ms)</text>`)
  kernels.forEach((kernel, i) => {
    const lx = LEFT + i * 150
    parts.push(`<rect x="${lx}" y="${height - 14}" width="10" height="10" fill="${color(kernel)}"/><text x="${lx + 14}" y="${height - 5}">${escape(kernel)}</text>`)
  })
  parts.push('</svg>')
  return parts.join('\n')
}
