// SPDX-License-Identifier: GPL-2.0
/*
 * memscope: the physical-memory layer, the one place that knows how to
 * walk the machine's nodes and zones (phys.h says what each piece is
 * for), and the pageblock counts and migratetype names the physical
 * files share. It prints nothing and takes no lock: the files that print are
 * callbacks of these walks, and each takes zone->lock itself where its
 * sample needs it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/memory_hotplug.h>
#include <linux/mm.h>
#include <linux/nodemask.h>
#include <linux/pageblock-flags.h>
#include <linux/sched.h>

#include "phys.h"
#include "stats.h"

/*
 * Pageblock flags live in each mem_section's usemap only with SPARSEMEM;
 * every supported kernel (Debian amd64 6.1, 6.12) has SPARSEMEM_VMEMMAP.
 */
#ifndef CONFIG_SPARSEMEM
#error "memscope reads pageblock flags from mem_section: needs CONFIG_SPARSEMEM"
#endif

/* Pageblocks read between two cond_resched() calls. */
#define MS_BLOCKS_PER_RESCHED	1024

const char * const ms_migratetype_names[MIGRATE_TYPES] = {
	"Unmovable",
	"Movable",
	"Reclaimable",
	"HighAtomic",
#ifdef CONFIG_CMA
	"CMA",
#endif
#ifdef CONFIG_MEMORY_ISOLATION
	"Isolate",
#endif
};

/*
 * for_each_online_pgdat() needs first_online_pgdat() and
 * next_online_pgdat(), which modules cannot link against: the same
 * steps over NODE_DATA() of the online nodes.
 */
static pg_data_t *first_online_node_data(void)
{
	return NODE_DATA(first_online_node);
}

static pg_data_t *next_online_node_data(pg_data_t *pgdat)
{
	int nid = next_online_node(pgdat->node_id);

	return nid < MAX_NUMNODES ? NODE_DATA(nid) : NULL;
}

/* The populated zone of PGDAT after ZONE (the first for NULL), or NULL. */
static struct zone *next_zone_in_node(pg_data_t *pgdat, struct zone *zone)
{
	zone = zone ? zone + 1 : pgdat->node_zones;
	for (; zone < pgdat->node_zones + MAX_NR_ZONES; zone++)
		if (populated_zone(zone))
			return zone;
	return NULL;
}

void ms_walk_zones_in_node(struct seq_file *m, pg_data_t *pgdat,
			   ms_zone_print_t print)
{
	struct zone *zone = NULL;

	while ((zone = next_zone_in_node(pgdat, zone)))
		print(m, pgdat, zone);
}

void ms_walk_zones(struct seq_file *m, ms_zone_print_t print)
{
	pg_data_t *pgdat;

	for (pgdat = first_online_node_data(); pgdat;
	     pgdat = next_online_node_data(pgdat))
		ms_walk_zones_in_node(m, pgdat, print);
}

struct zone *ms_next_populated_zone(struct zone *zone)
{
	pg_data_t *pgdat = zone ? zone->zone_pgdat : first_online_node_data();

	zone = next_zone_in_node(pgdat, zone);
	while (!zone && (pgdat = next_online_node_data(pgdat)))
		zone = next_zone_in_node(pgdat, NULL);
	return zone;
}

void *ms_node_seq_start(struct seq_file *m, loff_t *pos)
{
	loff_t node = *pos;
	pg_data_t *pgdat;

	for (pgdat = first_online_node_data(); pgdat && node;
	     pgdat = next_online_node_data(pgdat))
		node--;
	return pgdat;
}

void *ms_node_seq_next(struct seq_file *m, void *v, loff_t *pos)
{
	++*pos;
	return next_online_node_data(v);
}

void ms_node_seq_stop(struct seq_file *m, void *v)
{
}

/*
 * get_pageblock_migratetype() ends in get_pfnblock_flags_mask(), exported
 * on neither 6.1 nor 6.12. Read the bits the same way mm/page_alloc.c
 * does: NR_PAGEBLOCK_BITS per pageblock in the pfn's section usemap.
 * Racy against set_pfnblock_flags_mask() exactly as the kernel's own
 * read is: one READ_ONCE word, never a torn value.
 */
static int pageblock_migratetype(unsigned long pfn)
{
	unsigned long *bitmap = section_to_usemap(__pfn_to_section(pfn));
	unsigned long bitidx;
	unsigned long word;

	bitidx = ((pfn & (PAGES_PER_SECTION - 1)) >> pageblock_order) *
		 NR_PAGEBLOCK_BITS;
	word = READ_ONCE(bitmap[bitidx / BITS_PER_LONG]);
	return (word >> (bitidx % BITS_PER_LONG)) & MIGRATETYPE_MASK;
}

void ms_count_pageblocks(struct zone *zone,
			 unsigned long count[MIGRATE_TYPES])
{
	unsigned long end_pfn = zone_end_pfn(zone);
	unsigned long pfn, items = 0;
	u64 t0 = ms_hold_begin();
	int mt;

	for (mt = 0; mt < MIGRATE_TYPES; mt++)
		count[mt] = 0;
	/*
	 * No lock: each block's bits are one word read. The kernel holds
	 * zone->lock here, which only makes its sample no more exact.
	 */
	for (pfn = zone->zone_start_pfn; pfn < end_pfn;
	     pfn += pageblock_nr_pages) {
		struct page *page = pfn_to_online_page(pfn);

		if (!page || page_zone(page) != zone)
			continue;
		mt = pageblock_migratetype(pfn);
		if (mt < MIGRATE_TYPES)
			count[mt]++;
		if (++items == MS_BLOCKS_PER_RESCHED) {
			ms_hold_end(MS_LOCK_RESCHED, t0, items);
			cond_resched();
			t0 = ms_hold_begin();
			items = 0;
		}
	}
	ms_hold_end(MS_LOCK_RESCHED, t0, items);
}
