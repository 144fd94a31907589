// The native line of the benches: bench/native/kernels.c built with gcc -O3
// (or algorithms.cpp with g++ -O3), once serial and once with -fopenmp, and
// run with a thread count.

import { execFileSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'

/** Runs the C program with `threads` threads; the first number it prints (ms or µs, by command). */
export type NativeRun = (threads: number, args: readonly string[]) => number

/** The native programs: the kernels (C) and the algorithms (C++: std::sort, __gnu_parallel::sort). */
const PROGRAMS = { kernels: { source: 'kernels.c', compiler: 'gcc' }, algorithms: { source: 'algorithms.cpp', compiler: 'g++' } } as const

/** Builds the program; undefined, after one line saying why, where the compiler is missing or fails. */
export function buildNative(program: keyof typeof PROGRAMS = 'kernels'): NativeRun | undefined {
  const { source: file, compiler } = PROGRAMS[program]
  const dist = new URL('./native/', import.meta.url)
  mkdirSync(dist, { recursive: true })
  const source = new URL(`../../bench/native/${file}`, import.meta.url).pathname
  const [serial, omp] = [new URL(`${program}-serial`, dist).pathname, new URL(`${program}-omp`, dist).pathname]
  try {
    execFileSync(compiler, ['-O3', '-o', serial, source, '-lm'])
    execFileSync(compiler, ['-O3', '-fopenmp', '-o', omp, source, '-lm'])
  } catch (error) {
    console.log(`native line skipped: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? `${compiler} is not installed` : (error as Error).message}`)
    return undefined
  }
  return (threads, args) => {
    const out = execFileSync(threads === 1 ? serial : omp, [...args], { env: { ...process.env, OMP_NUM_THREADS: String(threads) }, encoding: 'utf8' })
    return Number(out.split(' ')[0])
  }
}
