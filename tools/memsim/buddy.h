/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memsim: binary buddy allocator model following mm/page_alloc.c of the
 * Linux 6.1 and 6.12 series (see Documentation/simulator.rst).
 */
#ifndef MEMSIM_BUDDY_H
#define MEMSIM_BUDDY_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "../lib/kseries.h"	/* enum ms_series */

#define BUDDY_MAX_ORDERS	11	/* orders 0..10 */
#define BUDDY_NIL		0x07FFFFFFu
#define BUDDY_MAX_ZONE_PAGES	(BUDDY_NIL - 1024u)
#define BUDDY_MAX_ZONES		16

enum migratetype {
	MT_UNMOVABLE,
	MT_MOVABLE,
	MT_RECLAIMABLE,
	MT_HIGHATOMIC,		/* == MIGRATE_PCPTYPES */
	MT_CMA,
	MT_ISOLATE,
	MT_TYPES
};
#define MT_PCPTYPES MT_HIGHATOMIC

/* zone indices of x86_64 (ZONE_DMA, ZONE_DMA32, ZONE_NORMAL, ZONE_MOVABLE) */
enum zone_idx { ZI_DMA, ZI_DMA32, ZI_NORMAL, ZI_MOVABLE, ZI_TYPES };

extern const char *const mt_names[MT_TYPES];
extern const char *const zone_names[ZI_TYPES];
int mt_parse(const char *s);		/* kernel name or lower-case; -1 */
int zone_idx_parse(const char *s);	/* -1 when unknown */

/*
 * One zone.  Per page one 32-bit slot:
 *   bit 31     one bit of the pageblock migratetype (the first three
 *              slots of each pageblock hold its 3-bit type)
 *   bits 30-27 page state: 0 none, 1..11 free block head of order
 *              state-1, 12 allocated movable page, 13 allocated movable
 *              head of order (link bits)
 *   bits 26-0  list link: for a free head its "next"; the "prev" of a free
 *              block of order >= 1 lives in its second page, the "prev" of
 *              a free order-0 page in its buddy page (pfn ^ 1), which is
 *              never itself a free order-0 page (they would have merged).
 */
struct bzone {
	int node;
	int zidx;			/* enum zone_idx, or ZI_NORMAL */
	char name[16];
	uint64_t start_pfn, end_pfn;	/* spanned [start, end) */
	uint64_t base;			/* start rounded down to a pageblock */
	uint64_t nslots;
	uint32_t *slot;
	uint32_t head[BUDDY_MAX_ORDERS][MT_TYPES];
	uint32_t tail[BUDDY_MAX_ORDERS][MT_TYPES];
	uint64_t nr_free[BUDDY_MAX_ORDERS];
	uint64_t free_pages;
	uint64_t managed;		/* pages handed to the allocator */
	uint64_t wmark_min, wmark_low, wmark_high;
};

struct buddy_stats {
	uint64_t allocs, frees, failures;
	uint64_t fallbacks, claims, steals;
};

struct buddy {
	enum ms_series series;
	unsigned int nr_orders;		/* NR_PAGE_ORDERS (11) */
	unsigned int pb_order;		/* pageblock_order (9) */
	int nzones;
	/*
	 * CONFIG_CMA: with it off (Debian's amd64 6.1 and 6.12) the kernel
	 * has no CMA free lists and prints none; the model follows.
	 */
	bool has_cma;
	struct bzone zones[BUDDY_MAX_ZONES];
	struct buddy_stats st;
};

void buddy_init(struct buddy *b, enum ms_series series, unsigned int nr_orders,
		unsigned int pb_order);
/* add a zone with every page allocated (not free); -1 + message on error */
int buddy_add_zone(struct buddy *b, int node, const char *name,
		   uint64_t start_pfn, uint64_t pages);
void buddy_destroy(struct buddy *b);
struct bzone *buddy_find_zone(struct buddy *b, int node, const char *name);
struct bzone *buddy_zone_of(struct buddy *b, uint64_t pfn);

/*
 * Boot-like release: every pfn of every zone that is not inside one of
 * the reserved ranges is freed the way memblock_free_all() does it,
 * blocks of order min(MAX, __ffs(pfn)) in ascending order to the list
 * tails.  Then watermarks are computed.
 */
void buddy_boot(struct buddy *b, const uint64_t (*reserved)[2], int nreserved);
void buddy_set_watermarks(struct buddy *b, uint64_t min_free_kbytes);
uint64_t buddy_default_min_free_kbytes(const struct buddy *b);

/* allocation flags of the model */
#define BALLOC_NOFRAG_AUTO	0x1	/* ALLOC_NOFRAGMENT as the kernel sets it */

/*
 * Allocate 2^order pages of migratetype mt, from zone zpref downwards in
 * the node's zonelist (zpref < 0: the highest zone of node 0 allowed for
 * the type).  Returns the pfn or UINT64_MAX when nothing fits.
 */
uint64_t buddy_alloc(struct buddy *b, unsigned int order, int mt, int zpref);
/* free a block returned by buddy_alloc (alloc_mt: the type it was asked for) */
void buddy_free(struct buddy *b, uint64_t pfn, unsigned int order, int alloc_mt);

/* pageblock migratetype of pfn */
int buddy_pb_mt(const struct buddy *b, const struct bzone *z, uint64_t pfn);
/* change the pageblock type and move its free pages (settype op) */
int buddy_set_pageblock(struct buddy *b, uint64_t pfn, int mt);

/* loading a freeblocks snapshot: append a free block at a list tail */
int buddy_load_block(struct buddy *b, struct bzone *z, int mt,
		     unsigned int order, uint64_t pfn, const char **why);
/* after loading: pageblock types from lists, allocated pages as movable
 * in movable pageblocks */
void buddy_load_finish(struct buddy *b);

/* free-list inspection */
uint64_t buddy_list_count(const struct bzone *z, unsigned int order, int mt,
			  uint64_t cap, bool *capped);
/* calls fn for each block of a list, head first; stops when fn != 0 */
int buddy_list_walk(const struct bzone *z, unsigned int order, int mt,
		    int (*fn)(void *arg, uint64_t pfn), void *arg);
/* order of the free block starting at pfn, or -1 */
int buddy_free_order(const struct bzone *z, uint64_t pfn);
/* internal consistency check (tests): 0 when fine */
int buddy_check(const struct buddy *b, char *why, size_t whylen);

/* output in the kernel's formats */
void buddy_print_buddyinfo(const struct buddy *b, FILE *f);
void buddy_print_pagetypeinfo(const struct buddy *b, FILE *f);
void buddy_print_extfrag(const struct buddy *b, FILE *f);
void buddy_print_freeblocks(const struct buddy *b, FILE *f);
void buddy_print_freelists(const struct buddy *b, FILE *f);
void buddy_print_json(const struct buddy *b, FILE *f);

#endif
