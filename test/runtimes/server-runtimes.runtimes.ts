// sabre from its tarball on every server runtime a user may run it on: Node
// 20, 22 and 24, Deno and Bun (test/runtimes/runtimes.ts says where each
// comes from). The tarball is packed from a clean copy of the repository, so
// prepack builds everything; one consumer project installs it, and each
// runtime runs the README's install example, a Pool map, a synchronous region,
// the algorithms (sort, sortByKeySync, scan, filter) and sabre/cluster's
// message for its missing optional packages there.

import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { mandelbrot } from '../../src/kernels/reference.js'
import { cleanEnv, cleanPack, repoRoot, type Packed } from './clean-pack.js'
import { runtime, RUNTIMES } from './runtimes.js'

const work = mkdtempSync(join(tmpdir(), 'sabre-runtimes-'))
const packed: Packed = cleanPack(join(work, 'pack'))
const project = join(work, 'project')

/** Every file under `dir`, relative to it. */
const filesOf = (dir: string): string[] => (readdirSync(dir, { recursive: true }) as string[])
  .filter((file) => statSync(join(dir, file)).isFile()).map((file) => file.split('\\').join('/'))

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8')
/** The README's first example (under Install): `import { Engine } from 'sabre'` … countPrimes. */
const installExample = /```js\n([\s\S]*?)```/.exec(readme)![1]!

const SIZE = 64
const MAX_ITER = 64
const VIEW = [-2.2, -1.2, 0.8, 1.2] as const
/** Elements the algorithms program sorts, scans and filters: several blocks of each. */
const ALGORITHM_N = 100_000

/** The programs each runtime runs, and what each must print. */
const PROGRAMS: Readonly<Record<string, { source: string; prints: string }>> = {
  'readme.mjs': { source: installExample, prints: '78498' },
  'pool.mjs': {
    source: `import { Engine, Pool } from 'sabre'
const engine = await Engine.start({ threads: 2 })
const pool = new Pool(engine)
console.log(JSON.stringify(await pool.map('collatzSteps', [1, 2, 3, 27, 97])))
await engine.close()
`,
    prints: '[0,1,7,111,118]',
  },
  'sync.mjs': {
    source: `import { Engine } from 'sabre'
const engine = await Engine.start({ threads: 2 })
const image = engine.alloc(Uint32Array, ${SIZE * SIZE})
engine.parallelForSync('mandelbrot', ${SIZE}, [image, ${SIZE}, ${SIZE}, ${VIEW.join(', ')}, ${MAX_ITER}])
const ones = engine.alloc(Float64Array, 1000).fill(1)
console.log(engine.reduceSync('sumF64', ones.length, [ones]), image.filter((n) => n === ${MAX_ITER}).length)
await engine.close()
`,
    prints: (() => {
      const counts = new Uint32Array(SIZE * SIZE)
      mandelbrot(counts, SIZE, SIZE, ...VIEW, MAX_ITER, 0, SIZE)
      return `1000 ${counts.filter((n) => n === MAX_ITER).length}`
    })(),
  },
  'algorithms.mjs': {
    // A permutation of 0 … n − 1 (7919 is prime to n), sorted, argsorted, scanned and filtered.
    source: `import { Engine } from 'sabre'
const engine = await Engine.start({ threads: 2 })
const n = ${ALGORITHM_N}
const xs = engine.alloc(Float64Array, n)
for (let i = 0; i < n; i++) xs[i] = ((i * 7919) % n) / 10
await engine.sort(xs)
let ordered = true
for (let i = 1; i < n; i++) if (xs[i - 1] > xs[i]) ordered = false
const keys = engine.alloc(Float64Array, n)
const indices = engine.alloc(Uint32Array, n)
for (let i = 0; i < n; i++) [keys[i], indices[i]] = [(i * 7919) % n, i]
engine.sortByKeySync(keys, indices)
const ones = engine.alloc(Uint32Array, n).fill(1)
const total = await engine.scan(ones, ones)
const kept = engine.alloc(Float64Array, n)
const count = await engine.filter(xs, kept, { op: '<', value: 5000 })
console.log(ordered, xs[0], xs[n - 1], indices[1], total, ones[n - 1], count, kept[count - 1])
await engine.close()
`,
    prints: (() => {
      const inverse = Array.from({ length: ALGORITHM_N }, (_, i) => i).find((i) => (i * 7919) % ALGORITHM_N === 1)
      return `true 0 ${(ALGORITHM_N - 1) / 10} ${inverse} ${ALGORITHM_N} ${ALGORITHM_N} 50000 4999.9`
    })(),
  },
  'cluster.mjs': {
    source: `import { ClusterPool } from 'sabre/cluster'
await ClusterPool.connect({ redis: 'redis://127.0.0.1:6379' }).then(
  (pool) => { console.log('connected without bullmq?'); return pool.close() },
  (error) => console.log(error.message))
`,
    prints: 'sabre/cluster needs the packages bullmq and ioredis, optional peer dependencies of sabre: npm install bullmq ioredis',
  },
}

