/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memscope: helpers shared by the physical memory view (pagetype.c,
 * extfrag.c, zoneinfo.c, freeblocks.c, experiment.c).
 */
#ifndef MEMSCOPE_PHYS_H
#define MEMSCOPE_PHYS_H

#include <linux/mmzone.h>
#include <linux/nodemask.h>
#include <linux/pageblock-flags.h>
#include <linux/version.h>

/*
 * Pageblock flags live in each mem_section's usemap only with SPARSEMEM;
 * every supported kernel (Debian amd64 6.1, 6.12) has SPARSEMEM_VMEMMAP.
 */
#ifndef CONFIG_SPARSEMEM
#error "memscope reads pageblock flags from mem_section: needs CONFIG_SPARSEMEM"
#endif

/* Number of buddy orders (11 on x86_64): the size of zone->free_area[]. */
#if defined(NR_PAGE_ORDERS)
#define MS_NR_ORDERS	NR_PAGE_ORDERS
#elif LINUX_VERSION_CODE < KERNEL_VERSION(6, 4, 0)
/* v6.4 made MAX_ORDER inclusive, v6.8 renamed it; before, it counted */
#define MS_NR_ORDERS	MAX_ORDER
#else
#error "memscope: unknown way to count buddy orders on this kernel"
#endif

/* migratetype_names[] is not exported; same table, same config tests. */
extern const char * const ms_migratetype_names[MIGRATE_TYPES];

/*
 * for_each_populated_zone() needs next_zone(), which modules cannot link
 * against: walk NODE_DATA() of each online node instead.
 */
#define ms_for_each_populated_zone(nid, zone)				\
	for_each_online_node(nid)					\
		for (zone = NODE_DATA(nid)->node_zones;			\
		     zone < NODE_DATA(nid)->node_zones + MAX_NR_ZONES;	\
		     zone++)						\
			if (!populated_zone(zone)) {} else

/*
 * get_pageblock_migratetype() ends in get_pfnblock_flags_mask(), exported
 * on neither 6.1 nor 6.12. Read the bits the same way mm/page_alloc.c
 * does: NR_PAGEBLOCK_BITS per pageblock in the pfn's section usemap.
 * Racy against set_pfnblock_flags_mask() exactly as the kernel's own
 * read is: one READ_ONCE word, never a torn value.
 */
static inline int ms_pageblock_migratetype(unsigned long pfn)
{
	unsigned long *bitmap = section_to_usemap(__pfn_to_section(pfn));
	unsigned long bitidx;
	unsigned long word;

	bitidx = ((pfn & (PAGES_PER_SECTION - 1)) >> pageblock_order) *
		 NR_PAGEBLOCK_BITS;
	word = READ_ONCE(bitmap[bitidx / BITS_PER_LONG]);
	return (word >> (bitidx % BITS_PER_LONG)) & MIGRATETYPE_MASK;
}

/* Pageblocks of ZONE per migratetype, as /proc/pagetypeinfo counts them. */
void ms_count_pageblocks(struct zone *zone,
			 unsigned long count[MIGRATE_TYPES]);

#endif /* MEMSCOPE_PHYS_H */
