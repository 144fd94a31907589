import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { XMLValidator } from 'fast-xml-parser'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'

const test = suite('the tour (npm start)')

test('npm start -- --quick exits 0 and writes report/index.html with every step and its timelines', () => {
  const script = new URL('../../src/cli/start.js', import.meta.url).pathname
  const child = spawnSync(process.execPath, [script, '--quick'], { timeout: 120_000, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } })
  assert.is(child.status, 0, child.stderr)
  const path = /The report, with every timeline: (\S+)/.exec(child.stdout)?.[1]
  assert.ok(path, 'the terminal prints the report path')
  const html = readFileSync(path!, 'utf8')
  for (const title of ['Concurrency without parallelism', 'Parallelism', 'CPU-bound vs I/O-bound', 'Process vs Pool',
    'Static vs dynamic scheduling', 'Races and their fixes', 'Every kernel, checked', 'Speedup over one thread']) {
    assert.ok(html.includes(title), `the report has "${title}"`)
  }
  const svgs = html.match(/<svg[\s\S]*?<\/svg>/g) ?? []
  assert.is(svgs.length, 7, 'six timelines and the speedup chart')
  for (const svg of svgs) assert.is(XMLValidator.validate(svg), true)
  assert.not.match(child.stdout, /FAIL/)
})

test.run()
