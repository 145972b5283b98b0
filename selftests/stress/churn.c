// SPDX-License-Identifier: GPL-2.0
/*
 * churn SECONDS: keep the memory manager busy while memscope is read.
 * Forks children that map, touch and exit; maps and unmaps anonymous and
 * THP-eligible regions, splits them with mprotect, collapses them with
 * MADV_COLLAPSE where the kernel has it and pushes pages out with
 * MADV_PAGEOUT (to swap when swap is on). Prints what it did.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21
#endif
#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE 25
#endif

#define HPAGE (2UL << 20)

static void touch(char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i += 4096)
		p[i] = (char)i;
}

int main(int argc, char **argv)
{
	unsigned long forks = 0, maps = 0, collapses = 0, pageouts = 0;
	time_t end;

	if (argc != 2) {
		fprintf(stderr, "usage: churn SECONDS\n");
		return 2;
	}
	end = time(NULL) + atoi(argv[1]);
	while (time(NULL) < end) {
		size_t len = 4 * HPAGE;
		char *p, *a;
		pid_t pid = fork();

		if (pid == 0) {
			char *c = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE,
				       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

			if (c != MAP_FAILED)
				touch(c, 1 << 20);
			_exit(0);
		}
		if (pid > 0)
			forks++;

		p = mmap(NULL, len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			continue;
		maps++;
		a = (char *)(((unsigned long)p + HPAGE - 1) & ~(HPAGE - 1));
		madvise(a, 2 * HPAGE, MADV_HUGEPAGE);
		touch(p, len);
		if (madvise(a, HPAGE, MADV_COLLAPSE) == 0)
			collapses++;
		mprotect(a + HPAGE, HPAGE / 2, PROT_READ);
		if (madvise(p, len, MADV_PAGEOUT) == 0)
			pageouts++;
		touch(p, HPAGE);
		munmap(p, len);
		if (pid > 0)
			waitpid(pid, NULL, 0);
	}
	printf("churn forks=%lu maps=%lu collapses=%lu pageouts=%lu\n", forks,
	       maps, collapses, pageouts);
	return 0;
}
