// The cluster's optional peer dependencies (bullmq, ioredis, cli-progress),
// loaded when first needed, so `sabre` installs and runs without them.

import { createRequire } from 'node:module'
import type * as BullMQ from 'bullmq'
import type * as IORedis from 'ioredis'

/**
 * The error for a package that is not installed: one line naming what to
 * install. Any other load failure (a broken install, a throwing module) is
 * returned unchanged, so its own message is not hidden.
 */
export function missingPackageError(error: unknown, specifier: string, feature: string, install: readonly string[]): unknown {
  const code = (error as { code?: unknown } | null)?.code
  const message = String((error as { message?: unknown } | null)?.message ?? '')
  // Node names the package it could not find; a missing package deeper in the tree is that package's problem.
  if ((code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && message.includes(`'${specifier}'`)) {
    const packages = install.length === 1 ? `the package ${install[0]}` : `the packages ${install.join(' and ')}`
    return new Error(`${feature} needs ${packages}, optional peer dependencies of sabre: npm install ${install.join(' ')}`, { cause: error })
  }
  return error
}

/** `load()` (a dynamic import of `specifier`), with a missing package reported by missingPackageError. */
export async function importOptional<T>(specifier: string, load: () => Promise<T>, feature: string, install: readonly string[]): Promise<T> {
  try {
    return await load()
  } catch (error) {
    throw missingPackageError(error, specifier, feature, install)
  }
}

/** A synchronous require of a CommonJS package, for APIs that cannot become async; same errors as importOptional. */
export function requireOptional<T>(specifier: string, feature: string, install: readonly string[]): T {
  try {
    return createRequire(import.meta.url)(specifier) as T
  } catch (error) {
    throw missingPackageError(error, specifier, feature, install)
  }
}

export interface QueueLibraries {
  readonly bullmq: typeof BullMQ
  readonly ioredis: typeof IORedis
}

const QUEUE_PACKAGES = ['bullmq', 'ioredis'] as const
let queueLibraries: Promise<QueueLibraries> | undefined

/** bullmq and ioredis, imported once; rejects with one Error naming both packages when either is missing. */
export function loadQueueLibraries(): Promise<QueueLibraries> {
  queueLibraries ??= Promise.all([
    importOptional('bullmq', () => import('bullmq'), 'sabre/cluster', QUEUE_PACKAGES),
    importOptional('ioredis', () => import('ioredis'), 'sabre/cluster', QUEUE_PACKAGES),
  ]).then(([bullmq, ioredis]) => ({ bullmq, ioredis }))
  // A failed load is not cached: installing the packages fixes the next call.
  queueLibraries.catch(() => { queueLibraries = undefined })
  return queueLibraries
}
