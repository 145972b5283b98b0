// SPDX-License-Identifier: GPL-2.0
/* memsim host tests: buddy model. */
#define _POSIX_C_SOURCE 200809L
#include "tests.h"

#include <stdlib.h>
#include <string.h>

#include "../buddy.h"
#include "../freeblocks.h"
#include "../util.h"

static char *capture(void (*fn)(const struct buddy *, FILE *),
		     const struct buddy *b)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	fn(b, f);
	fclose(f);
	return buf;
}

static int check_ok(const struct buddy *b)
{
	char why[256];

	if (buddy_check(b, why, sizeof(why))) {
		printf("# buddy_check: %s\n", why);
		return 1;
	}
	return 0;
}

/*
 * The seeds' walk-through (Wikipedia's example): 1 MiB in 64 KiB pages,
 * orders 0..4.  A=34K, B=66K, C=35K, D=67K, free B, free D; after each step
 * the free lists as the note draws them, in the kernel's list order.
 */
static int t_seeds_walkthrough(void)
{
	static const char *const expect[] = {
		"zone 0 Normal pfn 0-16 free 16\n  order 4 Movable    : 0\n",
		"zone 0 Normal pfn 0-16 free 15\n  order 0 Movable    : 1\n  order 1 Movable    : 2\n  order 2 Movable    : 4\n  order 3 Movable    : 8\n",
		"zone 0 Normal pfn 0-16 free 13\n  order 0 Movable    : 1\n  order 2 Movable    : 4\n  order 3 Movable    : 8\n",
		"zone 0 Normal pfn 0-16 free 12\n  order 2 Movable    : 4\n  order 3 Movable    : 8\n",
		"zone 0 Normal pfn 0-16 free 10\n  order 1 Movable    : 6\n  order 3 Movable    : 8\n",
		"zone 0 Normal pfn 0-16 free 12\n  order 1 Movable    : 2 6\n  order 3 Movable    : 8\n",
		"zone 0 Normal pfn 0-16 free 14\n  order 1 Movable    : 2\n  order 2 Movable    : 4\n  order 3 Movable    : 8\n",
	};
	int series;

	for (series = 0; series < 2; series++) {
		struct buddy b;
		uint64_t a, bb, c, d;
		char *s;
		int step = 0;

		buddy_init(&b, series ? MS_SERIES_6_12 : MS_SERIES_6_1, 5, 4);
		CHECK(buddy_add_zone(&b, 0, "Normal", 0, 16) == 0);
		buddy_boot(&b, NULL, 0);
#define STEP() do { s = capture(buddy_print_freelists, &b); \
		CHECK_STR(s, expect[step]); free(s); step++; \
		if (check_ok(&b)) return 1; } while (0)
		STEP();
		a = buddy_alloc(&b, 0, MT_MOVABLE, -1);		/* A 34K */
		CHECK_EQ_U(a, 0);
		STEP();
		bb = buddy_alloc(&b, 1, MT_MOVABLE, -1);	/* B 66K */
		CHECK_EQ_U(bb, 2);
		STEP();
		c = buddy_alloc(&b, 0, MT_MOVABLE, -1);		/* C 35K */
		CHECK_EQ_U(c, 1);
		STEP();
		d = buddy_alloc(&b, 1, MT_MOVABLE, -1);		/* D 67K */
		CHECK_EQ_U(d, 4);
		STEP();
		buddy_free(&b, bb, 1, MT_MOVABLE);		/* B: no buddy */
		STEP();
		buddy_free(&b, d, 1, MT_MOVABLE);		/* D merges to order 2 */
		STEP();
#undef STEP
		buddy_destroy(&b);
	}
	return 0;
}

/* expand() keeps the lower half: order-0 pages of one block ascend */
static int t_expand_order(void)
{
	struct buddy b;
	uint64_t i;

	buddy_init(&b, MS_SERIES_6_12, 11, 9);
	CHECK(buddy_add_zone(&b, 0, "Normal", 0, 1024) == 0);
	buddy_boot(&b, NULL, 0);
	for (i = 0; i < 600; i++)
		CHECK_EQ_U(buddy_alloc(&b, 0, MT_MOVABLE, -1), i);
	/* 600 = 512 + 64 + 16 + 8: remaining free 424 pages in upper halves */
	CHECK_EQ_U(b.zones[0].free_pages, 424);
	CHECK_EQ_U(b.zones[0].nr_free[3], 1);	/* 600..607 */
	CHECK_EQ_U(b.zones[0].nr_free[8], 1);	/* 768..1023 */
	CHECK(buddy_free_order(&b.zones[0], 768) == 8);
	CHECK(check_ok(&b) == 0);
	buddy_destroy(&b);
	return 0;
}

