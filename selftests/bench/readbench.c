// SPDX-License-Identifier: GPL-2.0
/*
 * readbench: cost of reading a memscope file against the kernel file that
 * shows the same thing, measured side by side in one run.
 *
 *   readbench NAME MEMSCOPE_FILE KERNEL_FILE [ROUNDS]
 *
 * Each round reads both files whole (open, read to EOF, close), in
 * alternating order so neither side gets a warmer cache. Prints one line:
 *   bench NAME memscope_us=X kernel_us=Y ratio=X/Y
 * (medians over the rounds, in microseconds per whole-file read).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static char buf[1 << 16];

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

/* Time one whole read of PATH; negative on error. */
static double read_once(const char *path)
{
	double t0 = now_us();
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		;
	close(fd);
	if (n < 0)
		return -1;
	return now_us() - t0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	int rounds = argc > 4 ? atoi(argv[4]) : 200, i;
	double *a, *b;

	if (argc < 4 || rounds <= 0) {
		fprintf(stderr,
			"usage: readbench NAME MEMSCOPE_FILE KERNEL_FILE [ROUNDS]\n");
		return 2;
	}
	a = calloc(rounds, sizeof(*a));
	b = calloc(rounds, sizeof(*b));
	if (!a || !b)
		return 1;
	for (i = 0; i < rounds; i++) {
		if (i & 1) {
			b[i] = read_once(argv[3]);
			a[i] = read_once(argv[2]);
		} else {
			a[i] = read_once(argv[2]);
			b[i] = read_once(argv[3]);
		}
		if (a[i] < 0 || b[i] < 0) {
			fprintf(stderr, "readbench: cannot read %s or %s\n",
				argv[2], argv[3]);
			return 1;
		}
	}
	qsort(a, rounds, sizeof(*a), cmp_double);
	qsort(b, rounds, sizeof(*b), cmp_double);
	printf("bench %s memscope_us=%.1f kernel_us=%.1f ratio=%.2f\n",
	       argv[1], a[rounds / 2], b[rounds / 2],
	       a[rounds / 2] / b[rounds / 2]);
	free(a);
	free(b);
	return 0;
}
