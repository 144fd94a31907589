// report/index.html: the tour's steps with their text, tables and timelines,
// and a speedup chart, readable offline (everything inline, no scripts).

import { mkdirSync, writeFileSync } from 'node:fs'
import type { Step, StepResult } from './step.js'

const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

const htmlTable = (rows: readonly (readonly string[])[]): string =>
  `<table><thead><tr>${rows[0]!.map((c) => `<th>${escape(c)}</th>`).join('')}</tr></thead><tbody>` +
  rows.slice(1).map((row) => `<tr>${row.map((c) => `<td>${escape(c)}</td>`).join('')}</tr>`).join('') + '</tbody></table>'

/** A bar chart (SVG) of each label's speedup at every thread count. */
export function speedupChart(series: readonly { label: string; times: readonly number[] }[]): string {
  const threads = Math.max(1, ...series.map((s) => s.times.length))
  const rowHeight = 14 * threads + 8
  const width = 720
  const left = 190
  const max = Math.max(threads, ...series.flatMap((s) => s.times.map((t) => s.times[0]! / t)))
  const scale = (width - left - 60) / max
  const colors = ['#bab0ac', '#4e79a7', '#59a14f', '#f28e2b', '#e15759', '#76b7b2', '#edc948', '#b07aa1']
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${series.length * rowHeight + 40}" font-family="sans-serif" font-size="11">`,
    '<title>speedup over 1 thread</title>']
  series.forEach((s, i) => {
    const y = 10 + i * rowHeight
    parts.push(`<text x="${left - 8}" y="${y + rowHeight / 2}" text-anchor="end">${escape(s.label)}</text>`)
    s.times.forEach((t, k) => {
      const speedup = s.times[0]! / t
      parts.push(`<rect x="${left}" y="${y + k * 14}" width="${(speedup * scale).toFixed(1)}" height="12" fill="${colors[k % colors.length]}"/>` +
        `<text x="${left + speedup * scale + 4}" y="${y + k * 14 + 10}">${k + 1} thr: ${speedup.toFixed(2)}×</text>`)
    })
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
