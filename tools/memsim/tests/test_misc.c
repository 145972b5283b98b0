// SPDX-License-Identifier: GPL-2.0
/* memsim host tests: partitions, fragmentation indices, parsing. */
#define _POSIX_C_SOURCE 200809L
#include "tests.h"

#include "../partition.h"
#include "../util.h"
#include "../../../module/common/frag_index.h"

static int t_partition_policies(void)
{
	struct partition p[3];
	int k;

	/* holes of 100, 300, 200 after frees; a request of 150 goes to the
	 * first (300 at 150), the best (200 at 750) or the worst (300) */
	for (k = 0; k < 3; k++) {
		uint64_t a, b, c, d, e, x;

		part_init(&p[k], (enum fit_policy)k, 1000, 1);
		a = part_alloc(&p[k], 100);
		b = part_alloc(&p[k], 50);
		c = part_alloc(&p[k], 300);
		d = part_alloc(&p[k], 300);
		e = part_alloc(&p[k], 200);
		CHECK_EQ_U(a, 0);
		CHECK_EQ_U(e, 750);
		CHECK(part_free(&p[k], a, 100));
		CHECK(part_free(&p[k], c, 300));
		CHECK(part_free(&p[k], e, 200));
		(void)b;
		(void)d;
		CHECK_EQ_U(p[k].nholes, 3);
		x = part_alloc(&p[k], 150);
		CHECK_EQ_U(x, k == FIT_FIRST ? 150 : k == FIT_BEST ? 750 : 150);
		CHECK(!part_free(&p[k], 5, 10) || k < 0);	/* overlaps a hole */
		part_destroy(&p[k]);
	}
	return 0;
}

static int t_partition_coalesce(void)
{
	struct partition p;
	uint64_t a, b, c;

	part_init(&p, FIT_FIRST, 300, 1);
	a = part_alloc(&p, 100);
	b = part_alloc(&p, 100);
	c = part_alloc(&p, 100);
	CHECK_EQ_U(part_alloc(&p, 1), UINT64_MAX);
	CHECK(part_free(&p, a, 100));
	CHECK(part_free(&p, c, 100));
	CHECK_EQ_U(p.nholes, 2);
	CHECK_EQ_U(part_unusable_index(&p, 200), 1000);
	CHECK(part_free(&p, b, 100));
	CHECK_EQ_U(p.nholes, 1);
	CHECK_EQ_U(part_largest_hole(&p), 300);
	CHECK_EQ_U(part_unusable_index(&p, 200), 333);
	part_destroy(&p);
	return 0;
}

/* mm/vmstat.c maths on hand-computed values */
static int t_frag_index(void)
{
	uint64_t nr[11] = { 10, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
	struct ms_contig_info ci;

	/* free 20 pages in 15 blocks */
	ms_fill_contig_info(nr, 11, 2, &ci);
	CHECK_EQ_U(ci.free_pages, 20);
	CHECK_EQ_U(ci.blocks_total, 15);
	CHECK_EQ_U(ci.blocks_suitable, 0);
	CHECK_EQ_U(ms_unusable_index(2, &ci), 1000);
	/* 1000 - (1000 + 20000/4) / 15 = 1000 - 400 = 600 */
	CHECK_EQ_U(ms_fragmentation_index(2, 11, &ci), 600);
	ms_fill_contig_info(nr, 11, 1, &ci);
	CHECK_EQ_U(ms_unusable_index(1, &ci), 500);
	CHECK(ms_fragmentation_index(1, 11, &ci) == -1000);
	CHECK(ms_index_int(-1000) == -1 && ms_index_frac(-1000) == 0);
	{
		uint64_t zero[11] = { 0 };

		ms_fill_contig_info(zero, 11, 0, &ci);
		CHECK_EQ_U(ms_unusable_index(0, &ci), 1000);
		CHECK_EQ_U(ms_fragmentation_index(0, 11, &ci), 0);
	}
	return 0;
}

static int t_parsers(void)
{
	uint64_t v;
	long l;

	CHECK(parse_u64("42", &v) && v == 42);
	CHECK(parse_u64("0x10", &v) && v == 16);
	CHECK(parse_u64("010", &v) && v == 10);
	CHECK(!parse_u64("-1", &v));
	CHECK(!parse_u64("12x", &v));
	CHECK(!parse_u64("99999999999999999999999", &v));
	CHECK(parse_size("34K", &v) && v == 34 * 1024);
	CHECK(parse_size("2M", &v) && v == 2u << 20);
	CHECK(!parse_size("K", &v));
	CHECK(parse_hex_u64("7fff0000", &v) && v == 0x7fff0000);
	CHECK(!parse_hex_u64("g1", &v));
	CHECK(parse_int("5", 0, 10, &l) && l == 5);
	CHECK(!parse_int("11", 0, 10, &l));
	return 0;
}

const struct ktest misc_tests[] = {
	{ "partition_first_best_worst_fit", t_partition_policies },
	{ "partition_coalesce_and_unusable", t_partition_coalesce },
	{ "frag_index_vmstat_maths", t_frag_index },
	{ "parsers_strict_numbers", t_parsers },
	{ NULL, NULL },
};
