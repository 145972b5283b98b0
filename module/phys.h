/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memscope: helpers shared by the physical memory view (pagetypeinfo.c,
 * extfrag.c, zoneinfo.c, freeblocks.c, experiment.c).
 */
#ifndef MEMSCOPE_PHYS_H
#define MEMSCOPE_PHYS_H

#include <linux/mmzone.h>
#include <linux/nodemask.h>
#include <linux/pageblock-flags.h>

/*
 * Pageblock flags live in each mem_section's usemap only with SPARSEMEM;
 * every supported kernel (Debian amd64 6.1, 6.12) has SPARSEMEM_VMEMMAP.
 */
#ifndef CONFIG_SPARSEMEM
#error "memscope reads pageblock flags from mem_section: needs CONFIG_SPARSEMEM"
#endif

/*
 * Number of buddy orders (11 on x86_64), from the array itself: 6.1
 * sizes it MAX_ORDER, 6.12 NR_PAGE_ORDERS, and 6.4-6.7 MAX_ORDER + 1.
 */
#define MS_NR_ORDERS \
	(sizeof_field(struct zone, free_area) / sizeof(struct free_area))

/* migratetype_names[] is not exported; same table, same config tests. */
extern const char * const ms_migratetype_names[MIGRATE_TYPES];

/*
 * for_each_populated_zone() needs next_zone(), which modules cannot link
 * against: walk NODE_DATA() of each online node instead. Start with
 * ZONE NULL; returns the next populated zone and its node in *NID, or
 * NULL after the last.
 */
static inline struct zone *ms_next_populated_zone(int *nid,
						  struct zone *zone)
{
	if (zone) {
		zone++;
	} else {
		*nid = first_online_node;
		zone = NODE_DATA(*nid)->node_zones;
	}
	while (*nid < MAX_NUMNODES) {
		pg_data_t *pgdat = NODE_DATA(*nid);

		for (; zone < pgdat->node_zones + MAX_NR_ZONES; zone++)
			if (populated_zone(zone))
				return zone;
		*nid = next_online_node(*nid);
		if (*nid < MAX_NUMNODES)
			zone = NODE_DATA(*nid)->node_zones;
	}
	return NULL;
}

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