/* memblock-like boot: blocks of min(MAX, ffs(pfn)) order */
static int t_boot_layout(void)
{
	struct buddy b;
	uint64_t res[1][2] = { { 0, 1 } };

	buddy_init(&b, MS_SERIES_6_1, 11, 9);
	CHECK(buddy_add_zone(&b, 0, "Normal", 0, 1000) == 0);
	buddy_boot(&b, NULL, 0);
	CHECK_EQ_U(b.zones[0].nr_free[9], 1);
	CHECK_EQ_U(b.zones[0].nr_free[8], 1);
	CHECK_EQ_U(b.zones[0].nr_free[7], 1);
	CHECK_EQ_U(b.zones[0].nr_free[6], 1);
	CHECK_EQ_U(b.zones[0].nr_free[5], 1);
	CHECK_EQ_U(b.zones[0].nr_free[3], 1);
	CHECK_EQ_U(b.zones[0].free_pages, 1000);
	buddy_destroy(&b);

	/* pfn 0 reserved: 1, 2, 4, ... 256 then 512 */
	buddy_init(&b, MS_SERIES_6_1, 11, 9);
	CHECK(buddy_add_zone(&b, 0, "Normal", 0, 1024) == 0);
	buddy_boot(&b, (const uint64_t (*)[2])res, 1);
	{
		unsigned int o;

		for (o = 0; o < 10; o++)
			CHECK_EQ_U(b.zones[0].nr_free[o], 1);
	}
	CHECK_EQ_U(b.zones[0].nr_free[10], 0);
	buddy_destroy(&b);
	return 0;
}

/*
 * __free_one_page at >= pageblock_order: two order-9 pageblocks merge when
 * both types can merge (6.12 retypes the buddy block), not when one is
 * Isolate.  Order-10 zone: pageblocks 0 and 1.
 */
static int t_merge_pageblock_types(void)
{
	int series;

	for (series = 0; series < 2; series++) {
		struct buddy b;
		uint64_t p0, p1;
		struct bzone *z;

		buddy_init(&b, series ? MS_SERIES_6_12 : MS_SERIES_6_1, 11, 9);
		CHECK(buddy_add_zone(&b, 0, "Normal", 0, 1024) == 0);
		buddy_boot(&b, NULL, 0);
		z = &b.zones[0];
		p0 = buddy_alloc(&b, 9, MT_MOVABLE, -1);
		p1 = buddy_alloc(&b, 9, MT_MOVABLE, -1);
		CHECK_EQ_U(p0, 0);
		CHECK_EQ_U(p1, 512);
		/* make the second block Unmovable: still mergeable */
		CHECK(buddy_set_pageblock(&b, 512, MT_UNMOVABLE) == 0);
		buddy_free(&b, p0, 9, MT_MOVABLE);
		buddy_free(&b, p1, 9, MT_MOVABLE);
		CHECK_EQ_U(z->nr_free[10], 1);
		/* the merged block lands on the list of the freed page's type */
		{
			bool cap;

			CHECK_EQ_U(buddy_list_count(z, 10, MT_UNMOVABLE, 0, &cap), 1);
		}
		/* 6.12 retyped the buddy (pfn 0) to Unmovable; 6.1 did not */
		CHECK(buddy_pb_mt(&b, z, 0) == (series ? MT_UNMOVABLE : MT_MOVABLE));
		CHECK(check_ok(&b) == 0);

		/* now Isolate one pageblock: no merge */
		p0 = buddy_alloc(&b, 9, MT_UNMOVABLE, -1);
		p1 = buddy_alloc(&b, 9, MT_UNMOVABLE, -1);
		CHECK(p0 != UINT64_MAX && p1 != UINT64_MAX);
		CHECK(buddy_set_pageblock(&b, 512, MT_ISOLATE) == 0);
		CHECK(buddy_set_pageblock(&b, 0, MT_MOVABLE) == 0);
		buddy_free(&b, 0, 9, MT_MOVABLE);
		buddy_free(&b, 512, 9, MT_MOVABLE);
		CHECK_EQ_U(z->nr_free[10], 0);
		CHECK_EQ_U(z->nr_free[9], 2);
		{
			bool cap;

			CHECK_EQ_U(buddy_list_count(z, 9, MT_ISOLATE, 0, &cap), 1);
			CHECK_EQ_U(buddy_list_count(z, 9, MT_MOVABLE, 0, &cap), 1);
		}
		buddy_destroy(&b);
	}
	return 0;
}

