// A suite whose before hook fails must fail the run: uvu alone reports it as
// "0 / 3" and exits 0, so test/support/suite.ts keeps the hook's error and
// fails each test with it. Checked by running the uvu command on a fixture
// suite in a child process, as npm test runs every suite.

import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import * as assert from 'uvu/assert'
import { suite } from './suite.js'

const root = fileURLToPath(new URL('../../../', import.meta.url))

/** The uvu command on fixtures/hooked-suite.js: exit code, and its output without colours. */
function runFixture(env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const child = spawnSync(process.execPath, ['node_modules/uvu/bin.js', 'dist/test/support/fixtures', 'hooked-suite\\.js$'], {
    cwd: root, encoding: 'utf8', timeout: 20_000, env: { ...process.env, ...env },
  })
  const plain = (text: string): string => text.replace(/\x1b\[[0-9;]*m/g, '')
  return { status: child.status, stdout: plain(child.stdout), stderr: plain(child.stderr) }
}

const test = suite('a suite whose before hook fails')

test('with uvu\'s own suite the run passes: "0 / 3", no error, exit 0 (lukeed/uvu#80; when this fails, uvu has fixed it)', () => {
  const run = runFixture({ SUITE: 'uvu', HOOK: 'throw' })
  assert.match(run.stdout, /\(0 \/ 3\)/)
  assert.match(run.stdout, /Passed:\s+0/)
  assert.not.match(run.stdout + run.stderr, /no Redis/)
  assert.is(run.status, 0)
})

test('with support/suite.ts every test fails with the hook\'s error, where it threw, and the run exits 1; the after hook still runs', () => {
  const run = runFixture({ HOOK: 'throw' })
  assert.is(run.status, 1, run.stdout + run.stderr)
  assert.match(run.stdout, /Passed:\s+0/)
  for (const title of ['first', 'second', 'third']) {
    assert.match(run.stdout, `FAIL  hooked  "${title}"\n    the before hook of suite "hooked" failed, so this test did not run: no Redis at 127.0.0.1:6390`)
  }
  assert.match(run.stdout, /at .*hooked-suite\.js:\d+/, 'the hook\'s own stack, once')
  assert.not.match(run.stdout, /before\.each ran/, 'the suite\'s before.each hooks do not run')
  assert.match(run.stdout, /after hook ran/)
})

test('an after hook that trips over what the failed before hook did not start is reported, and the tests fail with the before hook\'s error', () => {
  const run = runFixture({ HOOK: 'throw', AFTER: 'trips' })
  assert.is(run.status, 1, run.stdout + run.stderr)
  assert.match(run.stdout, /this test did not run: no Redis at 127\.0\.0\.1:6390/)
  assert.match(run.stderr, /suite "hooked": an after hook failed too, after its before hook had: TypeError: Cannot read properties of undefined/)
})

test('a hook that throws something other than an Error fails the run too, naming what it threw', () => {
  const run = runFixture({ HOOK: 'throw-string' })
  assert.is(run.status, 1, run.stdout + run.stderr)
  assert.match(run.stdout, /this test did not run: a bare string/)
})

test('a before hook that succeeds changes nothing: every test passes, the suite\'s before.each hooks run, exit 0', () => {
  const run = runFixture({ HOOK: 'pass', AFTER: 'trips' })
  assert.is(run.status, 0, run.stdout + run.stderr)
  assert.match(run.stdout, /\(3 \/ 3\)/)
  assert.is(run.stdout.match(/before\.each ran with redis:\/\/127\.0\.0\.1:6390/g)?.length, 3)
})

test('every suite in test/ with a before hook is made with support/suite.ts', () => {
  const sources = (readdirSync(`${root}test`, { recursive: true }) as string[]).filter((file) => file.endsWith('.ts'))
  const hooked = sources.filter((file) => /\.before\(/.test(readFileSync(`${root}test/${file}`, 'utf8')))
  assert.ok(hooked.length > 10, `found ${hooked.length}`)
  const plain = hooked.filter((file) => !/import \{ suite \} from '(\.\.?\/)+(support\/)?suite\.js'/.test(readFileSync(`${root}test/${file}`, 'utf8')))
  assert.equal(plain, [], 'these make a suite with a before hook from uvu directly')
})

test.run()