const test = suite('server runtimes, from the packed tarball')
test.after(() => {
  if (process.env.KEEP_CONSUMERS) console.log(`runtimes' tarball and project kept in ${work}`)
  else rmSync(work, { recursive: true, force: true })
})

test('npm pack from a clean clone builds with prepack and ships JavaScript, types and the wasm, nothing of the repository\'s own', () => {
  const files = filesOf(packed.unpacked)
  for (const file of ['dist/src/index.js', 'dist/src/cli/sabre.js', 'dist/src/cluster/index.js', 'dist/types/index.d.ts', 'dist/sabre.wasm',
    'dist/browser/sabre.js', 'dist/browser/sabre-worker.js', 'assembly/kernel.ts', 'require.cjs', 'README.md', 'LICENSE', 'package.json']) {
    assert.ok(files.includes(file), `the tarball holds ${file}`)
  }
  assert.equal(files.filter((file) => /^(src|showcase|test|bench|web|docs|scripts)\/|^dist\/(test|bench|showcase|web)\//.test(file)), [])
  const { repository, homepage, bugs, scripts } = JSON.parse(readFileSync(join(packed.unpacked, 'package.json'), 'utf8'))
  assert.is(repository.url, 'git+https://github.com/sabre-js/sabre.git')
  assert.ok(homepage.startsWith('https://github.com/sabre-js/sabre') && bugs.url.startsWith('https://github.com/sabre-js/sabre'), 'homepage and bugs')
  assert.ok(scripts.prepack, 'prepack builds')
})

test('every sourceMappingURL in a shipped file names a map the tarball holds', () => {
  const files = filesOf(packed.unpacked)
  const dangling: string[] = []
  let linked = 0
  for (const file of files.filter((name) => /\.(js|cjs|mjs)$/.test(name))) {
    const url = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(readFileSync(join(packed.unpacked, file), 'utf8'))?.[1]
    if (url === undefined) continue
    linked++
    const map = relative(packed.unpacked, join(packed.unpacked, file, '..', url)).split('\\').join('/')
    if (!files.includes(map)) dangling.push(`${file} → ${map}`)
  }
  assert.equal(dangling, [])
  assert.ok(linked >= 4, `the browser bundles link their maps (${linked} files do)`)
})

test('a consumer project installs the tarball, and its sabre command runs', () => {
  mkdirSync(project)
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }))
  const added = spawnSync('npm', ['install', packed.tarball, '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'],
    { cwd: project, encoding: 'utf8', timeout: 300_000, env: cleanEnv() })
  assert.is(added.status, 0, added.stderr)
  for (const [file, { source }] of Object.entries(PROGRAMS)) writeFileSync(join(project, file), source)
  // The bin the package declares runs from the install, and finds the package's own package.json.
  const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }
  const bin = spawnSync(join(project, 'node_modules', '.bin', 'sabre'), ['--version'], { encoding: 'utf8', timeout: 30_000 })
  assert.is(bin.stdout, `${version}\n`, bin.stderr)
})

// Deno colors what console.log prints when FORCE_COLOR is set at all, even to 0: NO_COLOR alone.
const { FORCE_COLOR: _, ...plain } = cleanEnv()
const runtimeEnv = { ...plain, DENO_NO_UPDATE_CHECK: '1' }

for (const name of RUNTIMES) {
  test(`${name}: the README example, a Pool map, a sync region, the algorithms and sabre/cluster's missing-peer message`, () => {
    const rt = runtime(name)
    for (const [file, { prints }] of Object.entries(PROGRAMS)) {
      const [command, args] = rt.command(file)
      // Bounded: a program that does not exit by itself (a worker left running) fails here.
      const child = spawnSync(command, args, { cwd: project, encoding: 'utf8', timeout: 60_000, env: runtimeEnv })
      assert.is(child.status, 0, `${rt.name} ${file} exited with ${child.status ?? child.signal}: ${child.stderr}`)
      assert.is(child.stdout.trim(), prints, `${rt.name} ${file}`)
    }
    console.log(`  ${rt.name}: ${Object.keys(PROGRAMS).join(', ')}`)
  })
}

test('Deno runs the repository\'s own build too: threads.js finds the worker script beside spawn.js, not at a source-mapped path', () => {
  const [command, args] = runtime('deno').command(fileURLToPath(new URL('in-repo.js', import.meta.url)))
  const child = spawnSync(command, args, { cwd: repoRoot, encoding: 'utf8', timeout: 60_000, env: runtimeEnv })
  assert.is(child.status, 0, child.stderr)
  assert.is(child.stdout.trim(), '78498')
})

test.run()