/*
 * buddy_merge_likely(): a freed block whose merged block's next-order
 * buddy is free goes to the list tail, otherwise to the head.
 */
static int t_tail_placement(void)
{
	struct buddy b;
	struct bzone *z;
	uint64_t p[16];
	int i;

	buddy_init(&b, MS_SERIES_6_12, 11, 9);
	CHECK(buddy_add_zone(&b, 0, "Normal", 0, 1024) == 0);
	buddy_boot(&b, NULL, 0);
	z = &b.zones[0];
	for (i = 0; i < 16; i++)
		p[i] = buddy_alloc(&b, 0, MT_MOVABLE, -1);
	/* pages 0..15 allocated; 16..1023 free as 16(o4) 32 64 128 256 512 */
	/* free page 2: buddy 3 allocated; higher (order 1 at 0) buddy pfn 2
	 * at order 1 is ... page 2 itself => not free: head */
	buddy_free(&b, p[2], 0, MT_MOVABLE);
	/* free page 8: buddy 9 busy; order-1 buddy of 8 is 10 (busy): head */
	buddy_free(&b, p[8], 0, MT_MOVABLE);
	CHECK_EQ_U(z->base + z->head[0][MT_MOVABLE], 8);
	/* free 5: buddy 4 busy; merged pfn 4, next-order buddy of 4 at order
	 * 1 is 6 (busy): head */
	buddy_free(&b, p[5], 0, MT_MOVABLE);
	CHECK_EQ_U(z->base + z->head[0][MT_MOVABLE], 5);
	/* free 12 and 13: 13 merges with 12 -> order 1 at 12; order-2 buddy
	 * check: higher = 12, buddy at order 2 is 8 (order 0 free, not order
	 * 2): head.  Then free 14,15 -> merge 14 (order1) with 12 -> order 2
	 * at 12, then buddy 8 (order-2) not free: stop; merge_likely: higher
	 * block 8 at order 3, its buddy 0 not free: head */
	buddy_free(&b, p[12], 0, MT_MOVABLE);
	buddy_free(&b, p[13], 0, MT_MOVABLE);
	CHECK_EQ_U(z->base + z->head[1][MT_MOVABLE], 12);
	/* allocate an order-1 to get 12 back, then set up a tail case:
	 * free 10 and 11 -> order 1 at 10; buddy 8 order 1? 8 is order-0
	 * free, 9 busy: no merge; merge_likely(10, buddy 8, order 1): higher
	 * 8, order-2 buddy 12 is free at order 1 only -> head */
	buddy_free(&b, p[10], 0, MT_MOVABLE);
	buddy_free(&b, p[11], 0, MT_MOVABLE);
	CHECK_EQ_U(z->base + z->head[1][MT_MOVABLE], 10);
	CHECK_EQ_U(z->base + z->tail[1][MT_MOVABLE], 12);
	/* free 14: buddy 15 busy; merge_likely(14, 15, 0): higher 14, its
	 * order-1 buddy 12 is a free order-1 block -> TAIL */
	buddy_free(&b, p[14], 0, MT_MOVABLE);
	CHECK_EQ_U(z->base + z->tail[0][MT_MOVABLE], 14);
	CHECK(z->base + z->head[0][MT_MOVABLE] != 14);
	CHECK(check_ok(&b) == 0);
	buddy_destroy(&b);
	return 0;
}

/*
 * Fallback difference: a movable order-0 allocation when only an
 * Unmovable pageblock has free pages, and the block cannot be claimed.
 * 6.1 moves the chosen block to the Movable list and splits it there;
 * 6.12 __rmqueue_steal splits it on the Unmovable list.
 */
