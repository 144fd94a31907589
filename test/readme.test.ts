// The README's usage example runs as written: docs that drift fail here.

import { spawnSync } from 'node:child_process'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'

const test = suite('README')

test('the usage example runs as written and prints what its comments say', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
  const example = /```js\n([\s\S]*?)```/.exec(readme)?.[1]
  assert.ok(example, 'the README has a ```js example')
  // Inside the package, `import … from 'sabre'` resolves to this package itself.
  const file = new URL('../readme-example.mjs', import.meta.url)
  writeFileSync(file, example!)
  try {
    const child = spawnSync(process.execPath, [file.pathname], { timeout: 20_000, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } })
    assert.is(child.status, 0, child.stderr)
    const lines = child.stdout.trim().split('\n')
    assert.is(lines[0], 'sum 4500000')
    assert.match(lines[1]!, /^pixels in the set \d+$/)
    assert.is(lines[2], 'AbortError')
  } finally {
    rmSync(file, { force: true })
  }
})

test.run()
