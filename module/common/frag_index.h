/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memscope: fragmentation indices of one zone, shared by the kernel module
 * and by memsim (tools/memsim).  Pure integer arithmetic, no libc, no
 * floating point: the same header builds in the kernel and in C11
 * userspace.
 *
 * The maths follows mm/vmstat.c (fill_contig_page_info,
 * unusable_free_index, __fragmentation_index), identical in 6.1 and 6.12:
 *
 *   free_pages       = sum over orders of nr_free[o] << o
 *   blocks_total     = sum over orders of nr_free[o]
 *   blocks_suitable  = sum over o >= order of nr_free[o] << (o - order)
 *
 *   unusable(order)  = 1000 if free_pages == 0, else
 *                      (free_pages - (blocks_suitable << order)) * 1000
 *                      / free_pages
 *   fragindex(order) = 0 if blocks_total == 0,
 *                      -1000 if blocks_suitable != 0, else
 *                      1000 - (1000 + free_pages * 1000 / 2^order)
 *                             / blocks_total
 *
 * Both sides print the values in the extfrag file's formats, from
 * common/phys_format.h.
 */
#ifndef MEMSCOPE_COMMON_FRAG_INDEX_H
#define MEMSCOPE_COMMON_FRAG_INDEX_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/math64.h>
#else
#include <stdbool.h>
typedef __UINT64_TYPE__ u64;	/* the type of uint64_t */
#endif

struct ms_contig_info {
	u64 free_pages;
	u64 blocks_total;
	u64 blocks_suitable;
};

/* nr_free[0..nr_orders-1] as in zone->free_area[].nr_free */
static inline void ms_fill_contig_info(const u64 *nr_free,
				       unsigned int nr_orders,
				       unsigned int suitable_order,
				       struct ms_contig_info *info)
{
	unsigned int o;

	info->free_pages = 0;
	info->blocks_total = 0;
	info->blocks_suitable = 0;
	for (o = 0; o < nr_orders; o++) {
		info->blocks_total += nr_free[o];
		info->free_pages += nr_free[o] << o;
		if (o >= suitable_order)
			info->blocks_suitable += nr_free[o] << (o - suitable_order);
	}
}

/* unsigned 64-bit division helper: the kernel needs div64_u64 on 32-bit */
static inline u64 ms_div_u64(u64 a, u64 b)
{
#ifdef __KERNEL__
	return div64_u64(a, b);
#else
	return a / b;
#endif
}

static inline int ms_unusable_index(unsigned int order,
				    const struct ms_contig_info *info)
{
	if (info->free_pages == 0)
		return 1000;
	return (int)ms_div_u64((info->free_pages -
				(info->blocks_suitable << order)) * 1000ULL,
			       info->free_pages);
}

static inline int ms_fragmentation_index(unsigned int order,
					 unsigned int nr_orders,
					 const struct ms_contig_info *info)
{
	u64 requested = 1ULL << order;

	if (order >= nr_orders)
		return 0;
	if (!info->blocks_total)
		return 0;
	if (info->blocks_suitable)
		return -1000;
	return 1000 - (int)ms_div_u64(1000 + ms_div_u64(info->free_pages *
							 1000ULL, requested),
				      info->blocks_total);
}

/* integer and fractional parts, as the extfrag formats print them */
static inline int ms_index_int(int index)
{
	return index / 1000;
}

static inline int ms_index_frac(int index)
{
	return index % 1000;
}

#endif /* MEMSCOPE_COMMON_FRAG_INDEX_H */