static int t_fallback_series(void)
{
	int series;

	for (series = 0; series < 2; series++) {
		struct buddy b;
		struct bzone *z;
		uint64_t i, pfn;
		bool cap;

		buddy_init(&b, series ? MS_SERIES_6_12 : MS_SERIES_6_1, 11, 9);
		CHECK(buddy_add_zone(&b, 0, "Normal", 0, 512) == 0);
		buddy_boot(&b, NULL, 0);
		z = &b.zones[0];
		/* fill the block with unmovable pages (claims the pageblock) */
		for (i = 0; i < 512; i++)
			CHECK(buddy_alloc(&b, 0, MT_UNMOVABLE, -1) != UINT64_MAX);
		CHECK(buddy_pb_mt(&b, z, 0) == MT_UNMOVABLE);
		/* free 4 aligned pages 8..11 -> one order-2 unmovable block */
		for (i = 8; i < 12; i++)
			buddy_free(&b, i, 0, MT_UNMOVABLE);
		CHECK_EQ_U(z->nr_free[2], 1);
		pfn = buddy_alloc(&b, 0, MT_MOVABLE, -1);
		CHECK_EQ_U(pfn, 8);
		CHECK(buddy_pb_mt(&b, z, 0) == MT_UNMOVABLE);
		if (series == 0) {
			CHECK_EQ_U(buddy_list_count(z, 0, MT_MOVABLE, 0, &cap), 1);
			CHECK_EQ_U(buddy_list_count(z, 1, MT_MOVABLE, 0, &cap), 1);
		} else {
			CHECK_EQ_U(buddy_list_count(z, 0, MT_UNMOVABLE, 0, &cap), 1);
			CHECK_EQ_U(buddy_list_count(z, 1, MT_UNMOVABLE, 0, &cap), 1);
		}
		CHECK(check_ok(&b) == 0);
		buddy_destroy(&b);
	}
	return 0;
}

/* an unmovable request claims a movable pageblock with enough free pages;
 * 6.1 and 6.12 both claim, 6.1 moves free pages even when not claiming */
static int t_claim_pageblock(void)
{
	int series;

	for (series = 0; series < 2; series++) {
		struct buddy b;
		struct bzone *z;
		uint64_t i;
		bool cap;

		buddy_init(&b, series ? MS_SERIES_6_12 : MS_SERIES_6_1, 11, 9);
		CHECK(buddy_add_zone(&b, 0, "Normal", 0, 1024) == 0);
		buddy_boot(&b, NULL, 0);
		z = &b.zones[0];
		/* movable pages fill pfn 0..399 of block 0 */
		for (i = 0; i < 400; i++)
			CHECK_EQ_U(buddy_alloc(&b, 0, MT_MOVABLE, -1), i);
		/* unmovable order 3: fallback takes the largest movable block
		 * (order 9 at 512) and claims that whole pageblock */
		CHECK_EQ_U(buddy_alloc(&b, 3, MT_UNMOVABLE, -1), 512);
		CHECK(buddy_pb_mt(&b, z, 512) == MT_UNMOVABLE);
		CHECK(buddy_pb_mt(&b, z, 0) == MT_MOVABLE);
		/* the rest of block 1 sits on unmovable lists */
		CHECK_EQ_U(buddy_list_count(z, 8, MT_UNMOVABLE, 0, &cap), 1);
		/* fill block 1 completely with unmovable */
		while (z->nr_free[0] + z->nr_free[1] + z->nr_free[2] +
		       z->nr_free[3] + z->nr_free[4] + z->nr_free[5] +
		       z->nr_free[6] + z->nr_free[7] + z->nr_free[8] > 0) {
			bool any = false;
			int mt;
			unsigned int o;

			for (o = 0; o < 11; o++)
				if (z->head[o][MT_UNMOVABLE] != BUDDY_NIL)
					any = true;
			(void)mt;
			if (!any)
				break;
			CHECK(buddy_alloc(&b, 0, MT_UNMOVABLE, -1) != UINT64_MAX);
		}
		/* block 0 has 112 free movable pages, 400 movable allocated:
		 * an unmovable request steals but cannot claim (112 < 256) */
		i = buddy_alloc(&b, 0, MT_UNMOVABLE, -1);
		CHECK(i >= 400 && i < 512);
		CHECK(buddy_pb_mt(&b, z, 0) == MT_MOVABLE);
		if (series == 0) {
			/* 6.1 moved every free page of block 0 to Unmovable */
			unsigned int o;

			for (o = 0; o < 11; o++)
				CHECK_EQ_U(buddy_list_count(z, o, MT_MOVABLE, 0, &cap), 0);
		} else {
			/* 6.12 steals one block; the rest stays Movable */
			unsigned int o;
			uint64_t mov = 0;

			for (o = 0; o < 11; o++)
				mov += buddy_list_count(z, o, MT_MOVABLE, 0, &cap);
			CHECK(mov > 0);
		}
		CHECK(check_ok(&b) == 0);
		buddy_destroy(&b);
	}
	return 0;
}

