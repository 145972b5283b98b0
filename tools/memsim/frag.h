/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memsim: one allocation trace (trace.h) through the buddy model and
 * through first-, best- and worst-fit partitions (partition.h) of the same
 * memory, and what each is left with - the `frag` command's model.
 */
#ifndef MEMSIM_FRAG_H
#define MEMSIM_FRAG_H

#include <stdint.h>

#include "buddy.h"
#include "trace.h"

#define FRAG_ALLOCATORS	4	/* buddy, first fit, best fit, worst fit */

struct frag_row {
	const char *name;
	uint64_t failures, waste, free, largest;	/* waste: internal */
	int unusable[BUDDY_MAX_ORDERS];	/* unusable free space index, 0..1000 */
};

struct frag_result {
	uint64_t memory, live_bytes;
	unsigned int nr_orders;
	struct frag_row rows[FRAG_ALLOCATORS];
};

/*
 * Replay T (parsed from TRACE with PAGE_SIZE) through B, one booted flat
 * zone, and through partitions of B's pages * PAGE_SIZE bytes. T may
 * hold alloc, free and show lines only. Returns 0, or -1 after printing
 * "file:line: message".
 */
int frag_replay(struct buddy *b, const struct btrace *t, const char *trace,
		uint64_t page_size, uint64_t pages, struct frag_result *res);

#endif
