/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memsim: loading a `freeblocks` snapshot into the buddy model.
 *
 * Format (one free block per line, lists head first, '#' starts a
 * comment): node zone migratetype order pfn
 * pfn in decimal, or hex with a 0x prefix.
 */
#ifndef MEMSIM_FREEBLOCKS_H
#define MEMSIM_FREEBLOCKS_H

#include "buddy.h"

struct zone_hint {
	int node;
	char name[16];
	uint64_t pageblocks;	/* from pagetypeinfo, 0 unknown */
};

/*
 * Creates the zones the file names (x86_64 boundaries: DMA from pfn 1 to
 * 4096, DMA32 up to 4 GiB, Normal above), unless the model already has
 * them, and loads every block at its list tail in file order.
 * hints (may be NULL) add zones with no free block and size zones from
 * their pageblock count.  Inconsistent lines (overlaps of a racy snapshot)
 * are skipped and counted in *skipped with a warning; malformed ones are
 * errors.  Returns 0 or -1.
 */
int freeblocks_load(struct buddy *b, const char *path,
		    const struct zone_hint *hints, int nhints,
		    unsigned long *loaded, unsigned long *skipped);

#endif