/* random alloc/free: invariants hold, and freeing everything restores
 * the boot state */
static int t_random_roundtrip(void)
{
	int series;

	for (series = 0; series < 2; series++) {
		struct buddy b;
		enum { N = 4000 };
		uint64_t *pfn = calloc(N, sizeof(uint64_t));
		uint8_t *ord = calloc(N, 1), *mt = calloc(N, 1);
		unsigned int seed = 12345, step;
		char *before, *after;

		buddy_init(&b, series ? MS_SERIES_6_12 : MS_SERIES_6_1, 11, 9);
		CHECK(buddy_add_zone(&b, 0, "DMA32", 4096, 16384) == 0);
		buddy_boot(&b, NULL, 0);
		before = capture(buddy_print_buddyinfo, &b);
		for (step = 0; step < 40000; step++) {
			unsigned int k;

			seed = seed * 1103515245u + 12345u;
			k = (seed >> 8) % N;
			if (pfn[k] && pfn[k] != UINT64_MAX) {
				buddy_free(&b, pfn[k] - 1, ord[k], mt[k]);
				pfn[k] = 0;
			} else {
				ord[k] = (uint8_t)((seed >> 20) % 5 == 0 ? (seed >> 24) % 10 : 0);
				mt[k] = (uint8_t)((seed >> 4) % 3);
				pfn[k] = buddy_alloc(&b, ord[k], mt[k], -1);
				if (pfn[k] != UINT64_MAX)
					pfn[k]++;
			}
			if (step % 5000 == 0 && check_ok(&b))
				return 1;
		}
		CHECK(check_ok(&b) == 0);
		for (step = 0; step < N; step++)
			if (pfn[step] && pfn[step] != UINT64_MAX)
				buddy_free(&b, pfn[step] - 1, ord[step], mt[step]);
		CHECK(check_ok(&b) == 0);
		after = capture(buddy_print_buddyinfo, &b);
		CHECK_STR(after, before);
		CHECK_EQ_U(b.zones[0].free_pages, 16384);
		free(before);
		free(after);
		free(pfn);
		free(ord);
		free(mt);
		buddy_destroy(&b);
	}
	return 0;
}

