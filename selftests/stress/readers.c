// SPDX-License-Identifier: GPL-2.0
/*
 * readers THREADS SECONDS FILE...: THREADS threads read every FILE whole,
 * round robin, for SECONDS. A read may fail only the ways memscope
 * documents for files whose subject can vanish (ESRCH: process gone;
 * ENOENT/EIO/ENODEV/ENXIO: file removed by untrack or unload (debugfs
 * answers an open file whose dentry was removed with ENXIO); ENOMEM;
 * EOPNOTSUPP). Prints "readers reads=N errors=N bad=N" and exits 1 on any
 * other errno, then one "# errno E=N (message)" line per errno seen.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static char **files;
static int nfiles;
static time_t deadline;
static unsigned long total_reads, total_errors, total_bad;
static unsigned long by_errno[256];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static int allowed(int err)
{
	return err == ESRCH || err == ENOENT || err == EIO || err == ENODEV ||
	       err == ENXIO ||
	       err == ENOMEM || err == EOPNOTSUPP || err == EINTR;
}

static void *reader(void *arg)
{
	unsigned long reads = 0, errors = 0, bad = 0;
	long id = (long)arg;
	static __thread char buf[65536];
	int i = (int)(id % nfiles);

	while (time(NULL) < deadline) {
		int fd = open(files[i], O_RDONLY);
		ssize_t n = 0;

		if (fd >= 0) {
			while ((n = read(fd, buf, sizeof(buf))) > 0)
				;
			close(fd);
		}
		if (fd < 0 || n < 0) {
			errors++;
			__atomic_fetch_add(&by_errno[errno & 255], 1,
					   __ATOMIC_RELAXED);
			if (!allowed(errno)) {
				bad++;
				if (bad <= 3)
					printf("# %s: errno %d (%s)\n", files[i],
					       errno, strerror(errno));
			}
		}
		reads++;
		i = (i + 1) % nfiles;
	}
	pthread_mutex_lock(&lock);
	total_reads += reads;
	total_errors += errors;
	total_bad += bad;
	pthread_mutex_unlock(&lock);
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t *t;
	int n, i;

	if (argc < 4) {
		fprintf(stderr, "usage: readers THREADS SECONDS FILE...\n");
		return 2;
	}
	n = atoi(argv[1]);
	if (n <= 0 || n > 256)
		return 2;
	deadline = time(NULL) + atoi(argv[2]);
	files = argv + 3;
	nfiles = argc - 3;
	t = calloc(n, sizeof(*t));
	if (!t)
		return 1;
	for (i = 0; i < n; i++)
		pthread_create(&t[i], NULL, reader, (void *)(long)i);
	for (i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	printf("readers reads=%lu errors=%lu bad=%lu\n", total_reads,
	       total_errors, total_bad);
	for (i = 1; i < 256; i++)
		if (by_errno[i])
			printf("# errno %d=%lu (%s)\n", i, by_errno[i],
			       strerror(i));
	return total_bad ? 1 : 0;
}
