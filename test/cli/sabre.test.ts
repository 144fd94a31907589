// The `sabre` command as a user meets it: help and version on stdout with exit
// code 0, bad use as one line naming what was wrong and then the usage on
// stderr with exit code 2, for sabre itself and for each subcommand.

import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'

const cli = new URL('../../src/cli/sabre.js', import.meta.url).pathname
const { version } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }

/** Runs `sabre ...args`; its exit code and output. */
function sabre(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const child = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 20_000 })
  return { status: child.status, stdout: child.stdout, stderr: child.stderr }
}

const COMMANDS = ['worker', 'serve', 'compile']
const test = suite('the sabre command')

test('sabre --help and -h list every command with its usage, on stdout, exit 0', () => {
  for (const flag of ['--help', '-h']) {
    const { status, stdout, stderr } = sabre(flag)
    assert.is(status, 0, stderr)
    assert.is(stderr, '')
    for (const name of COMMANDS) {
      assert.match(stdout, `  sabre ${name} `, `${flag}: the usage of ${name}`)
      assert.match(stdout, new RegExp(`^  ${name} +\\w`, 'm'), `${flag}: a line on ${name}`)
    }
  }
})

test('sabre --version and -v print the package\'s version, exit 0', () => {
  for (const flag of ['--version', '-v']) assert.equal(sabre(flag), { status: 0, stdout: `${version}\n`, stderr: '' })
})

test('sabre <command> --help and -h print that command\'s usage and every flag, exit 0, and run nothing', () => {
  const flags: Record<string, string[]> = {
    worker: ['--redis URL', '--module PATH', '--threads N', '--queue NAME', '--concurrency N', '--lock-ms MS', '--connect-timeout-ms MS'],
    serve: ['DIR', '--port N', '--no-isolation'],
    compile: ['<kernels.ts>', '--out DIR', '--name NAME', '--wat'],
  }
  for (const name of COMMANDS) {
    for (const args of [['--help'], ['-h'], ['--port', '1', '--help']]) {
      const { status, stdout, stderr } = sabre(name, ...args)
      assert.is(status, 0, `${name} ${args.join(' ')}: ${stderr}`)
      assert.is(stderr, '', `${name} ${args.join(' ')} prints no error`)
      assert.ok(stdout.startsWith(`usage: sabre ${name} `), `${name} ${args.join(' ')}: ${stdout}`)
      for (const flag of flags[name]!) assert.match(stdout, `\n  ${flag} `, `${name} --help explains ${flag}`)
    }
  }
})

test('an unknown command or option of sabre is one line naming it, then the usage, exit 2', () => {
  for (const [args, line] of [[['serv'], "sabre: unknown command 'serv'"], [['--verbose'], "sabre: unknown option '--verbose'"], [[], 'sabre: a command is needed']] as const) {
    const { status, stdout, stderr } = sabre(...args)
    assert.is(status, 2, args.join(' '))
    assert.is(stdout, '')
    const lines = stderr.trimEnd().split('\n')
    assert.is(lines[0], line)
    assert.match(lines[1]!, /^usage: sabre <command>/)
    for (const name of COMMANDS) assert.ok(lines.some((l) => l.startsWith(`  sabre ${name} `)), `the usage names ${name}`)
  }
})

test('an unknown option of a command is one line naming it, then that command\'s usage, exit 2', () => {
  for (const name of COMMANDS) {
    const { status, stdout, stderr } = sabre(name, '--bogus')
    assert.is(status, 2, `${name} --bogus`)
    assert.is(stdout, '')
    assert.equal(stderr.trimEnd().split('\n').map((line, i) => (i === 1 ? line.split(' ').slice(0, 3).join(' ') : line)),
      [`sabre ${name}: unknown option '--bogus'`, `usage: sabre ${name}`])
  }
})

test('a flag without its value, or a bad value, is bad use too: exit 2 with the usage', () => {
  for (const [args, line] of [
    [['serve', '--port'], "sabre serve: option '--port <value>' argument missing"],
    [['worker', '--redis', 'redis://127.0.0.1:1', '--threads', '0'], 'sabre worker: --threads must be an integer >= 1, got 0'],
    [['compile', 'a.ts', 'b.ts'], 'sabre compile: expected one AssemblyScript file, got 2'],
  ] as const) {
    const { status, stderr } = sabre(...args)
    assert.is(status, 2, args.join(' '))
    const lines = stderr.trimEnd().split('\n')
    assert.is(lines[0], line)
    assert.ok(lines[1]!.startsWith(`usage: sabre ${args[0]} `), lines[1])
  }
})

test.run()
