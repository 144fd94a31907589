// The kernel vocabulary, declared once: the parameter types a kernel may take,
// the ways a reduction's partials combine, and the kinds of kernel. The
// catalog, the description file and its check, the argument checks, the
// TypeScript signatures and `sabre compile` all read these tables, so a new
// view type, combine op or kernel kind is one entry here (and its spelling in
// assembly/kernel.ts).

/**
 * Scalar parameters: a JavaScript number, checked against the range of the
 * wasm type the kernel receives it as.
 */
export const SCALAR_TYPES = {
  f64: { wasm: 'f64', bytes: 8, min: -Infinity, max: Infinity, integer: false, text: 'a number' },
  i32: { wasm: 'i32', bytes: 4, min: -(2 ** 31), max: 2 ** 31 - 1, integer: true, text: 'an integer in [-2^31, 2^31)' },
  u32: { wasm: 'i32', bytes: 4, min: 0, max: 2 ** 32 - 1, integer: true, text: 'an integer in [0, 2^32)' },
} as const

/**
 * View parameters, named `<element>*`: an engine-allocated typed array of one
 * of `views`, which reaches the kernel as its byte address (a wasm i32,
 * `usize`). In AssemblyScript the parameter is `Ptr<element>` or `alias`.
 * Every view's address is a multiple of its element size: the arena hands out
 * 64-byte-aligned blocks, and a subarray keeps its type's alignment.
 */
export const VIEW_TYPES = {
  'f64*': { element: 'f64', alias: 'F64Ptr', views: [Float64Array] },
  'f32*': { element: 'f32', alias: 'F32Ptr', views: [Float32Array] },
  'u32*': { element: 'u32', alias: 'U32Ptr', views: [Uint32Array] },
  'i32*': { element: 'i32', alias: 'I32Ptr', views: [Int32Array] },
  // Bytes: an RGBA image's data is a Uint8ClampedArray (ImageData), a file's a Uint8Array; both are u8 to a kernel.
  'u8*': { element: 'u8', alias: 'U8Ptr', views: [Uint8Array, Uint8ClampedArray] },
} as const

export type ScalarType = keyof typeof SCALAR_TYPES
export type ViewType = keyof typeof VIEW_TYPES
/** A parameter type as a description spells it: 'f64', 'i32', 'u32', or a view 'f64*', 'f32*', 'u32*', 'i32*', 'u8*'. */
export type ParamType = ScalarType | ViewType
/** The JavaScript value a view parameter takes (`'u8*'`: a Uint8Array or a Uint8ClampedArray). */
export type ViewOf<P extends ViewType> = (typeof VIEW_TYPES)[P]['views'][number]['prototype']

export const SCALAR_NAMES = Object.keys(SCALAR_TYPES) as readonly ScalarType[]
export const VIEW_NAMES = Object.keys(VIEW_TYPES) as readonly ViewType[]
/** Every parameter type, scalars first: the order messages list them in. */
export const PARAM_TYPES: readonly ParamType[] = [...SCALAR_NAMES, ...VIEW_NAMES]

export const isScalarType = (type: unknown): type is ScalarType => typeof type === 'string' && Object.hasOwn(SCALAR_TYPES, type)
export const isViewType = (type: unknown): type is ViewType => typeof type === 'string' && Object.hasOwn(VIEW_TYPES, type)

/** An element type a view holds: 'f64', 'f32', 'u32', 'i32', 'u8'. */
export type ElementName = (typeof VIEW_TYPES)[ViewType]['element']

/** The view type of `Ptr<element>` ('u8' → 'u8*'), if there is one. */
export const viewOfElement = (element: string): ViewType | undefined => VIEW_NAMES.find((type) => VIEW_TYPES[type].element === element)

/** A typed array constructor a view parameter takes (Float64Array, …, Uint8ClampedArray). */
export type ViewArray = (typeof VIEW_TYPES)[ViewType]['views'][number]
/** Every typed array a view parameter takes, in VIEW_TYPES' order. */
export const VIEW_ARRAYS: readonly ViewArray[] = VIEW_NAMES.flatMap((type): readonly ViewArray[] => VIEW_TYPES[type].views)

/** Bytes per element of a view type. */
export const viewBytes = (type: ViewType): number => VIEW_TYPES[type].views[0].BYTES_PER_ELEMENT

/** A typed array's constructor, as the engine reads memory through one: a view of `length` elements at a byte offset. */
export interface ElementArray {
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): ArrayLike<number>
  readonly BYTES_PER_ELEMENT: number
}

/** The typed array that holds elements of `element` ('u32' → Uint32Array): the first of its view type's. */
export const elementArray = (element: ElementName): ElementArray => VIEW_TYPES[`${element}*`].views[0]

/** The typed arrays a view type accepts, as a message says them: "a Uint8Array or Uint8ClampedArray". */
export const viewText = (type: ViewType): string => `a ${VIEW_TYPES[type].views.map((View) => View.name).join(' or ')}`

