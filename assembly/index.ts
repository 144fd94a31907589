// The sabre kernel module: every export is a kernel (see docs/design.md, "Kernel ABI").
export { sumF64, sumF64Simd, dotF64, dotF64Simd, minMaxF64 } from "./reduce";
export { histogramU32 } from "./histogram";
export { mandelbrot, mandelbrotSimd } from "./mandelbrot";
export { matmulF64, matmulF64Simd } from "./matmul";
export { countPrimes } from "./primes";
export { monteCarloPi } from "./monte-carlo";
export { noop, trap, hang, hangExcept, holdLock, heapBase, setWorkerToken, workerToken } from "./diagnostics";
export { phaseRounds, phasedTrap, phasedHang } from "./phases";
export {
  counterNone, counterAtomic, counterMutex, counterPrivate,
  histogramNone, histogramAtomic, histogramPrivate,
  bankNone, bankGlobalLock, bankOrderedLocks, bankNaiveLocks, bankCas,
} from "./races";
export * from "./sync/layout";
export { semaphoreRounds, latchArrive } from "./sync-drills";
export { square, power, isPrime, collatzSteps, fibonacci, checkedSqrt } from "./tasks";
export { radixCount32, radixCount64, radixScatter32, radixScatter64, copyBlocks } from "./sort";
export { radixCountRecords32, radixCountRecords64, radixScatterRecords32, radixScatterRecords64 } from "./sort-records";
export { scanChained } from "./scan";
export { filterCount, filterCopy, compactCount, compactCopy } from "./compact";
export { boxBlurRgba, sobelRgba, gaussianRowsRgba, gaussianColumnsRgba } from "./stencils";
