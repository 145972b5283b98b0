// SPDX-License-Identifier: GPL-2.0
/*
 * execloop SECONDS: one PID that keeps replacing its image, so reads of
 * its memscope files span execve (the mm they started on is dropped and
 * a new one installed under the same PID). Each image maps, touches and
 * partly unmaps a region at an address of its own generation, then execs
 * this binary again; the last image prints "execloop execs=N" and exits.
 * The shell tracks the PID once: tracking outlives execve.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define REGION	0x320000000000UL
#define LEN	(1UL << 20)

int main(int argc, char **argv)
{
	unsigned long gen = 0;
	time_t deadline;
	char g[24], d[24];
	char *p;

	if (argc == 2) {
		deadline = time(NULL) + atol(argv[1]);
		/* A moment for the shell to track this PID before the storm. */
		usleep(200 * 1000);
	} else if (argc == 4 && !strcmp(argv[1], "--gen")) {
		gen = strtoul(argv[2], NULL, 10);
		deadline = (time_t)atol(argv[3]);
	} else {
		fprintf(stderr, "usage: execloop SECONDS\n");
		return 2;
	}
	if (time(NULL) >= deadline) {
		printf("execloop execs=%lu\n", gen);
		return 0;
	}
	p = mmap((void *)(REGION + (gen % 64) * 2 * LEN), LEN,
		 PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (p == MAP_FAILED) {
		perror("execloop: mmap");
		return 1;
	}
	memset(p, (int)gen, LEN);
	munmap(p + LEN / 2, LEN / 4);
	snprintf(g, sizeof(g), "%lu", gen + 1);
	snprintf(d, sizeof(d), "%ld", (long)deadline);
	execl("/proc/self/exe", argv[0], "--gen", g, d, (char *)NULL);
	perror("execloop: execl");
	return 1;
}