/* the kernel's exact text formats */
static int t_formats(void)
{
	struct buddy b;
	char *s;

	buddy_init(&b, MS_SERIES_6_12, 11, 9);
	CHECK(buddy_add_zone(&b, 0, "DMA", 1, 4095) == 0);
	CHECK(buddy_add_zone(&b, 0, "DMA32", 4096, 4096) == 0);
	buddy_boot(&b, NULL, 0);
	s = capture(buddy_print_buddyinfo, &b);
	CHECK_STR(s,
		"Node 0, zone      DMA      1      1      1      1      1      1      1      1      1      1      3 \n"
		"Node 0, zone    DMA32      0      0      0      0      0      0      0      0      0      0      4 \n");
	free(s);
	s = capture(buddy_print_pagetypeinfo, &b);
	{
		const char *e = "Page block order: 9\nPages per block:  512\n\n"
			"Free pages count per migrate type at order       0      1      2      3      4      5      6      7      8      9     10 \n"
			"Node    0, zone      DMA, type    Unmovable      0 ";

		CHECK(!strncmp(s, e, strlen(e)));
	}
	CHECK(strstr(s, "Node    0, zone    DMA32, type      Movable      0      0      0      0      0      0      0      0      0      0      4 \n"));
	/* Debian's amd64 kernels: CONFIG_CMA off, no CMA column or lists */
	CHECK(strstr(s, "\nNumber of blocks type     Unmovable      Movable  Reclaimable   HighAtomic      Isolate \n"
		     "Node 0, zone      DMA            0            8            0            0            0 \n"
		     "Node 0, zone    DMA32            0            8            0            0            0 \n"));
	CHECK(!strstr(s, "CMA"));
	free(s);
	/* with CONFIG_CMA the kernel adds the CMA lists and column */
	b.has_cma = true;
	s = capture(buddy_print_pagetypeinfo, &b);
	CHECK(strstr(s, "Node    0, zone    DMA32, type          CMA      0 "));
	CHECK(strstr(s, "\nNumber of blocks type     Unmovable      Movable  Reclaimable   HighAtomic          CMA      Isolate \n"
		     "Node 0, zone      DMA            0            8            0            0            0            0 \n"));
	b.has_cma = false;
	free(s);
	s = capture(buddy_print_extfrag, &b);
	CHECK(!strncmp(s, "unusable_index\nNode 0, zone      DMA 0.000 0.000 ",
		       strlen("unusable_index\nNode 0, zone      DMA 0.000 0.000 ")));
	/* DMA: 4095 free; at order 10 suitable 3 blocks: (4095-3072)*1000/4095 = 249 */
	CHECK(strstr(s, "0.249 \nNode 0, zone    DMA32 0.000"));
	CHECK(strstr(s, "extfrag_index\nNode 0, zone      DMA -1.000 -1.000 "));
	free(s);
	buddy_destroy(&b);
	return 0;
}

/* freeblocks: load keeps list order; printing gives the same lines */
static int t_freeblocks_roundtrip(void)
{
	const char *path = "/tmp/memsim-test-fb.txt";
	const char *text =
		"# node zone migratetype order pfn\n"
		"0 DMA32 Unmovable 0 4099\n"
		"0 DMA32 Unmovable 0 4097\n"
		"0 DMA32 Movable 1 4102\n"
		"0 DMA32 Movable 3 5000\n"
		"0 DMA32 Movable 3 4104\n"
		"0 DMA32 Movable 10 6144\n";
	FILE *f = fopen(path, "w");
	struct buddy b;
	unsigned long loaded, skipped;
	char *s;

	CHECK(f);
	fputs(text, f);
	fclose(f);
	buddy_init(&b, MS_SERIES_6_1, 11, 9);
	CHECK(freeblocks_load(&b, path, NULL, 0, &loaded, &skipped) == 0);
	CHECK_EQ_U(loaded, 6);
	CHECK_EQ_U(skipped, 0);
	s = capture(buddy_print_freeblocks, &b);
	CHECK_STR(s, text);
	free(s);
	CHECK(buddy_pb_mt(&b, &b.zones[0], 4096) == MT_UNMOVABLE);
	/* the next unmovable order-0 allocation takes the list head */
	CHECK_EQ_U(buddy_alloc(&b, 0, MT_UNMOVABLE, -1), 4099);
	CHECK_EQ_U(buddy_alloc(&b, 3, MT_MOVABLE, -1), 5000);
	CHECK(check_ok(&b) == 0);
	buddy_destroy(&b);
	remove(path);
	return 0;
}

const struct ktest buddy_tests[] = {
	{ "buddy_seeds_walkthrough", t_seeds_walkthrough },
	{ "buddy_expand_keeps_lower_half", t_expand_order },
	{ "buddy_boot_memblock_orders", t_boot_layout },
	{ "buddy_merge_across_pageblock_types", t_merge_pageblock_types },
	{ "buddy_tail_placement_merge_likely", t_tail_placement },
	{ "buddy_fallback_6_1_vs_6_12", t_fallback_series },
	{ "buddy_claim_pageblock", t_claim_pageblock },
	{ "buddy_random_roundtrip", t_random_roundtrip },
	{ "buddy_kernel_formats", t_formats },
	{ "buddy_freeblocks_roundtrip", t_freeblocks_roundtrip },
	{ NULL, NULL },
};
