// The native line for the benches: mandelbrot, matmulF64 and sumF64 as in
// assembly/, compiled with gcc -O3 (and -fopenmp for threads; bench/native.ts
// builds both). Prints a median and a checksum, as "value checksum":
//
//   kernels mandelbrot <side> <maxIter>                 ms of one image (bench/peers)
//   kernels matmul <n>                                  ms of one n × n product (bench/peers)
//   kernels regions-mandelbrot <side> <chunk> <count>   µs per region: side² pixels, side iterations (bench/regions)
//   kernels regions-sum <n> <count>                     µs per region: a sum of n doubles (bench/regions)
//   kernels box-blur <side> <radius>                    ms of one box blur of a side² RGBA image (bench/images)
//   kernels sobel <side>                                ms of one Sobel filter of a side² RGBA image (bench/images)
//   kernels gaussian <side> <sigma>                     ms of one two-pass Gaussian blur of a side² RGBA image (bench/images)

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <math.h>

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

// The RGBA stencils as src/kernels/image-reference.ts defines them (edges
// clamped), written as plain loops for gcc to optimize.

static inline int clampi(int i, int size) { return i < 0 ? 0 : i >= size ? size - 1 : i; }

/** Radius 1, count a constant 9: gcc vectorizes the interior bytes (widening adds, division by multiply). */
static void box_blur3(const unsigned char *src, unsigned char *dst, int w, int h) {
  #pragma omp parallel for schedule(static)
  for (int y = 0; y < h; y++) {
    const unsigned char *a = src + (size_t)clampi(y - 1, h) * w * 4, *b = src + (size_t)y * w * 4, *c = src + (size_t)clampi(y + 1, h) * w * 4;
    unsigned char *o = dst + (size_t)y * w * 4;
    for (int x = 0; x < w; x += (x == 0 && w > 2) ? w - 2 : 1) {
      const int l = clampi(x - 1, w) * 4, m = x * 4, r = clampi(x + 1, w) * 4;
      for (int k = 0; k < 4; k++) {
        const unsigned s = a[l + k] + a[m + k] + a[r + k] + b[l + k] + b[m + k] + b[r + k] + c[l + k] + c[m + k] + c[r + k];
        o[m + k] = (unsigned char)((s + 4) / 9);
      }
    }
    for (int i = 4; i < (w - 1) * 4; i++) {
      const unsigned s = a[i - 4] + a[i] + a[i + 4] + b[i - 4] + b[i] + b[i + 4] + c[i - 4] + c[i] + c[i + 4];
      o[i] = (unsigned char)((s + 4) / 9);
    }
  }
}

/** Any radius: column sums of the window's rows (vectorized), then a sliding sum along the row. */
static void box_blur(const unsigned char *src, unsigned char *dst, int w, int h, int r) {
  if (r == 1) { box_blur3(src, dst, w, h); return; }
  const unsigned count = (2 * r + 1) * (2 * r + 1);
  #pragma omp parallel
  {
    unsigned *column = malloc(sizeof(unsigned) * w * 4);
    #pragma omp for schedule(static)
    for (int y = 0; y < h; y++) {
      memset(column, 0, sizeof(unsigned) * w * 4);
      for (int dy = -r; dy <= r; dy++) {
        const unsigned char *row = src + (size_t)clampi(y + dy, h) * w * 4;
        for (int i = 0; i < w * 4; i++) column[i] += row[i];
      }
      unsigned char *o = dst + (size_t)y * w * 4;
      for (int k = 0; k < 4; k++) {
        unsigned sum = 0;
        for (int dx = -r; dx <= r; dx++) sum += column[clampi(dx, w) * 4 + k];
        for (int x = 0; x < w; x++) {
          o[x * 4 + k] = (unsigned char)((sum + count / 2) / count);
          sum += column[clampi(x + r + 1, w) * 4 + k] - column[clampi(x - r, w) * 4 + k];
        }
      }
    }
    free(column);
  }
}

static inline int grey(const unsigned char *p) { return (77 * p[0] + 150 * p[1] + 29 * p[2] + 128) >> 8; }

