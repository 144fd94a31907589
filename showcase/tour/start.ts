// `npm start`: a guided tour of concurrency and parallelism, each idea run
// live, explained in a paragraph, measured, and drawn as a timeline; then
// every kernel on 1..N threads, checked against its JS reference. Writes
// report/index.html.
//
//   npm start                  N = os.availableParallelism()
//   npm start -- --quick       the short version (small inputs, one run each)
//   npm start -- --threads 4   N = 4
//   npm start -- --out DIR     write the report to DIR/index.html (default report/)

import os from 'node:os'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { SingleBar } from 'cli-progress'
import { Engine } from '../../src/engine/engine.js'
import { table } from '../../src/format/table.js'
import { concurrency } from './concurrency.js'
import { cpuVsIo } from './cpu-vs-io.js'
import { fineGrained } from './fine-grained.js'
import { kernelTable } from './kernels.js'
import { parallelism } from './parallelism.js'
import { processVsPool } from './process-vs-pool.js'
import { raceStep } from './races.js'
import { speedupChart, writeReport } from './report.js'
import { scheduling } from './scheduling.js'
import { sorting } from './sorting.js'
import type { Step, StepResult } from './step.js'

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, threads: { type: 'string' }, out: { type: 'string' } } })
const cores = os.availableParallelism()
const threads = values.threads === undefined ? cores : Number(values.threads)
if (!Number.isInteger(threads) || threads < 1 || threads > 256) {
  console.error(`--threads must be an integer in [1, 256], got ${values.threads}`)
  process.exit(2)
}
const quick = values.quick === true
const machine = `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${cores} cores, Node ${process.version}; ${threads} worker threads${quick ? ' (quick tour)' : ''}`

const wrap = (text: string, width = 88): string =>
  text.split(' ').reduce((lines, word) => {
    const last = lines[lines.length - 1]!
    if ((last + ' ' + word).trim().length > width) lines.push(word)
    else lines[lines.length - 1] = (last + ' ' + word).trim()
    return lines
  }, ['']).join('\n')

console.log(`sabre: a tour of concurrency and parallelism\n${machine}\n`)
const steps: Step[] = [concurrency, parallelism, cpuVsIo, processVsPool, scheduling, fineGrained, raceStep, sorting, kernelTable]
const engine = await Engine.start({ threads, trace: true })
const done: { step: Step; result: StepResult }[] = []
try {
  for (const [i, step] of steps.entries()) {
    console.log(`${i + 1}. ${step.title}\n${wrap(step.text)}\n`)
    let bar: SingleBar | undefined
    const result = await step.run({
      engine, threads, quick,
      progress: (value, total) => {
        if (!process.stdout.isTTY) return
        bar ??= new SingleBar({ format: '   {bar} {value}/{total}', clearOnComplete: true, hideCursor: true })
        if (value === 1 || !bar.isActive) bar.start(total, value)
        else bar.update(value)
        if (value >= total) bar.stop()
      },
    })
    bar?.stop()
    for (const rows of result.tables) console.log(`${table(rows)}\n`)
    for (const finding of result.findings) console.log(`   ${wrap(finding, 85)}`)
    if (result.figures.length > 0) console.log(`   (${result.figures.length} timeline${result.figures.length > 1 ? 's' : ''} in the report)`)
    console.log('')
    done.push({ step, result })
  }
} finally {
  await engine.close()
}

const series = done.flatMap(({ result }) => result.speedups ?? [])
const out = values.out === undefined ? new URL('../../../report/', import.meta.url) : pathToFileURL(resolve(values.out) + '/')
const report = writeReport(out, done, { machine, ...(series.length > 0 && { chart: speedupChart(series) }) })
console.log(`The report, with every timeline: ${report}`)
const failures = done.flatMap(({ result }) => result.failures ?? [])
if (failures.length > 0) {
  console.error(`\nResults that disagree with the reference: ${failures.join('; ')}`)
  process.exitCode = 1
}
