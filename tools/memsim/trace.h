/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memsim: the allocation trace format shared by `buddy` and `frag`.
 *
 *   # comment (anywhere on a line)
 *   alloc ID ORDER|SIZE [MIGRATETYPE] [zone=NAME]
 *   free ID
 *   settype PFN MIGRATETYPE        (buddy only: retype a pageblock)
 *   show buddyinfo|pagetypeinfo|extfrag|freeblocks|freelists
 *
 * ORDER is a plain decimal number; SIZE carries a unit (B, K, M, G:
 * 34K, 4096B) and is rounded up to an order of the page size.  ID is any
 * token without blanks (at most 63 bytes); an ID is live from its alloc
 * to its free and may be reused afterwards.
 */
#ifndef MEMSIM_TRACE_H
#define MEMSIM_TRACE_H

#include <stdint.h>
#include <stdio.h>

#include "buddy.h"

enum bop_kind { BOP_ALLOC, BOP_FREE, BOP_SETTYPE, BOP_SHOW };
enum show_what {
	SHOW_BUDDYINFO = 1, SHOW_PAGETYPEINFO = 2, SHOW_EXTFRAG = 4,
	SHOW_FREEBLOCKS = 8, SHOW_FREELISTS = 16, SHOW_ALLOCS = 32,
	SHOW_SUMMARY = 64,
};

struct bop {
	uint8_t kind;
	uint8_t order;
	uint8_t mt;
	int8_t zone;		/* index into the zone name table, -1 default */
	uint32_t id;
	uint32_t line;
	uint64_t arg;		/* settype pfn, show mask, alloc size bytes */
};

/* ID names <-> dense indices */
struct idtab {
	char **keys;
	uint32_t *vals;
	size_t cap, n;
	char **names;		/* by index */
};
void idtab_init(struct idtab *t);
void idtab_free(struct idtab *t);
uint32_t idtab_get(struct idtab *t, const char *key);	/* adds if new */

struct btrace {
	struct bop *ops;
	size_t n, cap;
	struct idtab ids;
	char zone_names[8][16];
	int nzone_names;
	const char *file;
};

void btrace_init(struct btrace *t);
void btrace_free(struct btrace *t);
/* parse; page_size for SIZE tokens; max_order the largest order allowed.
 * Returns 0, or -1 after printing "file:line: message". */
int btrace_parse(struct btrace *t, const char *path, uint64_t page_size,
		 unsigned int max_order);
int show_parse(const char *list, unsigned int *mask);

/* replay through the buddy model; prints `show` ops and (SHOW_ALLOCS) one
 * "alloc ID order pfn" line per allocation. Returns 0 or -1. */
int btrace_replay(struct buddy *b, const struct btrace *t, unsigned int show,
		  FILE *out);
void buddy_show(const struct buddy *b, unsigned int mask, int json, FILE *out);

#endif
