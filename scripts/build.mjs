// The one build: AssemblyScript kernels → dist/sabre.wasm (+ .wat to read the
// emitted code), then esbuild: every TypeScript file of src/, test/ and bench/
// → dist/, one JS file per source file, same layout. Skips asc when the wasm is
// newer than every kernel source.

import { readdirSync, statSync, mkdirSync } from 'node:fs'
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

async function buildScripts() {
  const entryPoints = ['src', 'test', 'bench'].flatMap((dir) => files(dir, '.ts'))
  await esbuild.build({
    entryPoints, outdir: at('dist'), outbase: root,
    format: 'esm', platform: 'node', target: 'node20', sourcemap: 'linked', logLevel: 'warning',
  })
  return entryPoints.length
}

process.chdir(root)
mkdirSync(at('dist'), { recursive: true })
const started = performance.now()
const [compiled, scripts] = await Promise.all([buildKernels(), buildScripts()])
console.log(`build: ${compiled ? 'kernels compiled, ' : ''}${scripts} scripts in ${Math.round(performance.now() - started)} ms`)
