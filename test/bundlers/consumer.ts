// Consumer projects: sabre as its users get it. The package is packed once
// per run (npm pack), and each project is a fresh folder that npm-installs
// that tarball, holds a page and a bundler config, and is built with the
// bundler binaries of sabre's own devDependencies (on PATH, cwd = the
// project), as the user's npm scripts would run their own.

import { spawn, type ChildProcess } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root (this file runs from dist/test/bundlers/). */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))
const devBin = join(repoRoot, 'node_modules', '.bin')
const runRoot = mkdtempSync(join(tmpdir(), 'sabre-bundlers-'))
// The tarball outlives any one suite's projects (every *.bundlers suite installs it): it goes when the process does.
const packRoot = mkdtempSync(join(tmpdir(), 'sabre-pack-'))
process.once('exit', () => rmSync(packRoot, { recursive: true, force: true }))

/** Deletes every project of this run (about 5 MB each); KEEP_CONSUMERS=1 keeps them to look into. */
export function removeProjects(): void {
  if (process.env.KEEP_CONSUMERS) console.log(`consumer projects kept in ${runRoot}`)
  else rmSync(runRoot, { recursive: true, force: true })
}

export interface Ran {
  readonly output: string
  readonly ms: number
}

/** Runs `command` with sh in `cwd`, sabre's devDependency binaries first on PATH; rejects with the output on failure or after `timeoutMs`. */
export function run(command: string, cwd: string, timeoutMs = 120_000): Promise<Ran> {
  const started = performance.now()
  const child = spawn('sh', ['-c', command], { cwd, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (chunk) => { output += chunk })
  child.stderr.on('data', (chunk) => { output += chunk })
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`${command} (in ${cwd}) ran over ${timeoutMs} ms:\n${output}`)) }, timeoutMs)
    child.on('error', (error) => { clearTimeout(timer); reject(error) })
    child.on('exit', (code, signal) => {
      clearTimeout(timer)
      if (code === 0) resolve({ output, ms: performance.now() - started })
      else reject(new Error(`${command} (in ${cwd}) failed with ${code ?? signal}:\n${output}`))
    })
  })
}

/** A `webpack` command on PATH that stands in for webpack-cli (see webpack-cli.ts). */
const shimBin = join(runRoot, 'bin')
mkdirSync(shimBin)
writeFileSync(join(shimBin, 'webpack'), `#!/bin/sh\nexec node ${JSON.stringify(fileURLToPath(new URL('webpack-cli.js', import.meta.url)))} "$@"\n`)
chmodSync(join(shimBin, 'webpack'), 0o755)

function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${shimBin}:${devBin}:${process.env.PATH ?? ''}`, NO_COLOR: '1', FORCE_COLOR: '0' }
  // Settings of an enclosing `npm run` (npm_config_*, npm_package_*) are not the consumer's.
  for (const name of Object.keys(env)) if (name.startsWith('npm_')) delete env[name]
  return env
}

let tarball: Promise<string> | undefined

/** sabre packed as `npm pack` does (once per run); needs a complete build, types included. */
export function packedSabre(): Promise<string> {
  tarball ??= (async () => {
    if (!existsSync(join(repoRoot, 'dist', 'types', 'index.d.ts')) || !existsSync(join(repoRoot, 'dist', 'browser', 'sabre.js'))) {
      throw new Error('dist/ is incomplete: run `npm run test:bundlers`, which builds dist/browser and dist/types first')
    }
    // --ignore-scripts: this run built dist/ just now, and prepack's clean build would rewrite it under the running suites
    // (test/runtimes packs a clean clone, prepack and all).
    const { output } = await run(`npm pack --ignore-scripts --pack-destination ${JSON.stringify(packRoot)} --silent`, repoRoot)
    return join(packRoot, output.trim().split('\n').pop()!)
  })()
  return tarball
}

/** A fresh project folder `name` with sabre installed from the tarball, `files` written and `devDependencies` linked from sabre's own. */
export async function project(name: string, files: Readonly<Record<string, string>>, devDependencies: readonly string[] = []): Promise<string> {
  const dir = join(runRoot, name)
  // recursive: a suite that ran before may have removed this run's projects folder.
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, private: true, type: 'module' }, null, 2))
  await run(`npm install ${JSON.stringify(await packedSabre())} --no-audit --no-fund --prefer-offline --loglevel=error`, dir)
  // As the user's own devDependency install would put them; linked, not downloaded again.
  for (const dependency of devDependencies) {
    const target = join(dir, 'node_modules', dependency)
    mkdirSync(dirname(target), { recursive: true })
    symlinkSync(join(repoRoot, 'node_modules', dependency), target, 'dir')
  }
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
  return dir
}

export interface Sizes {
  /** The page's entry bundle (the script index.html loads), bytes. */
  readonly jsBytes: number
  /** Every other .js file of the output: sabre's worker scripts, bytes. */
  readonly workerBytes: number
  readonly workerFiles: number
  readonly wasmBytes: number
}

/** Sizes of a build's output folder, sorted by what each file is. */
export function measure(out: string): Sizes {
  const html = readFileSync(join(out, 'index.html'), 'utf8')
  const entry = /<script[^>]*\ssrc="\.?\/?([^"]+)"/.exec(html)?.[1]
  if (!entry) throw new Error(`${out}/index.html loads no script`)
  let jsBytes = 0, workerBytes = 0, workerFiles = 0, wasmBytes = 0
  for (const file of readdirSync(out, { recursive: true }) as string[]) {
    const bytes = statSync(join(out, file)).size
    if (file === entry) jsBytes += bytes
    else if (file.endsWith('.js')) { workerBytes += bytes; workerFiles++ }
    else if (file.endsWith('.wasm')) wasmBytes += bytes
  }
  return { jsBytes, workerBytes, workerFiles, wasmBytes }
}

export interface DevServer {
  readonly url: string
  /** Ends the server; resolves once its process has exited. */
  stop(): Promise<void>
}

/** Starts `command` (a dev server) in `cwd` and resolves with the first http://localhost URL it prints. */
export function startDevServer(command: string, cwd: string, timeoutMs = 60_000): Promise<DevServer> {
  const child: ChildProcess = spawn('sh', ['-c', `exec ${command}`], { cwd, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  return new Promise((resolve, reject) => {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
    const stop = (): Promise<void> => {
      child.kill('SIGTERM')
      return exited
    }
    const timer = setTimeout(() => { void stop(); reject(new Error(`${command} printed no URL within ${timeoutMs} ms:\n${output}`)) }, timeoutMs)
    const read = (chunk: Buffer): void => {
      output += chunk
      const url = /Local:\s+(http:\/\/localhost:\d+\/)/.exec(output)?.[1]
      if (url) { clearTimeout(timer); resolve({ url, stop }) }
    }
    child.stdout!.on('data', read)
    child.stderr!.on('data', read)
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`${command} exited with ${code}:\n${output}`)) })
  })
}
