// SPDX-License-Identifier: GPL-2.0
/*
 * sparse_layout: a process whose page tables are easy to predict and not
 * trivial: anonymous regions spread 1 GiB and 512 GiB apart (separate PMD
 * and PUD tables), each with a few touched pages, one 2 MiB region fully
 * touched, and an untouched reservation (no tables at all). Prints
 * "ready <pid>" and sleeps until killed, so its tables stay put while
 * they are read.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#define GIB (1UL << 30)

static void *map_at(unsigned long addr, size_t len)
{
	void *p = mmap((void *)addr, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);

	if (p == MAP_FAILED) {
		perror("sparse_layout: mmap");
		exit(1);
	}
	return p;
}

int main(void)
{
	/* Below the default mmap base, away from anything the libc maps. */
	unsigned long base = 0x100000000000UL;	/* 16 TiB */
	char *p;
	size_t i;
	int k;

	for (k = 0; k < 4; k++) {
		p = map_at(base + k * GIB, 64 << 10);
		for (i = 0; i < (64 << 10); i += 16384)
			p[i] = 1;
	}
	p = map_at(base + 512 * GIB, 2UL << 20);
	madvise(p, 2UL << 20, MADV_NOHUGEPAGE);
	for (i = 0; i < (2UL << 20); i += 4096)
		p[i] = 1;
	map_at(base + 1024 * GIB, 256UL << 20);	/* reserved, never touched */

	printf("ready %d\n", (int)getpid());
	fflush(stdout);
	for (;;)
		pause();
}