static void sobel(const unsigned char *src, unsigned char *dst, int w, int h) {
  #pragma omp parallel for schedule(static)
  for (int y = 0; y < h; y++) {
    const unsigned char *a = src + (size_t)clampi(y - 1, h) * w * 4, *b = src + (size_t)y * w * 4, *c = src + (size_t)clampi(y + 1, h) * w * 4;
    for (int x = 0; x < w; x++) {
      const int l = clampi(x - 1, w) * 4, r = clampi(x + 1, w) * 4, m = x * 4;
      const int gx = grey(a + r) + 2 * grey(b + r) + grey(c + r) - (grey(a + l) + 2 * grey(b + l) + grey(c + l));
      const int gy = grey(c + l) + 2 * grey(c + m) + grey(c + r) - (grey(a + l) + 2 * grey(a + m) + grey(a + r));
      double v = floor(sqrt((double)(gx * gx + gy * gy)) + 0.5);
      const unsigned char g = v > 255 ? 255 : (unsigned char)v;
      unsigned char *o = dst + ((size_t)y * w + x) * 4;
      o[0] = o[1] = o[2] = g;
      o[3] = 255;
    }
  }
}

/** Taps as src/kernels/gaussian-weights.ts makes them; returns the radius. */
static int gaussian_weights(double sigma, int *weights) {
  const int radius = (int)ceil(3 * sigma);
  double sum = 0;
  for (int k = 1; k <= radius; k++) sum += exp(-(double)(k * k) / (2 * sigma * sigma));
  const double total = 1 + 2 * sum;
  int sides = 0;
  for (int k = 1; k <= radius; k++) sides += weights[k] = (int)floor(65536 * exp(-(double)(k * k) / (2 * sigma * sigma)) / total);
  weights[0] = 65536 - 2 * sides;
  return radius;
}

/** One pass: along rows (step 4 bytes, clamped to w) or down columns (step a row, clamped to h). */
static void gaussian_pass(const unsigned char *src, unsigned char *dst, int w, int h, const int *weights, int radius, int vertical) {
  #pragma omp parallel for schedule(static)
  for (int y = 0; y < h; y++) {
    for (int x = 0; x < w; x++) {
      unsigned acc[4] = {0, 0, 0, 0};
      for (int k = -radius; k <= radius; k++) {
        const unsigned char *p = vertical ? src + ((size_t)clampi(y + k, h) * w + x) * 4 : src + ((size_t)y * w + clampi(x + k, w)) * 4;
        const unsigned wk = weights[k < 0 ? -k : k];
        for (int c = 0; c < 4; c++) acc[c] += wk * p[c];
      }
      for (int c = 0; c < 4; c++) dst[((size_t)y * w + x) * 4 + c] = (unsigned char)((acc[c] + 32768) >> 16);
    }
  }
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
    fprintf(stderr, "usage: kernels mandelbrot <side> <maxIter> | matmul <n> | regions-mandelbrot <side> <chunk> <count> | regions-sum <n> <count> | box-blur <side> <radius> | sobel <side> | gaussian <side> <sigma>\n");
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
  const int stencil = strcmp(argv[1], "box-blur") == 0 && argc == 4 ? 'b' : strcmp(argv[1], "sobel") == 0 && argc == 3 ? 's'
    : strcmp(argv[1], "gaussian") == 0 && argc == 4 ? 'g' : 0;
  if (stencil) {
    const int side = atoi(argv[2]);
    const size_t bytes = (size_t)side * side * 4;
    unsigned char *src = malloc(bytes), *dst = malloc(bytes), *between = malloc(bytes);
    for (size_t i = 0; i < bytes; i++) src[i] = (unsigned char)(((unsigned)i * 2654435761u) >> 24);
    int weights[200];
    const int radius = stencil == 'g' ? gaussian_weights(atof(argv[3]), weights) : stencil == 'b' ? atoi(argv[3]) : 0;
    for (int r = -1; r < RUNS; r++) {
      double t = now_ms();
      if (stencil == 'b') box_blur(src, dst, side, side, radius);
      else if (stencil == 's') sobel(src, dst, side, side);
      else { gaussian_pass(src, between, side, side, weights, radius, 0); gaussian_pass(between, dst, side, side, weights, radius, 1); }
      if (r >= 0) times[r] = now_ms() - t;
    }
    for (size_t i = 0; i < bytes; i++) checksum += dst[i];
  } else if (strcmp(argv[1], "mandelbrot") == 0) {
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
