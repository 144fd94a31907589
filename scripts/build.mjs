// The one build: AssemblyScript kernels → dist/sabre.wasm (+ .wat to read the
// emitted code), then esbuild: every TypeScript file of src/, showcase/, test/
// and bench/ → dist/, one JS file per source file, same layout (for Node); the browser
// library → dist/browser/ (an ESM bundle, one bundle per worker, the wasm
// beside them); and the demo page → dist/web/. Skips asc when the wasm is
// newer than every kernel source. `--clean` (prepack) empties dist/ first, so
// nothing an older build left (a moved file, a map) is packed.

import { copyFileSync, existsSync, readdirSync, statSync, mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as esbuild from 'esbuild'

const root = fileURLToPath(new URL('..', import.meta.url))
const at = (...parts) => join(root, ...parts)

function files(dir, suffix) {
  return readdirSync(at(dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(suffix) && !entry.name.endsWith('.d.ts'))
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name))
}

const newest = (paths) => Math.max(...paths.map((path) => statSync(path).mtimeMs))
const mtime = (path) => { try { return statSync(path).mtimeMs } catch { return 0 } }

async function buildKernels() {
  const wasm = at('dist', 'sabre.wasm')
  const sources = [...files('assembly', '.ts'), at('asconfig.json')]
  if (mtime(wasm) > newest(sources)) return false
  const asc = await import('assemblyscript/asc')
  // asc prints its diagnostics to our stderr as it goes.
  const { error } = await asc.main(['assembly/index.ts', '--config', 'asconfig.json', '--target', 'release'], {
    stdout: process.stdout, stderr: process.stderr,
  })
  if (error) throw new Error(`asc failed: ${error.message}`)
  return true
}

/**
 * The Node build has no source maps: esbuild's output keeps the source's lines
 * and names, Node applies maps only under --enable-source-maps, and Deno
 * applies them to stack traces, where threads.js finds the file that spawned
 * a worker: a mapped src/worker/spawn.ts sent it to src/worker/main.js.
 */
async function buildScripts() {
  const entryPoints = ['src', 'showcase', 'test', 'bench'].flatMap((dir) => files(dir, '.ts'))
  await esbuild.build({
    entryPoints, outdir: at('dist'), outbase: root,
    format: 'esm', platform: 'node', target: 'node20', logLevel: 'warning',
  })
  return entryPoints.length
}

/**
 * The browser bundles take each module's browser twin: a relative import of
 * src/X.js, where src/X.browser.ts exists, resolves to that (assets.ts gives
 * way to assets.browser.ts, platform.ts to platform.browser.ts). The one place
 * the Node and browser builds differ.
 */
const browserTwins = {
  name: 'browser-twins',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\/.*\.js$/ }, ({ path, resolveDir }) => {
      const twin = join(resolveDir, path.replace(/\.js$/, '.browser.ts'))
      return twin.startsWith(at('src')) && existsSync(twin) ? { path: twin } : undefined
    })
  },
}

/** The demo imports the library as the separate file ./sabre.js, as an app embedding sabre would. */
const libraryAsFile = {
  name: 'library-as-file',
  setup(build) {
    build.onResolve({ filter: /\/src\/index\.js$/ }, () => ({ path: './sabre.js', external: true }))
  },
}

/** Browser bundles ship with their maps (sources inlined), so a page's devtools show sabre's TypeScript. */
const browserOptions = {
  bundle: true, format: 'esm', platform: 'browser', target: ['chrome111', 'firefox115', 'safari16.4'],
  sourcemap: 'linked', logLevel: 'warning',
}

async function buildBrowser() {
  await esbuild.build({
    ...browserOptions, outdir: at('dist', 'browser'), plugins: [browserTwins],
    entryPoints: {
      'sabre': at('src', 'index.ts'),
      'sabre-worker': at('src', 'worker', 'main.ts'),
      'sabre-race-worker': at('src', 'races', 'js-worker.ts'),
      'sabre-js-pool-worker': at('src', 'pools', 'js-pool-worker.ts'),
    },
  })
  await esbuild.build({ ...browserOptions, outdir: at('dist', 'web'), plugins: [libraryAsFile], entryPoints: [at('web', 'demo.ts')] })
}

/** The wasm beside the browser bundles, and the page with a copy of the library (dist/web is served as it is). */
function assembleWeb() {
  copyFileSync(at('dist', 'sabre.wasm'), at('dist', 'browser', 'sabre.wasm'))
  for (const file of readdirSync(at('web'))) if (!file.endsWith('.ts')) copyFileSync(at('web', file), at('dist', 'web', file))
  for (const file of readdirSync(at('dist', 'browser'))) copyFileSync(at('dist', 'browser', file), at('dist', 'web', file))
}

process.chdir(root)
if (process.argv.includes('--clean')) rmSync(at('dist'), { recursive: true, force: true })
mkdirSync(at('dist'), { recursive: true })
const started = performance.now()
const [compiled, scripts] = await Promise.all([buildKernels(), buildScripts(), buildBrowser()])
assembleWeb()
console.log(`build: ${compiled ? 'kernels compiled, ' : ''}${scripts} scripts and the browser bundles in ${Math.round(performance.now() - started)} ms`)
