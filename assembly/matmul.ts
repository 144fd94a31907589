// Dense matrix product C = A·B for n × n row-major Float64 matrices.
//
// Loop order i-k-j: the inner loop streams one row of B and one row of C, so
// every access is sequential. Each C element is summed in k order, the same
// order as the scalar kernel and the TypeScript reference, so all three agree
// to the bit (wasm has no fused multiply-add).

/** Rows [begin, end) of C = A·B. */
export function matmulF64(a: usize, b: usize, c: usize, n: i32, begin: i32, end: i32): void {
  const rowBytes = <usize>n << 3;
  for (let i = begin; i < end; i++) {
    const ci = c + <usize>i * rowBytes;
    const ai = a + <usize>i * rowBytes;
    memory.fill(ci, 0, rowBytes);
    for (let k = 0; k < n; k++) {
      const aik = load<f64>(ai + (<usize>k << 3));
      const bk = b + <usize>k * rowBytes;
      for (let j = 0; j < n; j++) {
        const o = <usize>j << 3;
        store<f64>(ci + o, load<f64>(ci + o) + aik * load<f64>(bk + o));
      }
    }
  }
}

/** Rows [begin, end) of C = A·B, eight columns per step in four f64x2 lanes. */
export function matmulF64Simd(a: usize, b: usize, c: usize, n: i32, begin: i32, end: i32): void {
  const rowBytes = <usize>n << 3;
  for (let i = begin; i < end; i++) {
    const ci = c + <usize>i * rowBytes;
    const ai = a + <usize>i * rowBytes;
    memory.fill(ci, 0, rowBytes);
    for (let k = 0; k < n; k++) {
      const aik = load<f64>(ai + (<usize>k << 3));
      const s = f64x2.splat(aik);
      const bk = b + <usize>k * rowBytes;
      let j = 0;
      for (; j + 8 <= n; j += 8) {
        const o = <usize>j << 3;
        const p = ci + o, q = bk + o;
        v128.store(p, f64x2.add(v128.load(p), f64x2.mul(s, v128.load(q))));
        v128.store(p, f64x2.add(v128.load(p, 16), f64x2.mul(s, v128.load(q, 16))), 16);
        v128.store(p, f64x2.add(v128.load(p, 32), f64x2.mul(s, v128.load(q, 32))), 32);
        v128.store(p, f64x2.add(v128.load(p, 48), f64x2.mul(s, v128.load(q, 48))), 48);
      }
      for (; j < n; j++) {
        const o = <usize>j << 3;
        store<f64>(ci + o, load<f64>(ci + o) + aik * load<f64>(bk + o));
      }
    }
  }
}