/** Whether `value` is a typed array that view type `type` takes. */
export function isViewOf<P extends ViewType>(type: P, value: unknown): value is ViewOf<P> {
  return (VIEW_TYPES[type].views as readonly (abstract new (...args: never[]) => unknown)[]).some((View) => value instanceof View)
}

/** The view type `value` is an instance of, if any (a Uint8ClampedArray is 'u8*'). */
export const viewTypeOf = (value: unknown): ViewType | undefined => VIEW_NAMES.find((type) => isViewOf(type, value))

/** A scalar parameter of a kernel. */
export interface ScalarParam {
  readonly name: string
  readonly type: ScalarType
  /** Smallest allowed value, where the kernel needs one. */
  readonly min?: number
  /** Largest allowed value, where a larger one would run for hours. */
  readonly max?: number
}

/** A view parameter: the argument is an engine-allocated view of this type. */
export interface PointerParam {
  readonly name: string
  readonly type: ViewType
  /** Elements the kernel touches for a region of n indices, given the scalar arguments by name. */
  readonly elements: (n: number, scalars: Readonly<Record<string, number>>) => number
}

export type Param = ScalarParam | PointerParam

/**
 * Scalar parameters named in order, by type: `scalarParams.i32('n', 'block')`
 * is `[{ name: 'n', type: 'i32' }, { name: 'block', type: 'i32' }]`.
 */
export const scalarParams = Object.fromEntries(SCALAR_NAMES.map((type) => [type, (...names: string[]) => names.map((name) => ({ name, type }))])) as
  { readonly [S in ScalarType]: (...names: string[]) => { readonly name: string; readonly type: S }[] }

export const isPointer = (param: Param): param is PointerParam => isViewType(param.type)

/**
 * How a reduction's partials combine, lane by lane and in block order (so the
 * result is the same bits for any thread count). `marker` is the return type
 * that says so in AssemblyScript (`Sum<f64>`, assembly/kernel.ts); `identity`
 * is what an empty reduce gives.
 */
export const COMBINE_OPS = {
  sum: { marker: 'Sum', identity: 0, combine: (a: number, b: number): number => a + b },
  min: { marker: 'Min', identity: Infinity, combine: Math.min },
  max: { marker: 'Max', identity: -Infinity, combine: Math.max },
} as const

export type CombineOp = keyof typeof COMBINE_OPS
export const COMBINE_NAMES = Object.keys(COMBINE_OPS) as readonly CombineOp[]
export const isCombineOp = (op: unknown): op is CombineOp => typeof op === 'string' && Object.hasOwn(COMBINE_OPS, op)

/**
 * The kinds of kernel, by how the engine calls them. `bounds` are the
 * parameters the engine appends to the arguments (the last parameters in the
 * source, i32 each; `sabre compile` recognises a kind by them, or by its
 * `marker`, the return type that says so); `views` whether the kernel may
 * take views; `team` whether it runs on the whole team at once (phased: it
 * waits for its team mates, so it never runs alone, is never warmed up with
 * an empty call, and has no n to check a view's length against); `indices`
 * what its indices count unless a description says; `operation` is the
 * engine's check that a call suits the kernel (kernel-set.ts); `what` and
 * `call` name the kind and what runs it, in messages.
 */
export const KERNEL_KINDS = {
  // f(...args, begin, end) over an index range; a reduction (with a combine op) returns its block's partial and runs by engine.reduce.
  range: { bounds: ['begin', 'end'], views: true, team: false, indices: 'indices', operation: 'parallelFor', what: 'a range kernel', call: 'engine.parallelFor' },
  // f(...item) → number, once per item.
  item: { bounds: [], views: false, team: false, indices: 'items', operation: 'map', what: 'an item kernel', call: 'engine.map, a Pool or an Executor' },
  // f(...args) → Phased (void), once on every member of the team, its phases separated by barrier().
  phased: { bounds: [], views: true, team: true, marker: 'Phased', indices: 'members', operation: 'parallel', what: 'a phased kernel', call: 'engine.parallel' },
} as const

export type KernelKind = keyof typeof KERNEL_KINDS
export const KIND_NAMES = Object.keys(KERNEL_KINDS) as readonly KernelKind[]
export const isKernelKind = (kind: unknown): kind is KernelKind => typeof kind === 'string' && Object.hasOwn(KERNEL_KINDS, kind)
/** A kernel's kind, as KERNEL_KINDS states it; a kernel that names none is a range kernel. */
export const kindOf = (kernel: { readonly kind?: KernelKind | undefined }) => KERNEL_KINDS[kernel.kind ?? 'range']

/** Words for a list in a message: "a, b or c". */
export const listed = (words: readonly string[], last = 'or'): string =>
  words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} ${last} ${words.at(-1)}`
/** The same, each word quoted: "'sum', 'min' or 'max'". */
export const quoted = (words: readonly string[]): string => listed(words.map((word) => `'${word}'`))
