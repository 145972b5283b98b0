// SPDX-License-Identifier: GPL-2.0
/*
 * memscope: extfrag, the external fragmentation indices of each zone per
 * order.
 *
 * Two sections, "unusable_index" and "extfrag_index", each line
 * byte-identical to the kernel's /sys/kernel/debug/extfrag files
 * (mm/vmstat.c, CONFIG_COMPACTION). The maths is common/frag_index.h,
 * shared with memsim. Like the kernel, the free counts of a zone are read
 * under zone->lock (eleven words, a bounded hold), so each line is computed
 * from one consistent sample; the line is printed after the lock is
 * dropped.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include <linux/spinlock.h>

#include "memscope.h"
#include "phys.h"
#include "stats.h"
#include "common/frag_index.h"
#include "common/phys_format.h"

static void sample_nr_free(struct zone *zone, u64 *nr_free)
{
	unsigned long flags;
	unsigned int order;
	u64 t0;

	spin_lock_irqsave(&zone->lock, flags);
	t0 = ms_hold_begin();
	for (order = 0; order < MS_NR_ORDERS; order++)
		nr_free[order] = zone->free_area[order].nr_free;
	ms_hold_end(MS_LOCK_ZONE, t0, MS_NR_ORDERS);
	spin_unlock_irqrestore(&zone->lock, flags);
}

static void show_indices(struct seq_file *m, pg_data_t *pgdat,
			 struct zone *zone, bool unusable)
{
	struct ms_contig_info info;
	u64 nr_free[MS_NR_ORDERS];
	unsigned int order;
	int index;

	sample_nr_free(zone, nr_free);
	seq_printf(m, MS_FMT_ZONE_LINE, pgdat->node_id, zone->name);
	for (order = 0; order < MS_NR_ORDERS; order++) {
		ms_fill_contig_info(nr_free, MS_NR_ORDERS, order, &info);
		if (unusable) {
			index = ms_unusable_index(order, &info);
			seq_printf(m, MS_FMT_UNUSABLE_INDEX,
				   ms_index_int(index), ms_index_frac(index));
		} else {
			index = ms_fragmentation_index(order, MS_NR_ORDERS,
						       &info);
			seq_printf(m, MS_FMT_FRAGMENTATION_INDEX,
				   ms_index_int(index), ms_index_frac(index));
		}
	}
	seq_putc(m, '\n');
}

static void unusable_show_print(struct seq_file *m, pg_data_t *pgdat,
				struct zone *zone)
{
	/* the kernel's unusable_index skips memoryless nodes */
	if (node_state(pgdat->node_id, N_MEMORY))
		show_indices(m, pgdat, zone, true);
}

static void extfrag_show_print(struct seq_file *m, pg_data_t *pgdat,
			       struct zone *zone)
{
	show_indices(m, pgdat, zone, false);
}

/* One file, two sections: each walks every zone of every node. */
static int extfrag_show(struct seq_file *m, void *v)
{
	seq_puts(m, MS_EXTFRAG_UNUSABLE_TITLE);
	ms_walk_zones(m, unusable_show_print);
	seq_puts(m, MS_EXTFRAG_FRAGMENTATION_TITLE);
	ms_walk_zones(m, extfrag_show_print);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(extfrag);

void memscope_extfrag_init(struct dentry *root)
{
	debugfs_create_file("extfrag", 0400, root, NULL, &extfrag_fops);
}
