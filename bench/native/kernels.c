// The native line for the benches: mandelbrot, matmulF64 and sumF64 as in
// assembly/, compiled with gcc -O3 (and -fopenmp for threads; bench/native.ts
// builds both). Prints a median and a checksum, as "value checksum":
//
//   kernels mandelbrot <side> <maxIter>                 ms of one image (bench/peers)
//   kernels matmul <n>                                  ms of one n × n product (bench/peers)
//   kernels regions-mandelbrot <side> <chunk> <count>   µs per region: side² pixels, side iterations (bench/regions)
//   kernels regions-sum <n> <count>                     µs per region: a sum of n doubles (bench/regions)

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/** Runs whose median is printed: one image or product each, or a batch of regions each. */
#define RUNS 7
#define REGION_RUNS 5

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int compare(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static void mandelbrot(unsigned *image, int side, int maxIter, int chunk) {
  const double x0 = -2.2, y0 = -1.2, x1 = 0.8, y1 = 1.2;
  const double dx = (x1 - x0) / side, dy = (y1 - y0) / side;
  #pragma omp parallel for schedule(dynamic, chunk)
  for (int py = 0; py < side; py++) {
    const double ci = y0 + py * dy;
    for (int px = 0; px < side; px++) {
      const double cr = x0 + px * dx;
      double zr = 0, zi = 0, zr2 = 0, zi2 = 0;
      int i = 0;
      while (i < maxIter) {
        if (zr2 + zi2 > 4.0) break;
        zi = 2.0 * zr * zi + ci;
        zr = zr2 - zi2 + cr;
        zr2 = zr * zr;
        zi2 = zi * zi;
        i++;
      }
      image[(size_t)py * side + px] = (unsigned)i;
    }
  }
}

static double sum(const double *xs, int n) {
  double s = 0;
  #pragma omp parallel for reduction(+:s) schedule(static)
  for (int i = 0; i < n; i++) s += xs[i];
  return s;
}

static void matmul(const double *a, const double *b, double *c, int n) {
  #pragma omp parallel for schedule(dynamic, 8)
  for (int i = 0; i < n; i++) {
    double *ci = c + (size_t)i * n;
    memset(ci, 0, sizeof(double) * n);
    for (int k = 0; k < n; k++) {
      const double aik = a[(size_t)i * n + k];
      const double *bk = b + (size_t)k * n;
      for (int j = 0; j < n; j++) ci[j] += aik * bk[j];
    }
  }
}

/** µs per call of `region(arg)`: `count` calls back to back, median of REGION_RUNS batches, after one untimed batch. */
static double per_region(int count, void (*region)(void *), void *arg) {
  double times[REGION_RUNS];
  for (int i = 0; i < count; i++) region(arg);
  for (int r = 0; r < REGION_RUNS; r++) {
    const double start = now_ms();
    for (int i = 0; i < count; i++) region(arg);
    times[r] = (now_ms() - start) * 1e3 / count;
  }
  qsort(times, REGION_RUNS, sizeof(double), compare);
  return times[REGION_RUNS / 2];
}

struct image { unsigned *pixels; int side, chunk; };
static void image_region(void *arg) {
  struct image *im = arg;
  mandelbrot(im->pixels, im->side, im->side, im->chunk);
}

struct values { double *xs; int n; double total; };
static void sum_region(void *arg) {
  struct values *v = arg;
  // Kept, so the compiler cannot drop the sum.
  v->total = sum(v->xs, v->n);
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: kernels mandelbrot <side> <maxIter> | matmul <n> | regions-mandelbrot <side> <chunk> <count> | regions-sum <n> <count>\n");
    return 2;
  }
  double times[RUNS];
  double checksum = 0;
  if (strcmp(argv[1], "regions-mandelbrot") == 0 && argc == 5) {
    struct image im = { NULL, atoi(argv[2]), atoi(argv[3]) };
    im.pixels = malloc(sizeof(unsigned) * im.side * im.side);
    const double us = per_region(atoi(argv[4]), image_region, &im);
    for (int i = 0; i < im.side * im.side; i++) checksum += im.pixels[i];
    printf("%.3f %.0f\n", us, checksum);
    return 0;
  }
  if (strcmp(argv[1], "regions-sum") == 0 && argc == 4) {
    struct values v = { NULL, atoi(argv[2]), 0 };
    v.xs = malloc(sizeof(double) * v.n);
    for (int i = 0; i < v.n; i++) v.xs[i] = i % 10;
    const double us = per_region(atoi(argv[3]), sum_region, &v);
    printf("%.3f %.0f\n", us, v.total);
    return 0;
  }
  if (strcmp(argv[1], "mandelbrot") == 0) {
    int side = atoi(argv[2]), maxIter = argc > 3 ? atoi(argv[3]) : 256;
    unsigned *image = malloc(sizeof(unsigned) * side * side);
    mandelbrot(image, side, maxIter, 4);
    for (int r = 0; r < RUNS; r++) { double t = now_ms(); mandelbrot(image, side, maxIter, 4); times[r] = now_ms() - t; }
    for (int i = 0; i < side * side; i++) checksum += image[i];
  } else {
    int n = atoi(argv[2]);
    double *a = malloc(sizeof(double) * n * n), *b = malloc(sizeof(double) * n * n), *c = malloc(sizeof(double) * n * n);
    for (int i = 0; i < n * n; i++) { a[i] = (i % 7) * 0.5 - 1; b[i] = (i % 5) * 0.25 - 0.5; }
    matmul(a, b, c, n);
    for (int r = 0; r < RUNS; r++) { double t = now_ms(); matmul(a, b, c, n); times[r] = now_ms() - t; }
    for (int i = 0; i < n * n; i++) checksum += c[i];
  }
  qsort(times, RUNS, sizeof(double), compare);
  printf("%.3f %.1f\n", times[RUNS / 2], checksum);
  return 0;
}
