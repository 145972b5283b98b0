// SPDX-License-Identifier: GPL-2.0
/* memsim: the `pgtable` command - options, the replay, its output. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"
#include "pgtable.h"
#include "pgtable_trace.h"
#include "util.h"
#include "vma.h"

#include <getopt.h>
#include <inttypes.h>

static void pgtable_usage(FILE *f)
{
	fprintf(f,
"usage: memsim pgtable [options] --trace FILE\n"
"  Page-table pages per level and pgtables_bytes for a fault/munmap trace.\n"
"      --levels 4|5      paging levels (default 4)\n"
"  -j, --json            JSON output\n"
"  -h, --help\n"
"trace lines (addresses in hex):\n"
"  mmap START LEN        add a VMA (no tables yet)\n"
"  fault ADDR [pte|pmd|pud]   first touch: map a 4K page, a THP, a 1G page\n"
"  munmap START LEN      unmap, freeing tables clear of the neighbour VMAs\n"
"  show                  print the counts now\n");
}

static void pgtable_json(const struct pgtable *pt, long levels)
{
	printf("{\"levels\": %ld, \"pte_pages\": %" PRIu64 ", \"pmd_pages\": %" PRIu64
	       ", \"pud_pages\": %" PRIu64 ", \"p4d_pages\": %" PRIu64 ", \"pgd_pages\": %" PRIu64
	       ", \"deposited_pte_pages\": %" PRIu64 ", \"pgtables_bytes\": %" PRIu64 "}\n",
	       levels, pt_count(pt, PT_PTE), pt_count(pt, PT_PMD),
	       pt_count(pt, PT_PUD), pt_count(pt, PT_P4D),
	       pt_count(pt, PT_PGD), pt->deposited, pt_pgtables_bytes(pt));
}

int cmd_pgtable(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "levels", required_argument, NULL, 1000 },
		{ "trace", required_argument, NULL, 't' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	long levels = 4;
	const char *trace = NULL;
	int c, json = 0, ret = 1;
	struct pgtable pt;
	struct vma_set vs;
	uint64_t task;

	optind = 1;
	while ((c = getopt_long(argc, argv, "t:jh", lo, NULL)) != -1) {
		switch (c) {
		case 1000:
			if (!parse_int(optarg, 4, 5, &levels))
				return perr(NULL, 0, "--levels is 4 or 5"), 2;
			break;
		case 't': trace = optarg; break;
		case 'j': json = 1; break;
		case 'h': pgtable_usage(stdout); return 0;
		default: pgtable_usage(stderr); return 2;
		}
	}
	if (!trace || optind < argc) {
		pgtable_usage(stderr);
		return 2;
	}
	task = levels == 5 ? 0x00fffffffffff000ull : 0x7ffffffff000ull;
	pt_init(&pt, (int)levels);
	vs_init(&vs, MS_SERIES_6_12, task, task);
	if (!pgtrace_replay(&pt, &vs, trace)) {
		if (json)
			pgtable_json(&pt, levels);
		else
			pt_print(&pt, stdout);
		ret = 0;
	}
	pt_destroy(&pt);
	vs_destroy(&vs);
	return ret;
}
