// report/index.html: the tour's steps with their text, tables and timelines,
// and a speedup chart, readable offline (everything inline, no scripts), with the
// mandelbrot picture the run computed.

import { mkdirSync, writeFileSync } from 'node:fs'
import type { Step, StepResult } from './step.js'

const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

const htmlTable = (rows: readonly (readonly string[])[]): string =>
  `<table><thead><tr>${rows[0]!.map((c) => `<th>${escape(c)}</th>`).join('')}</tr></thead><tbody>` +
  rows.slice(1).map((row) => `<tr>${row.map((c) => `<td>${escape(c)}</td>`).join('')}</tr>`).join('') + '</tbody></table>'

const SERIES_COLORS = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#17becf', '#bcbd22', '#7f7f7f']

/** Chart geometry in px: the plot area and the legend to its right. */
const CHART = { width: 760, height: 420, left: 64, right: 230, top: 36, bottom: 56 } as const

/**
 * A line chart (SVG) of each label's speedup over 1 thread at 1..N threads,
 * with both axes ticked and labelled and the ideal speedup (×threads) dashed:
 * how far each line falls below it is what memory bandwidth or a busy machine cost.
 */
export function speedupChart(series: readonly { label: string; times: readonly number[] }[]): string {
  const threads = Math.max(1, ...series.map((s) => s.times.length))
  // One thread still gets an x axis of some length: 1..2.
  const xMax = Math.max(2, threads)
  const speedups = series.map((s) => s.times.map((t) => s.times[0]! / t))
  const yMax = Math.ceil(Math.max(xMax, ...speedups.flat().filter(Number.isFinite)))
  const { width, height, left, right, top, bottom } = CHART
  const plotW = width - left - right
  const plotH = height - top - bottom
  const x = (t: number) => left + ((t - 1) / (xMax - 1)) * plotW
  const y = (s: number) => top + plotH - (s / yMax) * plotH
  const xy = (t: number, s: number) => `${x(t).toFixed(1)},${y(s).toFixed(1)}`
  const yStep = Math.max(1, Math.ceil(yMax / 8))
  const xStep = Math.max(1, Math.ceil((xMax - 1) / 12))
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" class="speedup-chart" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    '<title>speedup over 1 thread</title>',
    `<text x="${left}" y="20" font-size="13" font-weight="bold">Speedup over 1 thread, by kernel</text>`]
  for (let s = 0; s <= yMax; s += yStep) {
    parts.push(`<line class="grid" x1="${left}" y1="${y(s).toFixed(1)}" x2="${left + plotW}" y2="${y(s).toFixed(1)}" stroke="#eee"/>` +
      `<text class="tick y-tick" x="${left - 6}" y="${(y(s) + 4).toFixed(1)}" text-anchor="end">${s}×</text>`)
  }
  for (let t = 1; t <= xMax; t += xStep) {
    parts.push(`<line x1="${x(t).toFixed(1)}" y1="${top + plotH}" x2="${x(t).toFixed(1)}" y2="${top + plotH + 5}" stroke="#333"/>` +
      `<text class="tick x-tick" x="${x(t).toFixed(1)}" y="${top + plotH + 18}" text-anchor="middle">${t}</text>`)
  }
  parts.push(`<line class="axis x-axis" x1="${left}" y1="${top + plotH}" x2="${left + plotW}" y2="${top + plotH}" stroke="#333"/>`,
    `<line class="axis y-axis" x1="${left}" y1="${top}" x2="${left}" y2="${top + plotH}" stroke="#333"/>`,
    `<text class="axis-label" x="${left + plotW / 2}" y="${height - 12}" text-anchor="middle">worker threads</text>`,
    `<text class="axis-label" transform="translate(16 ${top + plotH / 2}) rotate(-90)" text-anchor="middle">speedup over 1 thread (×)</text>`,
    `<polyline class="ideal" points="${xy(1, 1)} ${xy(xMax, xMax)}" fill="none" stroke="#888" stroke-dasharray="6 4"><title>ideal: ×threads</title></polyline>`)
  const legendX = left + plotW + 16
  parts.push(`<line x1="${legendX}" y1="${top + 2}" x2="${legendX + 18}" y2="${top + 2}" stroke="#888" stroke-dasharray="6 4"/>` +
    `<text x="${legendX + 24}" y="${top + 6}">ideal (× threads)</text>`)
  series.forEach((s, i) => {
    const color = SERIES_COLORS[i % SERIES_COLORS.length]!
    const points = speedups[i]!.map((v, k) => xy(k + 1, v)).join(' ')
    const ly = top + 20 + i * 16
    parts.push(`<g class="series" data-label="${escape(s.label)}"><polyline points="${points}" fill="none" stroke="${color}" stroke-width="1.5"/>` +
      speedups[i]!.map((v, k) => `<circle cx="${x(k + 1).toFixed(1)}" cy="${y(v).toFixed(1)}" r="2.5" fill="${color}"><title>${escape(s.label)}, ${k + 1} thr: ${v.toFixed(2)}×</title></circle>`).join('') +
      `<line x1="${legendX}" y1="${ly - 4}" x2="${legendX + 18}" y2="${ly - 4}" stroke="${color}" stroke-width="2"/><text x="${legendX + 24}" y="${ly}">${escape(s.label)}</text></g>`)
  })
  parts.push('</svg>')
  return parts.join('\n')
}

/** Writes the report to `directory`/index.html; returns its path. */
export function writeReport(directory: URL, steps: readonly { step: Step; result: StepResult }[], extra: { chart?: string; machine: string }): string {
  const body = steps.map(({ step, result }, i) => `
<section>
<h2>${i + 1}. ${escape(step.title)}</h2>
<p>${escape(step.text)}</p>
${result.tables.map(htmlTable).join('\n')}
${result.figures.map((f) => `<figure>${f.svg}<figcaption>${escape(f.caption)}</figcaption></figure>`).join('\n')}
${result.findings.map((f) => `<p class="finding">${escape(f)}</p>`).join('\n')}
</section>`).join('\n')
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>sabre: a tour of concurrency and parallelism</title>
<style>body{font-family:sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}
td:first-child,th:first-child{text-align:left}figure{margin:1em 0}figcaption{color:#555;font-size:90%}
.finding{font-style:italic}</style></head><body>
<h1>sabre: a tour of concurrency and parallelism</h1>
<p>${escape(extra.machine)}</p>
${body}
${extra.chart ? `<section><h2>Speedup over one thread</h2>${extra.chart}</section>` : ''}
</body></html>
`
  mkdirSync(directory, { recursive: true })
  const file = new URL('index.html', directory)
  writeFileSync(file, html)
  return file.pathname
}
