// The native line for bench/peers: mandelbrot and matmulF64 as in
// assembly/, compiled with gcc -O3 (and -fopenmp for threads). Prints the
// median ms of RUNS runs and a checksum, as "ms checksum".
//
//   kernels mandelbrot <side> <maxIter>
//   kernels matmul <n>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RUNS 7

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int compare(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static void mandelbrot(unsigned *image, int side, int maxIter) {
  const double x0 = -2.2, y0 = -1.2, x1 = 0.8, y1 = 1.2;
  const double dx = (x1 - x0) / side, dy = (y1 - y0) / side;
  #pragma omp parallel for schedule(dynamic, 4)
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

int main(int argc, char **argv) {
  if (argc < 3) return 2;
  double times[RUNS];
  double checksum = 0;
  if (strcmp(argv[1], "mandelbrot") == 0) {
    int side = atoi(argv[2]), maxIter = argc > 3 ? atoi(argv[3]) : 256;
    unsigned *image = malloc(sizeof(unsigned) * side * side);
    mandelbrot(image, side, maxIter);
    for (int r = 0; r < RUNS; r++) { double t = now_ms(); mandelbrot(image, side, maxIter); times[r] = now_ms() - t; }
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
