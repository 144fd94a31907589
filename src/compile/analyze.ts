// Reads a kernel module's exported functions from AssemblyScript's parsed
// program (the AST asc hands a transform after parsing) and describes each as
// sabre runs it: kind, parameter types, how partials combine. The types come
// from what the user wrote, before asc resolves them to usize and f64: a
// `Ptr<f64>` or `F64Ptr` says "a view of f64" (assembly/kernel.ts), a
// `Sum<f64>` return says "a reduction whose partials add". Every problem is
// reported with its line and column, all at once.

import type { DescribedKernel } from '../kernels/description.js'
import type { SourceProblem as Problem } from '../errors.js'
import {
  COMBINE_NAMES, COMBINE_OPS, isScalarType, isViewType, KERNEL_KINDS, KIND_NAMES, listed as or, SCALAR_NAMES, VIEW_NAMES, VIEW_TYPES,
  viewOfElement, type CombineOp, type KernelKind, type ParamType, type ViewType,
} from '../kernels/vocabulary.js'

export type { Problem }

/** The few AssemblyScript enum values the walk needs (read from the compiler at run time). */
export interface AstKinds {
  readonly FunctionDeclaration: number
  readonly TypeDeclaration: number
  readonly NamedType: number
  readonly New: number
  readonly Literal: number
  readonly ExportFlag: number
  readonly LiteralArray: number
  readonly LiteralObject: number
  readonly LiteralTemplate: number
  readonly ParameterDefault: number
}

/** What the walk reads of asc's AST nodes (structural: no compiler types leak into sabre's). */
interface Range { readonly start: number; readonly source: { lineAt(pos: number): number; columnAt(): number } }
interface AstNode { readonly kind: number; readonly range: Range }
interface Identifier extends AstNode { readonly text: string }
interface TypeNode extends AstNode {
  readonly name?: { readonly identifier: Identifier; readonly next: unknown }
  readonly typeArguments?: readonly TypeNode[] | null
}
interface Parameter extends AstNode {
  readonly name: Identifier
  readonly type: TypeNode
  readonly initializer: unknown
  readonly parameterKind: number
}
interface FunctionDeclaration extends AstNode {
  readonly name: Identifier
  readonly flags: number
  readonly typeParameters: readonly unknown[] | null
  readonly signature: { readonly parameters: readonly Parameter[]; readonly returnType: TypeNode }
  readonly body: AstNode | null
}
interface TypeDeclaration extends AstNode { readonly name: Identifier; readonly type: TypeNode }
/** A parsed source file, as asc's Parser holds it. */
export interface ParsedSource { readonly normalizedPath: string; readonly statements: readonly AstNode[] }

/** What analyzeKernels reads from a source: each kernel described, its signature as written, and every problem. */
export interface Analysis {
  readonly kernels: Record<string, DescribedKernel>
  /** Each kernel's signature as written, for the generated .d.ts's comments. */
  readonly signatures: Record<string, string>
  readonly problems: Problem[]
  /** Whether the source exports heapBase() itself. */
  readonly exportsHeapBase: boolean
}

/** View types by their aliases (`F64Ptr`). */
const BY_ALIAS = new Map<string, ViewType>(VIEW_NAMES.map((type) => [VIEW_TYPES[type].alias, type]))
/** Combine ops by the return type that marks them (`Sum<f64>` → 'sum'). */
const MARKERS: Readonly<Record<string, CombineOp>> = Object.fromEntries(COMBINE_NAMES.map((op) => [COMBINE_OPS[op].marker, op]))
const MARKED = or(COMBINE_NAMES.map((op) => `${COMBINE_OPS[op].marker}<f64>`))
const ELEMENTS = VIEW_NAMES.map((type) => VIEW_TYPES[type].element)
const POINTERS = ELEMENTS.map((element) => `Ptr<${element}>`)
const SUPPORTED = `${SCALAR_NAMES.join(', ')}, or a view ${POINTERS.join(', ')} (${[...BY_ALIAS.keys()].join(', ')} from "sabre/assembly/kernel")`

/** A type as the source spells it: name, type arguments, and where. */
interface Spelled { readonly name: string; readonly args: readonly TypeNode[]; readonly node: TypeNode }

/** One exported function as a kind's rules see it: its parameters without the bounds, their types, its return type. */
interface KernelShape {
  readonly name: string
  readonly fn: FunctionDeclaration
  readonly params: readonly Parameter[]
  readonly types: readonly (ParamType | undefined)[]
  readonly returned: Spelled | undefined
}

