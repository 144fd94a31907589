// The native line for bench/algorithms: sorting, scanning and filtering 64-
// and 32-bit arrays in C++ with g++ -O3 (and -fopenmp for __gnu_parallel;
// bench/native.ts builds both). Each command prints the median ms of RUNS
// runs (the input restored before each, untimed) and a checksum:
//
//   algorithms std-sort-f64 <n>      std::sort of n doubles
//   algorithms gnu-sort-f64 <n>      __gnu_parallel::sort on OMP_NUM_THREADS threads (std::sort in the serial build)
//   algorithms std-sort-u32 <n>, gnu-sort-u32 <n>
//   algorithms radix-f64 <n>         a serial LSD radix sort, 8-bit digits (doubles as order-preserving keys)
//   algorithms radix-u32 <n>
//   algorithms scan-f64 <n>          a serial inclusive prefix sum into another array
//   algorithms filter-f64 <n>        a serial filter (x < 0.5 of uniform [0, 1): half kept)
//   algorithms copy-f64 <n>          memcpy of n doubles: the machine's copy bandwidth

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <vector>
#ifdef _OPENMP
#include <parallel/algorithm>
#endif

static const int RUNS = 5;

static double now_ms() {
  timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/** xorshift64: the same inputs every run. */
static uint64_t state = 88172645463325252ull;
static uint64_t next() {
  state ^= state << 13; state ^= state >> 7; state ^= state << 17;
  return state;
}

/** Doubles as unsigned keys in the same order: flip the sign bit of positives, every bit of negatives. */
static inline uint64_t key(double x) {
  uint64_t bits;
  memcpy(&bits, &x, 8);
  return bits ^ ((uint64_t)((int64_t)bits >> 63) | 0x8000000000000000ull);
}
static inline double unkey(uint64_t k) {
  uint64_t bits = k ^ (((k >> 63) - 1) | 0x8000000000000000ull);
  double x;
  memcpy(&x, &bits, 8);
  return x;
}

template <typename T>
static void radix(T *a, T *scratch, size_t n) {
  const int bits = 8, radix = 1 << bits;
  std::vector<size_t> counts(radix);
  T *src = a, *dst = scratch;
  for (int shift = 0; shift < (int)(8 * sizeof(T)); shift += bits) {
    std::fill(counts.begin(), counts.end(), 0);
    for (size_t i = 0; i < n; i++) counts[(src[i] >> shift) & (radix - 1)]++;
    size_t sum = 0;
    for (int d = 0; d < radix; d++) { size_t c = counts[d]; counts[d] = sum; sum += c; }
    for (size_t i = 0; i < n; i++) dst[counts[(src[i] >> shift) & (radix - 1)]++] = src[i];
    std::swap(src, dst);
  }
  if (src != a) memcpy(a, src, n * sizeof(T));
}

/** The median of RUNS calls of run(), each after restore() (untimed). */
template <typename Restore, typename Run>
static double median(Restore restore, Run run) {
  double times[RUNS];
  for (int r = 0; r < RUNS; r++) {
    restore();
    const double start = now_ms();
    run();
    times[r] = now_ms() - start;
  }
  std::sort(times, times + RUNS);
  return times[RUNS / 2];
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: algorithms std-sort-f64|gnu-sort-f64|std-sort-u32|gnu-sort-u32|radix-f64|radix-u32|scan-f64|filter-f64|copy-f64 <n>\n");
    return 2;
  }
  const char *command = argv[1];
  const size_t n = strtoul(argv[2], nullptr, 10);
  std::vector<double> f(n), g(n);
  std::vector<uint32_t> u(n), v(n);
  std::vector<uint64_t> keys(n), scratch(n);
  for (size_t i = 0; i < n; i++) { f[i] = (next() >> 11) * 0x1.0p-53; u[i] = (uint32_t)next(); }
  double ms = 0, checksum = 0;
  auto copyF = [&] { g = f; };
  auto copyU = [&] { v = u; };
  if (!strcmp(command, "std-sort-f64")) ms = median(copyF, [&] { std::sort(g.begin(), g.end()); });
#ifdef _OPENMP
  else if (!strcmp(command, "gnu-sort-f64")) ms = median(copyF, [&] { __gnu_parallel::sort(g.begin(), g.end()); });
  else if (!strcmp(command, "gnu-sort-u32")) ms = median(copyU, [&] { __gnu_parallel::sort(v.begin(), v.end()); });
#else
  // The serial build (1 thread): __gnu_parallel::sort on one thread is std::sort.
  else if (!strcmp(command, "gnu-sort-f64")) ms = median(copyF, [&] { std::sort(g.begin(), g.end()); });
  else if (!strcmp(command, "gnu-sort-u32")) ms = median(copyU, [&] { std::sort(v.begin(), v.end()); });
#endif
  else if (!strcmp(command, "std-sort-u32")) ms = median(copyU, [&] { std::sort(v.begin(), v.end()); });
  else if (!strcmp(command, "radix-u32")) ms = median(copyU, [&] { radix(v.data(), (uint32_t *)scratch.data(), n); });
  else if (!strcmp(command, "radix-f64")) {
    ms = median(copyF, [&] {
      for (size_t i = 0; i < n; i++) keys[i] = key(g[i]);
      radix(keys.data(), scratch.data(), n);
      for (size_t i = 0; i < n; i++) g[i] = unkey(keys[i]);
    });
  } else if (!strcmp(command, "scan-f64")) {
    ms = median([] {}, [&] { double acc = 0; for (size_t i = 0; i < n; i++) { acc += f[i]; g[i] = acc; } });
  } else if (!strcmp(command, "filter-f64")) {
    size_t kept = 0;
    ms = median([] {}, [&] { kept = 0; for (size_t i = 0; i < n; i++) if (f[i] < 0.5) g[kept++] = f[i]; });
    checksum = kept;
  } else if (!strcmp(command, "copy-f64")) {
    ms = median([] {}, [&] { memcpy(g.data(), f.data(), n * 8); });
  } else {
    fprintf(stderr, "unknown command %s\n", command);
    return 2;
  }
  if (checksum == 0) for (size_t i = 0; i < n; i += n / 64 + 1) checksum += (command[strlen(command) - 1] == '2' ? v[i] : g[i]);
  printf("%.3f %.6g\n", ms, checksum);
  return 0;
}
