// SPDX-License-Identifier: GPL-2.0
/*
 * tourproc: the demo process of the memscope tour. It reads one command
 * per line on stdin, does it, prints what it did and then "@@ done", so
 * the tour can look at its address space between steps.
 *
 *   info           addresses of code, data, bss, heap, a stack local
 *   small          300 mallocs of 1 KiB (below the mmap threshold: brk)
 *   large          one malloc of 256 KiB (above it: its own mapping)
 *   map            64 KiB anonymous mapping, not touched (no PTEs yet)
 *   touch N        touch the first N pages of that mapping
 *   fork           fork a child that shares every page copy-on-write
 *   childwrite     make the child write to the first mapped page
 *   thp            a 2 MiB-aligned MADV_HUGEPAGE region, touched (PMD leaf)
 *   pageout        MADV_PAGEOUT on the mapping's first page (swap entry)
 *   sparse         three pages 1 GiB apart (a table per level each)
 *   quit
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21
#endif

int initialised_global = 42;	/* .data */
int zeroed_global;		/* .bss */

static char *mapping;
static pid_t child;
static int child_pipe[2];

static void cmd_info(void)
{
	int local = 0;

	printf("code  %p (main)\n", (void *)cmd_info);
	printf("data  %p (an initialised global)\n", (void *)&initialised_global);
	printf("bss   %p (a zeroed global)\n", (void *)&zeroed_global);
	printf("brk   %p (end of the heap)\n", sbrk(0));
	printf("stack %p (a local variable)\n", (void *)&local);
}

static void child_loop(void)
{
	char c;

	close(child_pipe[1]);
	/* Wait for "write" requests from the parent; exit on EOF. */
	while (read(child_pipe[0], &c, 1) == 1) {
		mapping[0] = 'c';
		printf("child %d wrote to %p\n", (int)getpid(), (void *)mapping);
		fflush(stdout);
	}
	_exit(0);
}

int main(void)
{
	char line[128];

	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("tourproc %d ready\n@@ done\n", (int)getpid());
	while (fgets(line, sizeof(line), stdin)) {
		int n = 0;

		if (!strncmp(line, "info", 4)) {
			cmd_info();
		} else if (!strncmp(line, "small", 5)) {
			void *before = sbrk(0);
			int i;

			for (i = 0; i < 300; i++)
				memset(malloc(1024), 1, 1024);
			printf("brk %p -> %p\n", before, sbrk(0));
		} else if (!strncmp(line, "large", 5)) {
			char *p = malloc(256 << 10);

			memset(p, 1, 256 << 10);
			printf("large %p\n", (void *)p);
		} else if (!strncmp(line, "map", 3)) {
			mapping = mmap(NULL, 64 << 10, PROT_READ | PROT_WRITE,
				       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			printf("map %p\n", (void *)mapping);
		} else if (sscanf(line, "touch %d", &n) == 1 && mapping) {
			int i;

			for (i = 0; i < n && i < 16; i++)
				mapping[i * 4096] = 'p';
			printf("touched %d pages at %p\n", i, (void *)mapping);
		} else if (!strncmp(line, "fork", 4) && mapping && !child) {
			if (pipe(child_pipe))
				return 1;
			child = fork();
			if (child == 0)
				child_loop();
			close(child_pipe[0]);
			printf("child %d\n", (int)child);
		} else if (!strncmp(line, "childwrite", 10) && child) {
			if (write(child_pipe[1], "w", 1) != 1)
				return 1;
			usleep(200000);
		} else if (!strncmp(line, "thp", 3)) {
			char *p = mmap(NULL, 4 << 20, PROT_READ | PROT_WRITE,
				       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			char *a = (char *)(((unsigned long)p + (2 << 20) - 1) &
					   ~((2UL << 20) - 1));

			madvise(a, 2 << 20, MADV_HUGEPAGE);
			memset(a, 1, 2 << 20);
			printf("thp %p\n", (void *)a);
		} else if (!strncmp(line, "pageout", 7) && mapping) {
			int r = madvise(mapping, 4096, MADV_PAGEOUT);

			printf("pageout %p %s\n", (void *)mapping, r ? "failed" : "ok");
		} else if (!strncmp(line, "sparse", 6)) {
			int i;

			for (i = 0; i < 3; i++) {
				char *p = mmap((void *)(0x200000000000UL + i * (1UL << 30)),
					       4096, PROT_READ | PROT_WRITE,
					       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

				if (p != MAP_FAILED)
					*p = 1;
				printf("sparse %p\n", (void *)p);
			}
		} else if (!strncmp(line, "quit", 4)) {
			break;
		} else {
			printf("? %s", line);
		}
		printf("@@ done\n");
	}
	if (child) {
		close(child_pipe[1]);
		waitpid(child, NULL, 0);
	}
	return 0;
}
