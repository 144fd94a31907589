// The page's one check of a number typed into a control: refused with a
// message that names the range, the reason and the bad value.

/** `raw` as an integer in [min, max], or a RangeError saying why not. */
export function checkCount(name: string, raw: unknown, min: number, max: number, why = ''): number {
  const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer in [${min}, ${max}]${why && ` (${why})`}, got ${JSON.stringify(raw) ?? String(raw)}`)
  }
  return value
}

/** Logical cores of this machine, as the browser reports them (at least 1). */
export const machineCores = (): number => Math.max(1, navigator.hardwareConcurrency || 1)

/** The reason a thread count is capped at the machine's cores. */
export const coresReason = (cores: number): string =>
  `this machine has ${cores} logical core${cores === 1 ? '' : 's'}`
