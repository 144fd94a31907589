// `npm run races`: every race scenario with every fix, one table each.
//
//   npm run races                        2..4 threads (the cores, at least 2), 5 runs per fix
//   npm run races -- --runs 9 --threads 4

import os from 'node:os'
import { parseArgs } from 'node:util'
import { raceTables } from './race-tables.js'

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, threads: { type: 'string' } } })
const runs = Number(values.runs)
const threads = values.threads === undefined ? Math.max(2, Math.min(4, os.availableParallelism())) : Number(values.threads)
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(threads) || threads < 1) {
  console.error(`--runs and --threads must be integers >= 1, got ${values.runs} and ${values.threads}`)
  process.exit(2)
}
if (os.availableParallelism() < 2) console.log('note: this machine has 1 core, so threads take turns and races are rare.\n')
await raceTables(threads, runs, console.log)
