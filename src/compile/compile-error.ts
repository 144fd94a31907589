// The error compileKernels rejects with: every problem in the source, each
// as file:line:column and what is wrong, so an editor or a terminal can jump
// to it.

import type { Problem } from './analyze.js'

export class CompileError extends Error {
  override readonly name = 'CompileError'

  constructor(
    /** The source file, absolute. */
    readonly file: string,
    /** Every problem found, in source order. */
    readonly problems: readonly Problem[],
    /** asc's own output, when the problems came from the compiler. */
    readonly compilerOutput?: string,
  ) {
    super(problems.map((p) => `${file}:${p.line}:${p.column}: ${p.message}`).join('\n'))
  }
}
