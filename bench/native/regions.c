// The native line for bench/regions: many small parallel regions back to
// back, as bench/regions runs them on sabre, compiled with gcc -O3 (and
// -fopenmp for threads). Prints the median µs per region over RUNS batches
// of COUNT regions, and a checksum, as "us checksum".
//
//   regions mandelbrot <side> <chunk> <count>   side² pixels, side iterations, dynamic chunks of rows
//   regions sum <n> <count>                      a sum of n doubles (reduction)

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RUNS 5

static double now_us(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static int compare(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static void mandelbrot(unsigned *image, int side, int chunk) {
  const double x0 = -2.2, y0 = -1.2, x1 = 0.8, y1 = 1.2;
  const double dx = (x1 - x0) / side, dy = (y1 - y0) / side;
  const int maxIter = side;
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

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: regions mandelbrot <side> <chunk> <count> | regions sum <n> <count>\n");
    return 2;
  }
  double times[RUNS];
  double checksum = 0;
  if (strcmp(argv[1], "mandelbrot") == 0 && argc == 5) {
    const int side = atoi(argv[2]), chunk = atoi(argv[3]), count = atoi(argv[4]);
    unsigned *image = malloc(sizeof(unsigned) * side * side);
    for (int i = 0; i < count; i++) mandelbrot(image, side, chunk);
    for (int r = 0; r < RUNS; r++) {
      const double start = now_us();
      for (int i = 0; i < count; i++) mandelbrot(image, side, chunk);
      times[r] = (now_us() - start) / count;
    }
    for (int i = 0; i < side * side; i++) checksum += image[i];
    free(image);
  } else if (strcmp(argv[1], "sum") == 0) {
    const int n = atoi(argv[2]), count = atoi(argv[3]);
    double *xs = malloc(sizeof(double) * n);
    for (int i = 0; i < n; i++) xs[i] = i % 10;
    for (int i = 0; i < count; i++) checksum = sum(xs, n);
    for (int r = 0; r < RUNS; r++) {
      const double start = now_us();
      for (int i = 0; i < count; i++) checksum = sum(xs, n);
      times[r] = (now_us() - start) / count;
    }
    free(xs);
  } else {
    fprintf(stderr, "unknown kernel %s\n", argv[1]);
    return 2;
  }
  qsort(times, RUNS, sizeof(double), compare);
  printf("%.3f %.0f\n", times[RUNS / 2], checksum);
  return 0;
}
