// The explorer's and the image lab's read-outs: a table of name/value rows,
// and the tint's legend (each worker's color and how many rows it drew).

import { css, workerColor } from './palette.js'

/** Replaces the rows of `table` with one row per [name, value]. */
export function showStats(table: HTMLTableElement, cells: readonly (readonly [string, string])[]): void {
  table.tBodies[0]!.replaceChildren(...cells.map(([name, value]) => {
    const row = document.createElement('tr')
    row.append(Object.assign(document.createElement('th'), { textContent: name }), Object.assign(document.createElement('td'), { textContent: value }))
    return row
  }))
}

/** Fills `legend` with each of `workers` workers' color and its count of rows in `rowWorkers`; hidden unless `shown`. */
export function showLegend(legend: HTMLElement, workers: number, rowWorkers: readonly number[], shown: boolean): void {
  legend.hidden = !shown
  legend.replaceChildren(...Array.from({ length: workers }, (_, worker) => {
    const item = document.createElement('span')
    item.dataset.worker = String(worker)
    item.innerHTML = `<i style="background:${css(workerColor(worker))}"></i>worker ${worker}: ${rowWorkers.filter((w) => w === worker).length} rows`
    return item
  }))
}
