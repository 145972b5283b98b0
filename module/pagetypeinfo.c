// SPDX-License-Identifier: GPL-2.0
/*
 * memscope: pagetypeinfo, the free blocks of each zone per migratetype
 * and order, then its pageblocks per migratetype.
 *
 * It prints what /proc/pagetypeinfo prints (mm/vmstat.c,
 * pagetypeinfo_show) without the optional "mixed blocks" section, which
 * needs page_owner: on a quiet system `diff` against the kernel's file is
 * a test. Each free list is counted under zone->lock with interrupts off,
 * at most MS_FREE_COUNT_CAP entries per list (printed as ">N" when cut),
 * and the lock is dropped between lists, as the kernel does.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/seq_file.h>

#include "memscope.h"
#include "phys.h"
#include "stats.h"
#include "common/phys_format.h"

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

static void pagetypeinfo_showfree_print(struct seq_file *m,
					pg_data_t *pgdat, struct zone *zone)
{
	unsigned int order;
	int mt;

	for (mt = 0; mt < MIGRATE_TYPES; mt++) {
		seq_printf(m, MS_FMT_PAGETYPE_LINE, pgdat->node_id, zone->name,
			   ms_migratetype_names[mt]);
		for (order = 0; order < MS_NR_ORDERS; order++) {
			unsigned long count;
			u64 r0 = ms_hold_begin();
			bool capped = count_free_list(zone, order, mt, &count);

			ms_hold_end(MS_LOCK_RESCHED, r0, count);
			seq_printf(m, MS_FMT_LIST_COUNT,
				   capped ? MS_CAPPED_MARK : "", count);
			cond_resched();
		}
		seq_putc(m, '\n');
	}
}

static void pagetypeinfo_showblockcount_print(struct seq_file *m,
					      pg_data_t *pgdat,
					      struct zone *zone)
{
	unsigned long count[MIGRATE_TYPES];
	int mt;

	ms_count_pageblocks(zone, count);
	seq_printf(m, MS_FMT_ZONE_LINE, pgdat->node_id, zone->name);
	for (mt = 0; mt < MIGRATE_TYPES; mt++)
		seq_printf(m, MS_FMT_NR_BLOCKS, count[mt]);
	seq_putc(m, '\n');
}

static int pagetypeinfo_show(struct seq_file *m, void *v)
{
	pg_data_t *pgdat = v;
	unsigned int order;
	int mt;

	/* memoryless nodes print nothing, as in the kernel */
	if (!node_state(pgdat->node_id, N_MEMORY))
		return 0;

	seq_printf(m, MS_FMT_PAGEBLOCK_SIZE, pageblock_order,
		   pageblock_nr_pages);

	seq_puts(m, MS_PAGETYPE_FREE_TITLE);
	for (order = 0; order < MS_NR_ORDERS; order++)
		seq_printf(m, MS_FMT_ORDER_COLUMN, order);
	seq_putc(m, '\n');
	ms_walk_zones_in_node(m, pgdat, pagetypeinfo_showfree_print);

	seq_puts(m, MS_PAGETYPE_BLOCKS_TITLE);
	for (mt = 0; mt < MIGRATE_TYPES; mt++)
		seq_printf(m, MS_FMT_TYPE_COLUMN, ms_migratetype_names[mt]);
	seq_putc(m, '\n');
	ms_walk_zones_in_node(m, pgdat, pagetypeinfo_showblockcount_print);
	return 0;
}
MS_DEFINE_NODE_SEQ_ATTRIBUTE(pagetypeinfo);

void memscope_pagetype_init(struct dentry *root)
{
	debugfs_create_file("pagetypeinfo", 0400, root, NULL,
			    &pagetypeinfo_fops);
}
