// sabre packed as a clean clone packs it: the repository's files (tracked, or
// new and not ignored, as they are in the working tree) copied to a fresh
// folder with no dist/, the repository's node_modules linked in (what `npm ci`
// would install), and `npm pack` run there, so prepack does the whole build.

import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root (this file runs from dist/test/runtimes/). */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))

export interface Packed {
  /** The .tgz file. */
  readonly tarball: string
  /** Its contents, unpacked: the `package/` folder. */
  readonly unpacked: string
  /** What prepack and npm pack printed. */
  readonly log: string
}

/** Runs `command args` in `cwd`; returns stdout and stderr, or throws with them. */
function run(command: string, args: readonly string[], cwd: string, timeoutMs: number): string {
  const child = spawnSync(command, [...args], { cwd, encoding: 'utf8', timeout: timeoutMs, env: cleanEnv() })
  const output = `${child.stdout ?? ''}${child.stderr ?? ''}`
  if (child.status !== 0) throw new Error(`${command} ${args.join(' ')} (in ${cwd}) failed with ${child.status ?? child.signal}:\n${output}`)
  return output
}

/** This process's environment less an enclosing `npm run`'s settings, which are not the clone's. */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }
  for (const name of Object.keys(env)) if (name.startsWith('npm_')) delete env[name]
  return env
}

/** Packs a clean copy of the repository into `into` (a new folder); removes the copy afterwards. */
export function cleanPack(into: string): Packed {
  const clone = mkdtempSync(join(tmpdir(), 'sabre-clone-'))
  try {
    const listed = run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], repoRoot, 30_000)
    for (const file of listed.split('\0').filter(Boolean)) {
      // A tracked file deleted in the working tree is not part of it.
      if (!existsSync(join(repoRoot, file))) continue
      mkdirSync(dirname(join(clone, file)), { recursive: true })
      cpSync(join(repoRoot, file), join(clone, file))
    }
    if (existsSync(join(clone, 'dist'))) throw new Error('the copy has a dist/: it is not clean')
    symlinkSync(join(repoRoot, 'node_modules'), join(clone, 'node_modules'), 'dir')
    mkdirSync(into, { recursive: true })
    const log = run('npm', ['pack', '--pack-destination', into], clone, 600_000)
    const tarball = readdirSync(into).find((file) => file.endsWith('.tgz'))
    if (!tarball) throw new Error(`npm pack wrote no .tgz into ${into}:\n${log}`)
    run('tar', ['-xzf', tarball], into, 60_000)
    return { tarball: join(into, tarball), unpacked: join(into, 'package'), log }
  } finally {
    rmSync(clone, { recursive: true, force: true })
  }
}
