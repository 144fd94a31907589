// examples/own-kernel as a user gets it: the folder copied to a fresh place,
// sabre installed from its npm tarball, the kernel compiled by the package's
// own `sabre compile` (npm run build) and run in Node (npm start), which must
// print the exact results and a timing line, and in Chromium from the page the
// example serves (npm run page: sabre's browser build and build/ beside it).

import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { launchBrowser } from '../browser/driver.js'
import { firstLog, serve } from '../browser/support.js'
import { packedSabre, repoRoot, run } from './consumer.js'

const test = suite('examples/own-kernel from the tarball')
const dir = mkdtempSync(join(tmpdir(), 'sabre-own-kernel-'))
test.after(() => { if (!process.env.KEEP_CONSUMERS) rmSync(dir, { recursive: true, force: true }) })

test('npm install, npm run build (sabre compile) and npm start print the example\'s results', async () => {
  const example = join(repoRoot, 'examples', 'own-kernel')
  cpSync(example, dir, { recursive: true, filter: (source) => !/[/\\](build|node_modules)$/.test(source) })
  // assemblyscript, the example's devDependency, is linked from sabre's own
  // node_modules as the bundler tests link theirs: not downloaded again.
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
  assert.ok(manifest.devDependencies.assemblyscript, 'the example lists the compiler it needs')
  delete manifest.devDependencies
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2))
  await run(`npm install ${JSON.stringify(await packedSabre())} --no-audit --no-fund --prefer-offline --loglevel=error`, dir)
  mkdirSync(join(dir, 'node_modules'), { recursive: true })
  symlinkSync(join(repoRoot, 'node_modules', 'assemblyscript'), join(dir, 'node_modules', 'assemblyscript'), 'dir')

  const build = await run('npm run build --silent', dir)
  assert.match(build.output, /kernels: scaleF64 \(range\), logisticF64 \(range\), sumSquaresF64 \(reduce: sum\), hypot \(item\)/)
  for (const file of ['kernels.wasm', 'kernels.sabre.json', 'kernels.sabre.d.ts']) assert.ok(existsSync(join(dir, 'build', file)), `build/${file}`)

  const { output } = await run('npm start --silent', dir)
  const lines = output.trim().split('\n')
  assert.is(lines[0], 'sum of squares 9000000')
  assert.is(lines[1], 'hypot [ 5, 13 ]')
  assert.match(lines[2]!, /^logistic map, 200000 × 200 steps: JS [\d.]+ ms, wasm 1 thread [\d.]+ ms, 2 threads [\d.]+ ms$/)
  console.log(`  ${lines[2]} (compile: ${Math.round(build.ms)} ms)`)

  // The page: the example's own copy step, then its web/ folder served with the isolation headers.
  await run('npm run page:files --silent', dir)
  const served = await serve(join(dir, 'web'))
  const browser = await launchBrowser('chromium')
  try {
    const errors: string[] = []
    assert.is(await firstLog(await browser.newPage(), served.url, errors), 'sum of squares 9000000; hypot 5, 13')
    assert.equal(errors, [])
  } finally {
    await browser.close()
    await served.close()
  }
})

test.run()
