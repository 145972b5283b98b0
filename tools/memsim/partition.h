/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memsim: variable-partition allocators (first fit, best fit, worst fit)
 * over one contiguous range, for comparison with the buddy allocator.
 * Allocations take exactly the requested bytes (rounded to `unit`), from
 * the low end of the chosen hole; frees coalesce with both neighbours.
 */
#ifndef MEMSIM_PARTITION_H
#define MEMSIM_PARTITION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum fit_policy { FIT_FIRST, FIT_BEST, FIT_WORST };

struct hole {
	uint64_t start, len;
};

struct partition {
	enum fit_policy policy;
	uint64_t total, unit;
	struct hole *holes;	/* sorted by start, never adjacent */
	size_t nholes, cap;
	uint64_t failures;
};

void part_init(struct partition *p, enum fit_policy pol, uint64_t total,
	       uint64_t unit);
void part_destroy(struct partition *p);
/* returns the start offset, or UINT64_MAX when no hole is large enough */
uint64_t part_alloc(struct partition *p, uint64_t bytes);
/* frees [start, start+len); false when that is not allocated */
bool part_free(struct partition *p, uint64_t start, uint64_t bytes);
uint64_t part_free_bytes(const struct partition *p);
uint64_t part_largest_hole(const struct partition *p);
/* unusable index (0..1000) for requests of `req` bytes, the unusable free
 * space index of mm/vmstat.c applied to holes */
int part_unusable_index(const struct partition *p, uint64_t req);
const char *fit_name(enum fit_policy p);

#endif
