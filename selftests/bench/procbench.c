// SPDX-License-Identifier: GPL-2.0
/*
 * procbench: the process view's cost against /proc/PID/pagemap, side by
 * side in one run. Prints "bench NAME key=value ... ratio=R" lines.
 *
 *   procbench [MIB] [SPARSE_TIB]
 *
 * 1. pagetable_vs_pagemap: a child with MIB (default 1024) MiB of
 *    populated anonymous memory; time a read of pids/<child>/pagetable
 *    (a full walk, totals only) against reading the child's pagemap for
 *    the same range (medians). Target: ratio <= 0.5.
 * 2. pages_vs_pagemap: the full `pages` dump against the same pagemap
 *    read. Target: ratio <= 2.
 * 3. sparse_walk: a child with SPARSE_TIB (default 16) TiB of
 *    PROT_READ|WRITE MAP_NORESERVE space touched once per GiB; the
 *    pagetable walk time per touched GiB against the dense child's walk
 *    time per populated PTE table: cost follows populated tables.
 * 4. mmap_latency: the dense child's worst mmap+munmap latency while a
 *    reader loops over its pagetable, against while a reader loops over
 *    its pagemap. Target: ratio <= 1.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MS "/sys/kernel/debug/memscope"
#define ROUNDS 7
#define GIB (1UL << 30)

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return v[n / 2];
}

static char rbuf[1 << 20];

static double read_file_us(const char *path)
{
	double t0 = now_us();
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	while ((n = read(fd, rbuf, sizeof(rbuf))) > 0)
		;
	close(fd);
	return n < 0 ? -1 : now_us() - t0;
}

/* Read pagemap for [start, start + len) in 1 MiB chunks. */
static double read_pagemap_us(pid_t pid, unsigned long start, unsigned long len)
{
	char path[64];
	double t0 = now_us();
	unsigned long off = start / 4096 * 8, end = off + len / 4096 * 8;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/pagemap", pid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	while (off < end) {
		size_t want = end - off < sizeof(rbuf) ? end - off : sizeof(rbuf);
		ssize_t n = pread(fd, rbuf, want, off);

		if (n <= 0)
			break;
		off += n;
	}
	close(fd);
	return now_us() - t0;
}

static int write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY), r;

	if (fd < 0)
		return -1;
	r = write(fd, s, strlen(s)) < 0 ? -1 : 0;
	close(fd);
	return r;
}

struct child {
	pid_t pid;
	int cmd;	/* parent -> child */
	int res;	/* child -> parent */
	unsigned long start, len;
};

/*
 * The child: populate, report (start, len), then serve commands: 'l'
 * measures the worst mmap+munmap latency over about one second and
 * writes it back (a double, us); EOF exits.
 */
