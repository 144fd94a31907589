// The element types the algorithm kernels take (scan.ts, compact.ts), as
// src/algorithms/element-types.ts numbers them.

export const TYPE_F64: i32 = 0;
export const TYPE_F32: i32 = 1;
export const TYPE_I32: i32 = 2;
export const TYPE_U32: i32 = 3;
