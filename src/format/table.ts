// Plain-text tables for the terminal: right-aligned numbers, left-aligned labels.

/** Renders rows (the first is the header) with columns padded to fit. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => (row[c] ?? '').length)))
  const line = (row: readonly string[]) =>
    row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')
  const [header, ...body] = rows
  return [line(header!), widths.map((w) => '─'.repeat(w)).join('  '), ...body.map(line)].join('\n')
}

/** Formats ms with sensible precision. */
export const ms = (value: number): string => (value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2))
