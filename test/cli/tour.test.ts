import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { XMLValidator } from 'fast-xml-parser'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'

const test = suite('the tour (npm start)')

test('npm start -- --quick exits 0 and writes the report (here to --out, not over report/) with every step and its timelines', () => {
  const script = new URL('../../src/cli/start.js', import.meta.url).pathname
  const out = mkdtempSync(join(tmpdir(), 'sabre-tour-'))
  const child = spawnSync(process.execPath, [script, '--quick', '--out', out], { timeout: 180_000, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } })
  assert.is(child.status, 0, child.stderr)
  const path = /The report, with every timeline: (\S+)/.exec(child.stdout)?.[1]
  assert.is(path, join(out, 'index.html'), 'the terminal prints the report path, in the folder asked for')
  const html = readFileSync(path!, 'utf8')
  for (const title of ['Concurrency without parallelism', 'Parallelism', 'CPU-bound vs I/O-bound', 'Process vs Pool',
    'Static vs dynamic scheduling', 'Fine-grained parallelism: sync and async regions', 'Races and their fixes', 'Every kernel, checked', 'Speedup over one thread']) {
    assert.ok(html.includes(title), `the report has "${title}"`)
  }
  const svgs = html.match(/<svg[\s\S]*?<\/svg>/g) ?? []
  assert.is(svgs.length, 8, 'seven timelines and the speedup chart')
  for (const svg of svgs) assert.is(XMLValidator.validate(svg), true)
  assert.not.match(child.stdout, /FAIL/)
  rmSync(out, { recursive: true })
})

test('findings say what was measured: a busy machine is named, never a speedup below 1 called "faster"', async () => {
  const { speedupFinding, scheduleFinding, cpuVsIoFinding, regionsFinding } = await import('../../src/cli/tour/findings.js')
  const { raceFinding } = await import('../../src/cli/tour/races.js')
  assert.match(speedupFinding(2, 100, 52), /^2 workers: 1\.92× faster than 1 worker\.$/)
  const busy = speedupFinding(2, 100, 102)
  assert.not.match(busy, /faster/)
  assert.match(busy, /the machine was busy/)
  assert.match(scheduleFinding(100, 60), /dynamic took 60% of static's time/)
  assert.match(scheduleFinding(100, 129), /the machine was busy/)
  assert.match(cpuVsIoFinding(40, 41, 320, 330, 2), /the machine was busy/)
  assert.not.match(cpuVsIoFinding(40, 41, 320, 165, 2), /busy/)
  assert.match(regionsFinding(2, 160, 150, 82), /async 1\.07×, sync 1\.95× on 2 threads\. The waiting main thread/)
  assert.match(regionsFinding(2, 160, 300, 150), /the machine was busy/)
  const race = { scenario: 'counter', fix: 'none', threads: 2, iterations: 10, expected: 20, observed: 20, lost: 0, invariant: '', ms: 1 } as const
  assert.match(raceFinding({ ...race, overlapped: false, attempts: 40 }), /never ran side by side in 40 tries/)
  assert.not.match(raceFinding({ ...race, overlapped: false, attempts: 40 }), /^none lost 0/)
  assert.match(raceFinding({ ...race, observed: 12, lost: 8, overlapped: true, attempts: 1 }), /^none lost 8 of 20 increments/)
})

test.run()
