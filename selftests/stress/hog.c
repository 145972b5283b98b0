// SPDX-License-Identifier: GPL-2.0
/*
 * hog FLOOR_KB SECONDS: drive the machine to the edge of OOM and stay
 * there. Allocates and touches anonymous memory 1 MiB at a time until
 * MemAvailable (/proc/meminfo) is at most FLOOR_KB, then holds it for
 * SECONDS, giving back a chunk whenever MemAvailable falls below half
 * the floor, so the OOM killer never has to run. Sets its own
 * oom_score_adj to 1000: if it does run, this is the process it picks.
 * Prints "hog at floor" when it gets there (readers start then: on a
 * KASAN kernel under TCG the way down takes a minute or more), and at
 * the end "hog peak_mb=N min_avail_kb=N reached=0|1".
 *
 * hog -hold MB SECONDS: touch MB MiB and sleep (a process with many
 * present PTEs to read).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define CHUNK (1UL << 20)
#define MAX_CHUNKS 65536

static char *chunks[MAX_CHUNKS];

static long mem_available_kb(void)
{
	char line[128];
	long kb = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "MemAvailable: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

static char *grab(void)
{
	char *p = mmap(NULL, CHUNK, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	size_t i;

	if (p == MAP_FAILED)
		return NULL;
	/* distinct bytes, so nothing is same-filled if it ever swaps */
	for (i = 0; i < CHUNK; i += 4096)
		p[i] = (char)(i >> 12) ^ (char)(long)p;
	return p;
}

static void nap_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

int main(int argc, char **argv)
{
	long floor_kb, avail, min_avail;
	unsigned long n = 0, peak = 0;
	int reached = 0;
	time_t end;
	FILE *f;

	if (argc == 4 && !strcmp(argv[1], "-hold")) {
		long mb = atol(argv[2]);

		while (mb-- > 0)
			grab();
		sleep(atoi(argv[3]));
		return 0;
	}
	if (argc != 3) {
		fprintf(stderr, "usage: hog FLOOR_KB SECONDS | hog -hold MB SECONDS\n");
		return 2;
	}
	floor_kb = atol(argv[1]);
	f = fopen("/proc/self/oom_score_adj", "w");
	if (f) {
		fputs("1000\n", f);
		fclose(f);
	}
	min_avail = mem_available_kb();
	/* never reached in three minutes: give up rather than run forever */
	end = time(NULL) + 180;
	for (;;) {
		avail = mem_available_kb();
		if (avail >= 0 && avail < min_avail)
			min_avail = avail;
		if (!reached && time(NULL) >= end)
			break;
		if (!reached && avail > floor_kb && n < MAX_CHUNKS) {
			char *p = grab();

			if (p)
				chunks[n++] = p;
			if (n > peak)
				peak = n;
			continue;
		}
		if (!reached) {
			reached = 1;
			end = time(NULL) + atoi(argv[2]);
			printf("hog at floor\n");
			fflush(stdout);
		}
		if (time(NULL) >= end)
			break;
		/* Others allocate too: stay near the floor, not under it. */
		if (avail < floor_kb / 2 && n) {
			munmap(chunks[--n], CHUNK);
			continue;
		}
		nap_ms(50);
	}
	printf("hog peak_mb=%lu min_avail_kb=%ld reached=%d\n", peak,
	       min_avail, reached);
	return 0;
}
