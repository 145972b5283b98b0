// SPDX-License-Identifier: GPL-2.0
/*
 * memsim: a Linux-faithful userspace model of buddy, SLUB, page tables and
 * VMA layout, printing in memscope's (and the kernel's) formats.
 */
#include "cli.h"
#include "util.h"

#include <stdio.h>
#include <string.h>

static void usage(FILE *f)
{
	fprintf(f,
"usage: memsim COMMAND [options]   (memsim COMMAND -h for each)\n"
"commands:\n"
"  buddy     buddy allocator model: trace replay, buddyinfo/pagetypeinfo/extfrag\n"
"  frag      one trace through buddy and first/best/worst-fit partitions\n"
"  slab      SLUB cache geometry and slab list simulation\n"
"  pgtable   x86_64 page-table pages for a set of VMAs and pages\n"
"  vma       VMA layout: mmap/munmap/mprotect/brk traces, /proc/PID/maps output\n"
"  compare   model versus a memscope snapshot directory, per structure\n"
"  bench     replay throughput and memory per simulated page\n"
"Formats and the models' known departures from the kernel:\n"
"Documentation/simulator.rst\n");
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(int, char **);
	} cmds[] = {
		{ "buddy", cmd_buddy },
		{ "frag", cmd_frag },
		{ "slab", cmd_slab },
		{ "pgtable", cmd_pgtable },
		{ "vma", cmd_vma },
		{ "compare", cmd_compare },
		{ "bench", cmd_bench },
	};
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(cmds); i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "memsim: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}
