// Three kinds of kernel, each an exported function. `sabre compile` reads
// their types: Ptr<f64> is a Float64Array from engine.alloc, begin and end
// make a range kernel, Sum<f64> makes a reduction whose partials add.
import { Ptr, Sum } from "sabre/assembly/kernel"

/** Range kernel: xs[i] *= factor for i in [begin, end). */
export function scaleF64(xs: Ptr<f64>, factor: f64, begin: i32, end: i32): void {
  for (let i = begin; i < end; i++) {
    const p = xs + (<usize>i << 3)
    store<f64>(p, load<f64>(p) * factor)
  }
}

/** Range kernel with work per element: `steps` rounds of the logistic map x ← r·x·(1 − x), in place. */
export function logisticF64(xs: Ptr<f64>, r: f64, steps: i32, begin: i32, end: i32): void {
  for (let i = begin; i < end; i++) {
    const p = xs + (<usize>i << 3)
    let x = load<f64>(p)
    for (let s = 0; s < steps; s++) x = r * x * (1.0 - x)
    store<f64>(p, x)
  }
}

/** Reduction: the sum of xs[i]² over [begin, end); partials add, in block order. */
export function sumSquaresF64(xs: Ptr<f64>, begin: i32, end: i32): Sum<f64> {
  let s = 0.0
  for (let i = begin; i < end; i++) {
    const x = load<f64>(xs + (<usize>i << 3))
    s += x * x
  }
  return s
}

/** Item kernel: the length of the vector (x, y), one call per item. */
export function hypot(x: f64, y: f64): f64 {
  return Math.sqrt(x * x + y * y)
}
