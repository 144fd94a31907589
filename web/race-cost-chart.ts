// A bar chart (SVG) of what each fix of a race costs: its median time, and
// that time against the race itself (none), measured in the same session.

import { median } from '../src/format/measure.js'
import type { FixRuns } from '../src/races/report.js'

const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;')

const BAR = 22
const LEFT = 110
const WIDTH = 640

/** One bar per fix, length in ms (median of its runs), labelled with ms and × none. */
export function costChart(fixes: readonly FixRuns[], title: string): string {
  const ms = fixes.map((f) => median(f.runs.map((r) => r.ms)))
  const noneMs = ms[fixes.findIndex((f) => f.fix === 'none')] ?? ms[0]!
  const max = Math.max(...ms, 1e-6)
  const plot = WIDTH - LEFT - 150
  const height = 34 + fixes.length * BAR + 26
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" class="cost-chart" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="12">`,
    `<title>${escape(title)}</title>`, `<text x="0" y="16" font-weight="bold">${escape(title)}</text>`]
  fixes.forEach((fix, i) => {
    const y = 28 + i * BAR
    const w = Math.max(1, (ms[i]! / max) * plot)
    parts.push(`<g class="cost-bar" data-fix="${escape(fix.fix)}" data-ms="${ms[i]!}">` +
      `<text x="${LEFT - 8}" y="${y + 14}" text-anchor="end">${escape(fix.fix)}</text>` +
      `<rect x="${LEFT}" y="${y + 2}" width="${w.toFixed(1)}" height="${BAR - 6}" fill="${fix.fix === 'none' ? '#e15759' : '#4e79a7'}"/>` +
      `<text x="${(LEFT + w + 6).toFixed(1)}" y="${y + 14}">${ms[i]!.toFixed(2)} ms · ${(ms[i]! / noneMs).toFixed(1)}× none</text></g>`)
  })
  const axisY = 28 + fixes.length * BAR + 2
  parts.push(`<line x1="${LEFT}" y1="${axisY}" x2="${LEFT + plot}" y2="${axisY}" stroke="#333"/>`,
    `<text x="${LEFT}" y="${axisY + 16}">0</text>`,
    `<text x="${LEFT + plot}" y="${axisY + 16}" text-anchor="end">${max.toFixed(2)} ms (median of ${fixes[0]?.runs.length ?? 0} runs)</text>`, '</svg>')
  return parts.join('\n')
}
