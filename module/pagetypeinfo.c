// SPDX-License-Identifier: GPL-2.0
/*
 * memscope: free blocks per migratetype and pageblocks per migratetype.
 *
 * pagetypeinfo prints what /proc/pagetypeinfo prints (mm/vmstat.c,
 * pagetypeinfo_show) without the optional "mixed blocks" section, which
 * needs page_owner: on a quiet system `diff` against the kernel's file is
 * a test. Each free list is counted under zone->lock with interrupts off,
 * at most MS_FREE_COUNT_CAP entries per list (printed as ">N" when cut),
 * and the lock is dropped between lists, as the kernel does.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/memory_hotplug.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/seq_file.h>

#include "memscope.h"
#include "phys.h"
#include "stats.h"

/* The kernel's own cap in pagetypeinfo_showfree_print(). */
#define MS_FREE_COUNT_CAP	100000
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
		mt = ms_pageblock_migratetype(pfn);
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

/* Count one free list, capped; returns true if the cap cut it short. */
static bool count_free_list(struct zone *zone, unsigned int order, int mt,
			    unsigned long *countp)
{
	struct list_head *head = &zone->free_area[order].free_list[mt];
	struct list_head *pos;
	unsigned long flags, count = 0;
	bool capped = false;
	u64 t0;

	spin_lock_irqsave(&zone->lock, flags);
	t0 = ms_hold_begin();
	list_for_each(pos, head) {
		if (++count >= MS_FREE_COUNT_CAP) {
			capped = true;
			break;
		}
	}
	ms_hold_end(MS_LOCK_ZONE, t0, count);
	spin_unlock_irqrestore(&zone->lock, flags);
	*countp = count;
	return capped;
}

static void show_free_zone(struct seq_file *m, int nid, struct zone *zone)
{
	unsigned int order;
	int mt;

	for (mt = 0; mt < MIGRATE_TYPES; mt++) {
		seq_printf(m, "Node %4d, zone %8s, type %12s ", nid,
			   zone->name, ms_migratetype_names[mt]);
		for (order = 0; order < MS_NR_ORDERS; order++) {
			unsigned long count;
			u64 r0 = ms_hold_begin();
			bool capped = count_free_list(zone, order, mt, &count);

			ms_hold_end(MS_LOCK_RESCHED, r0, count);
			seq_printf(m, "%s%6lu ", capped ? ">" : "", count);
			cond_resched();
		}
		seq_putc(m, '\n');
	}
}

static void show_blocks_zone(struct seq_file *m, int nid, struct zone *zone)
{
	unsigned long count[MIGRATE_TYPES];
	int mt;

	ms_count_pageblocks(zone, count);
	seq_printf(m, "Node %d, zone %8s ", nid, zone->name);
	for (mt = 0; mt < MIGRATE_TYPES; mt++)
		seq_printf(m, "%12lu ", count[mt]);
	seq_putc(m, '\n');
}

static void show_node_zones(struct seq_file *m, int nid,
			    void (*show)(struct seq_file *, int,
					 struct zone *))
{
	pg_data_t *pgdat = NODE_DATA(nid);
	struct zone *zone;

	for (zone = pgdat->node_zones;
	     zone < pgdat->node_zones + MAX_NR_ZONES; zone++)
		if (populated_zone(zone))
			show(m, nid, zone);
}

/* One record per online node, like the kernel's frag_start/frag_next. */
static void *node_seq_start(struct seq_file *m, loff_t *pos)
{
	loff_t n = *pos;
	int nid;

	for_each_online_node(nid)
		if (n-- == 0)
			return (void *)(long)(nid + 1);
	return NULL;
}

static void *node_seq_next(struct seq_file *m, void *v, loff_t *pos)
{
	int nid = next_online_node((int)(long)v - 1);

	++*pos;
	return nid < MAX_NUMNODES ? (void *)(long)(nid + 1) : NULL;
}

static void node_seq_stop(struct seq_file *m, void *v)
{
}

static int pagetypeinfo_show(struct seq_file *m, void *v)
{
	int nid = (int)(long)v - 1;
	unsigned int order;
	int mt;

	/* memoryless nodes print nothing, as in the kernel */
	if (!node_state(nid, N_MEMORY))
		return 0;

	seq_printf(m, "Page block order: %d\n", pageblock_order);
	seq_printf(m, "Pages per block:  %lu\n", pageblock_nr_pages);
	seq_putc(m, '\n');

	seq_printf(m, "%-43s ", "Free pages count per migrate type at order");
	for (order = 0; order < MS_NR_ORDERS; order++)
		seq_printf(m, "%6d ", order);
	seq_putc(m, '\n');
	show_node_zones(m, nid, show_free_zone);

	seq_printf(m, "\n%-23s", "Number of blocks type ");
	for (mt = 0; mt < MIGRATE_TYPES; mt++)
		seq_printf(m, "%12s ", ms_migratetype_names[mt]);
	seq_putc(m, '\n');
	show_node_zones(m, nid, show_blocks_zone);
	return 0;
}

static const struct seq_operations pagetypeinfo_sops = {
	.start	= node_seq_start,
	.next	= node_seq_next,
	.stop	= node_seq_stop,
	.show	= pagetypeinfo_show,
};
DEFINE_SEQ_ATTRIBUTE(pagetypeinfo);

void memscope_pagetype_init(struct dentry *root)
{
	debugfs_create_file("pagetypeinfo", 0400, root, NULL,
			    &pagetypeinfo_fops);
}
