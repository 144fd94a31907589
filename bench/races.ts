// bench/races: every race scenario and fix, medians of RUNS runs, slowdown of
// each fix against `none` measured in the same run. Prints the tables and
// writes bench/results/races.json.

import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { raceTables } from '../showcase/race-tables.js'

const RUNS = 9
const threads = Math.max(2, Math.min(4, os.availableParallelism()))
console.log(`sabre race bench: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.availableParallelism()} cores, Node ${process.version}; ${threads} threads, ${RUNS} runs per fix\n`)
const tables = await raceTables(threads, RUNS, console.log)

mkdirSync(new URL('./results/', import.meta.url), { recursive: true })
const out = new URL('./results/races.json', import.meta.url)
writeFileSync(out, JSON.stringify(Object.fromEntries(tables), null, 2))
console.log(`wrote ${out.pathname}`)