static void child_main(int cmd, int res, unsigned long len, int sparse)
{
	unsigned long v[2], a;
	char *p, c;

	if (sparse) {
		p = mmap(NULL, len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (p == MAP_FAILED)
			_exit(1);
		/* One 4 KiB page per GiB, not a 2 MiB THP each. */
		madvise(p, len, MADV_NOHUGEPAGE);
		for (a = 0; a < len; a += GIB)
			p[a] = 1;
	} else {
		p = mmap(NULL, len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			_exit(1);
		madvise(p, len, MADV_NOHUGEPAGE);	/* PTE tables to walk */
		for (a = 0; a < len; a += 4096)
			p[a] = 1;
	}
	v[0] = (unsigned long)p;
	v[1] = len;
	if (write(res, v, sizeof(v)) != sizeof(v))
		_exit(1);
	while (read(cmd, &c, 1) == 1) {
		double worst = 0, t0, end = now_us() + 1e6, d;

		while ((t0 = now_us()) < end) {
			char *q = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
				       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

			if (q != MAP_FAILED) {
				q[0] = 1;
				munmap(q, 4096);
			}
			d = now_us() - t0;
			if (d > worst)
				worst = d;
		}
		if (write(res, &worst, sizeof(worst)) != sizeof(worst))
			_exit(1);
	}
	_exit(0);
}

static int spawn(struct child *c, unsigned long len, int sparse)
{
	int cmd[2], res[2];
	unsigned long v[2];
	char buf[32];

	if (pipe(cmd) || pipe(res))
		return -1;
	c->pid = fork();
	if (c->pid < 0)
		return -1;
	if (c->pid == 0) {
		close(cmd[1]);
		close(res[0]);
		child_main(cmd[0], res[1], len, sparse);
	}
	close(cmd[0]);
	close(res[1]);
	c->cmd = cmd[1];
	c->res = res[0];
	if (read(c->res, v, sizeof(v)) != sizeof(v))
		return -1;
	c->start = v[0];
	c->len = v[1];
	snprintf(buf, sizeof(buf), "%d", c->pid);
	return write_str(MS "/track", buf);
}

static void reap(struct child *c)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%d", c->pid);
	write_str(MS "/untrack", buf);
	close(c->cmd);
	close(c->res);
	waitpid(c->pid, NULL, 0);
}

static volatile int reader_stop;
static const char *reader_file;
static struct child *reader_child;

static void *reader(void *arg)
{
	(void)arg;
	while (!reader_stop) {
		if (reader_file)
			read_file_us(reader_file);
		else
			read_pagemap_us(reader_child->pid, reader_child->start,
					reader_child->len);
	}
	return NULL;
}

static double latency_under(struct child *c, const char *file)
{
	pthread_t t;
	double worst = -1;

	reader_stop = 0;
	reader_file = file;
	reader_child = c;
	pthread_create(&t, NULL, reader, NULL);
	if (write(c->cmd, "l", 1) != 1 ||
	    read(c->res, &worst, sizeof(worst)) != sizeof(worst))
		worst = -1;
	reader_stop = 1;
	pthread_join(t, NULL);
	return worst;
}

/* The value of KEY in a "key value" file. */
static unsigned long kv(const char *path, const char *key)
{
	char line[128];
	unsigned long v = 0;
	size_t kl = strlen(key);
	FILE *f = fopen(path, "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, kl) && line[kl] == ' ')
			v = strtoul(line + kl + 1, NULL, 0);
	fclose(f);
	return v;
}

int main(int argc, char **argv)
{
	unsigned long mib = argc > 1 ? strtoul(argv[1], NULL, 0) : 1024;
	unsigned long tib = argc > 2 ? strtoul(argv[2], NULL, 0) : 16;
	double a[ROUNDS], b[ROUNDS], c[ROUNDS], pt, pm, pg, sp, lw, lp;
	char ptpath[96], pgpath[96];
	struct child dense, sparse;
	unsigned long tables, gib;
	int i;

	if (spawn(&dense, mib << 20, 0)) {
		printf("# procbench: cannot start the dense child (%s)\n",
		       strerror(errno));
		return 1;
	}
	snprintf(ptpath, sizeof(ptpath), MS "/pids/%d/pagetable", dense.pid);
	snprintf(pgpath, sizeof(pgpath), MS "/pids/%d/pages", dense.pid);
	for (i = 0; i < ROUNDS; i++) {
		a[i] = read_file_us(ptpath);
		b[i] = read_pagemap_us(dense.pid, dense.start, dense.len);
		c[i] = read_file_us(pgpath);
	}
	pt = median(a, ROUNDS);
	pm = median(b, ROUNDS);
	pg = median(c, ROUNDS);
	tables = kv(ptpath, "pte_tables");
	printf("bench pagetable_vs_pagemap mib=%lu pagetable_us=%.0f pagemap_us=%.0f ratio=%.2f\n",
	       mib, pt, pm, pt / pm);
	printf("bench pages_vs_pagemap mib=%lu pages_us=%.0f pagemap_us=%.0f ratio=%.2f\n",
	       mib, pg, pm, pg / pm);

	lw = latency_under(&dense, ptpath);
	lp = latency_under(&dense, NULL);
	printf("bench mmap_latency worst_us_under_pagetable=%.0f worst_us_under_pagemap=%.0f ratio=%.2f\n",
	       lw, lp, lp > 0 ? lw / lp : 0);

	if (spawn(&sparse, tib << 40, 1)) {
		printf("# procbench: sparse child failed (%lu TiB NORESERVE)\n", tib);
		reap(&dense);
		return 0;
	}
	snprintf(ptpath, sizeof(ptpath), MS "/pids/%d/pagetable", sparse.pid);
	for (i = 0; i < ROUNDS; i++)
		a[i] = read_file_us(ptpath);
	sp = median(a, ROUNDS);
	gib = tib << 10;
	/*
	 * What a cost proportional to virtual size would be: pagemap's
	 * per-GiB rate on the dense child, times the sparse span. The walk
	 * should instead cost about its populated tables (one per GiB).
	 */
	printf("bench sparse_walk tib=%lu touched_gib=%lu walk_us=%.0f us_per_table=%.2f dense_us_per_table=%.2f pagemap_us_if_read=%.0f ratio=%.4f\n",
	       tib, gib, sp, sp / gib, pt / tables, pm / mib * 1024 * gib,
	       sp / (pm / mib * 1024 * gib));
	reap(&sparse);
	reap(&dense);
	/* memscope's own account of its mmap_lock holds (debugfs stats). */
	{
		FILE *f = fopen(MS "/stats", "r");
		char line[160];

		while (f && fgets(line, sizeof(line), f))
			if (!strncmp(line, "mmap_lock ", 10))
				printf("# stats: %s", line);
		if (f)
			fclose(f);
	}
	return 0;
}
