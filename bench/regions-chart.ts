// An SVG line chart of speedup against region size for bench/regions: axes,
// tick labels, one line per mode, a dashed line at the ideal speedup, a legend.

export interface ChartLine {
  readonly label: string
  /** One speedup per x label. */
  readonly points: readonly number[]
}

export interface SpeedupChart {
  readonly title: string
  readonly xLabels: readonly string[]
  readonly lines: readonly ChartLine[]
  /** The ideal speedup (the thread count), drawn dashed. */
  readonly ideal: number
}

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e']
const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** The chart as a standalone SVG document (640 × 360 px). */
export function speedupChart({ title, xLabels, lines, ideal }: SpeedupChart): string {
  const [width, height] = [640, 360]
  const plot = { left: 56, right: 200, top: 36, bottom: 52 }
  const w = width - plot.left - plot.right
  const h = height - plot.top - plot.bottom
  const top = Math.ceil(Math.max(ideal, ...lines.flatMap((l) => l.points)) * 2) / 2 + 0.25
  const x = (i: number): number => plot.left + (xLabels.length === 1 ? w / 2 : (i * w) / (xLabels.length - 1))
  const y = (v: number): number => plot.top + h - (Math.max(0, v) / top) * h
  const parts: string[] = []
  parts.push(`<text x="${width / 2}" y="20" text-anchor="middle" font-size="13">${escape(title)}</text>`)
  // Axes, ticks and grid.
  parts.push(`<line x1="${plot.left}" y1="${plot.top + h}" x2="${plot.left + w}" y2="${plot.top + h}" stroke="#333"/>`)
  parts.push(`<line x1="${plot.left}" y1="${plot.top}" x2="${plot.left}" y2="${plot.top + h}" stroke="#333"/>`)
  for (let v = 0; v <= top; v += 0.5) {
    parts.push(`<line x1="${plot.left}" y1="${y(v).toFixed(1)}" x2="${plot.left + w}" y2="${y(v).toFixed(1)}" stroke="#eee"/>`)
    parts.push(`<text x="${plot.left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" font-size="11">${v.toFixed(1)}×</text>`)
  }
  xLabels.forEach((label, i) => {
    parts.push(`<text x="${x(i).toFixed(1)}" y="${plot.top + h + 16}" text-anchor="middle" font-size="11">${escape(label)}</text>`)
  })
  parts.push(`<text x="${plot.left + w / 2}" y="${height - 12}" text-anchor="middle" font-size="12">region (image side; iterations = side)</text>`)
  parts.push(`<text x="14" y="${plot.top + h / 2}" text-anchor="middle" font-size="12" transform="rotate(-90 14 ${plot.top + h / 2})">speedup over 1 thread</text>`)
  // The ideal, then one line per mode.
  parts.push(`<line x1="${plot.left}" y1="${y(ideal).toFixed(1)}" x2="${plot.left + w}" y2="${y(ideal).toFixed(1)}" stroke="#777" stroke-dasharray="5 4"/>`)
  const legend = [...lines.map((line, i) => ({ label: line.label, color: COLORS[i % COLORS.length]!, dashed: false })),
    { label: `ideal (${ideal}×)`, color: '#777', dashed: true }]
  lines.forEach((line, i) => {
    const color = COLORS[i % COLORS.length]!
    const points = line.points.map((v, k) => `${x(k).toFixed(1)},${y(v).toFixed(1)}`).join(' ')
    parts.push(`<polyline points="${points}" fill="none" stroke="${color}" stroke-width="2"/>`)
    line.points.forEach((v, k) => parts.push(`<circle cx="${x(k).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3" fill="${color}"/>`))
  })
  legend.forEach((entry, i) => {
    const ly = plot.top + 10 + i * 20
    const lx = plot.left + w + 16
    parts.push(`<line x1="${lx}" y1="${ly}" x2="${lx + 22}" y2="${ly}" stroke="${entry.color}" stroke-width="2"${entry.dashed ? ' stroke-dasharray="5 4"' : ''}/>`)
    parts.push(`<text x="${lx + 28}" y="${ly + 4}" font-size="11">${escape(entry.label)}</text>`)
  })
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">\n` +
    `<rect width="${width}" height="${height}" fill="#fff"/>\n${parts.join('\n')}\n</svg>\n`
}