function where(node: AstNode): { line: number; column: number } {
  const line = node.range.source.lineAt(node.range.start)
  return { line, column: node.range.source.columnAt() }
}

/** Describes the kernels of `source` (the entry file); `kinds` are the compiler's enum values. */
export function analyzeKernels(source: ParsedSource, kinds: AstKinds): Analysis {
  const problems: Problem[] = []
  const report = (node: AstNode, message: string): void => { problems.push({ ...where(node), message }) }
  const aliases = new Map<string, TypeNode>()
  for (const statement of source.statements) {
    if (statement.kind === kinds.TypeDeclaration) {
      const alias = statement as TypeDeclaration
      aliases.set(alias.name.text, alias.type)
    }
  }

  /** The type as spelled, through the module's own aliases (`type Vector = Ptr<f64>`), which may not refer to each other in a loop. */
  function spell(node: TypeNode, depth = 0): Spelled | undefined {
    if (node.kind !== kinds.NamedType || !node.name) return undefined
    let part = node.name as { identifier: Identifier; next: unknown }
    while (part.next) part = part.next as typeof part
    const name = part.identifier.text
    const alias = aliases.get(name)
    if (alias && depth < 8 && !(name in MARKERS) && name !== 'Ptr' && !BY_ALIAS.has(name)) return spell(alias, depth + 1)
    return { name, args: node.typeArguments ?? [], node }
  }

  const text = (node: TypeNode): string => {
    const spelled = spell(node)
    if (!spelled) return 'this type'
    return spelled.args.length ? `${spelled.name}<${spelled.args.map(text).join(', ')}>` : spelled.name
  }

  function paramType(kernel: string, param: Parameter): ParamType | undefined {
    const spelled = spell(param.type)
    const name = spelled?.name
    if (name && spelled.args.length === 0 && isScalarType(name)) return name
    if (name && spelled.args.length === 0 && BY_ALIAS.has(name)) return BY_ALIAS.get(name)
    if (name === 'Ptr' && spelled!.args.length === 1) {
      const element = spell(spelled!.args[0]!)
      const type = element && viewOfElement(element.name)
      if (type) return type
      report(param.type, `${kernel}: parameter ${param.name.text} is ${text(param.type)}: a view's element type must be ${or(ELEMENTS)}`)
      return undefined
    }
    if (name === 'usize') {
      report(param.type, `${kernel}: parameter ${param.name.text} is a bare usize: write ${or(POINTERS)} so sabre knows which view it takes`)
      return undefined
    }
    report(param.type, `${kernel}: parameter ${param.name.text} has the unsupported type ${text(param.type)}: use ${SUPPORTED}`)
    return undefined
  }

  /** Flags what allocates in a kernel: new, array and object literals, templates with values (--runtime stub never frees). */
  function findAllocations(kernel: string, body: AstNode): void {
    const seen = new Set<object>()
    const visit = (value: unknown): void => {
      if (value === null || typeof value !== 'object' || seen.has(value)) return
      seen.add(value)
      if (Array.isArray(value)) { value.forEach(visit); return }
      const node = value as AstNode & { literalKind?: number; expressions?: readonly unknown[] }
      if (typeof node.kind === 'number' && node.range) {
        if (node.kind === kinds.New) report(node, `${kernel}: \`new\` allocates, and a kernel must not: take a Ptr<…> to memory from engine.alloc instead`)
        else if (node.kind === kinds.Literal && (node.literalKind === kinds.LiteralArray || node.literalKind === kinds.LiteralObject)) {
          report(node, `${kernel}: an ${node.literalKind === kinds.LiteralArray ? 'array' : 'object'} literal allocates, and a kernel must not: use locals, or a Ptr<…> to memory from engine.alloc`)
        } else if (node.kind === kinds.Literal && node.literalKind === kinds.LiteralTemplate && (node.expressions?.length ?? 0) > 0) {
          report(node, `${kernel}: a template string with values allocates, and a kernel must not`)
        }
      }
      for (const [key, child] of Object.entries(value)) if (key !== 'range' && key !== 'parent') visit(child)
    }
    visit(body)
  }

  /**
   * The kind whose marker is the return type (`Phased`); else the kind whose
   * bounds end the parameter list (`begin: i32, end: i32`), the longest first;
   * else the kind without bounds or marker.
   */
  function kindOf(params: readonly Parameter[], returned: Spelled | undefined): KernelKind {
    const marked = KIND_NAMES.find((kind) => (KERNEL_KINDS[kind] as { marker?: string }).marker === returned?.name)
    if (marked) return marked
    const ends = (bounds: readonly string[]): boolean => params.length >= bounds.length &&
      bounds.every((bound, i) => params[params.length - bounds.length + i]!.name.text === bound)
    return KIND_NAMES.filter((kind) => !('marker' in KERNEL_KINDS[kind]))
      .sort((a, b) => KERNEL_KINDS[b].bounds.length - KERNEL_KINDS[a].bounds.length)
      .find((kind) => ends(KERNEL_KINDS[kind].bounds))!
  }

  /** Each kind's rules for its parameters (bounds left out) and return type; a reduction's combine op. */
  const checkKind: Record<KernelKind, (k: KernelShape) => CombineOp | undefined> = {
    range: ({ name, fn, returned }) => {
      const marker = returned && MARKERS[returned.name]
      if (marker) {
        const inner = returned.args.length === 1 ? spell(returned.args[0]!) : undefined
        if (!inner || !isScalarType(inner.name)) report(fn.signature.returnType, `${name}: ${returned.name}<…> must wrap ${or(SCALAR_NAMES)}, got ${text(fn.signature.returnType)}`)
        return marker
      }
      if (returned?.name !== 'void') {
        report(fn.signature.returnType, `${name} returns ${text(fn.signature.returnType)}: a range kernel returns void, or a reduction's partial as ${MARKED} (say how partials combine)`)
      }
      return undefined
    },
    item: ({ name, fn, params, types, returned }) => {
      const view = params.find((_, i) => isViewType(types[i]))
      if (view) {
        report(fn.name, `${name} takes a view (${view.name.text}) but not \`begin: i32, end: i32\` as its last two parameters: a range kernel ends with the index range it runs over; an item kernel takes numbers only`)
      } else if (returned && MARKERS[returned.name]) {
        report(fn.signature.returnType, `${name} returns ${text(fn.signature.returnType)} but has no \`begin: i32, end: i32\`: only a range kernel's partials combine`)
      } else if (!returned || !isScalarType(returned.name)) {
        report(fn.signature.returnType, `${name} returns ${text(fn.signature.returnType)}: an item kernel returns ${or(SCALAR_NAMES)} ` +
          '(or add `begin: i32, end: i32` to make it a range kernel, or return Phased to make it a phased kernel)')
      }
      return undefined
    },
    // Recognised by its Phased return: any parameters, views included; nothing to combine.
    phased: () => undefined,
  }

  const kernels: Record<string, DescribedKernel> = {}
  const signatures: Record<string, string> = {}
  let exportsHeapBase = false
  for (const statement of source.statements) {
    if (statement.kind !== kinds.FunctionDeclaration) continue
    const fn = statement as FunctionDeclaration
    if ((fn.flags & kinds.ExportFlag) === 0) continue
    const name = fn.name.text
    if (name === 'heapBase') { exportsHeapBase = true; continue }
    const before = problems.length
    if (fn.typeParameters?.length) report(fn.name, `${name}: a generic function cannot be a kernel (wasm exports have one signature)`)
    const params = [...fn.signature.parameters]
    for (const param of params) {
      if (param.initializer || param.parameterKind !== kinds.ParameterDefault) report(param, `${name}: parameter ${param.name.text} is optional or rest: a kernel takes every argument`)
    }
    const kind = kindOf(params, spell(fn.signature.returnType))
    const bounds = params.splice(params.length - KERNEL_KINDS[kind].bounds.length)
    for (const bound of bounds) {
      if (spell(bound.type)?.name !== 'i32') report(bound.type, `${name}: ${bound.name.text} must be i32 (an index), got ${text(bound.type)}`)
    }
    const types = params.map((param) => paramType(name, param))
    const reduce = checkKind[kind]({ name, fn, params, types, returned: spell(fn.signature.returnType) })
    if (fn.body) findAllocations(name, fn.body)
    if (problems.length > before) continue
    kernels[name] = {
      kind,
      params: types as ParamType[],
      names: params.map((param) => param.name.text),
      ...(reduce && { reduce }),
    }
    signatures[name] = `${name}(${[...fn.signature.parameters].map((p) => `${p.name.text}: ${text(p.type)}`).join(', ')}): ${text(fn.signature.returnType)}`
  }
  if (Object.keys(kernels).length === 0 && problems.length === 0) {
    problems.push({ line: 1, column: 1, message: 'no kernel: export a function, e.g. `export function scaleF64(xs: Ptr<f64>, factor: f64, begin: i32, end: i32): void`' })
  }
  return { kernels, signatures, problems, exportsHeapBase }
}
