// sabre/compile: compiling your own kernels from a build script (the same as
// `npx sabre compile`). Needs `assemblyscript` installed (an optional peer).

export { compileKernels, COMPILE_FLAGS, type CompileOptions, type CompileResult } from './compile.js'
export { CompileError } from '../errors.js'
export type { Problem } from './analyze.js'
export { checkDescription, DESCRIPTION_FORMAT, type DescribedKernel, type DescriptionFile } from '../kernels/description.js'
