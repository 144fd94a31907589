// Plain JavaScript tasks for the JsPool tests.

export const square = (x: number): number => x * x
export const add = (a: number, b: number): number => a + b
export const shout = (text: string): string => `${text.toUpperCase()}!`

export function checkedSqrt(x: number): number {
  if (x < 0) throw new RangeError(`negative input ${x}`)
  return Math.sqrt(x)
}

/** Busy-waits `ms`: a task that holds its worker. */
export function spin(ms: number): number {
  const end = performance.now() + ms
  while (performance.now() < end);
  return ms
}
