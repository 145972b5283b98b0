// SPDX-License-Identifier: GPL-2.0
/*
 * memscope: external fragmentation indices per zone and order.
 *
 * Two sections, "unusable_index" and "extfrag_index", each line
 * byte-identical to the kernel's /sys/kernel/debug/extfrag files
 * (mm/vmstat.c, CONFIG_COMPACTION). The maths is common/frag_index.h,
 * shared with memsim. Like the kernel, the free counts of a zone are read
 * under zone->lock (eleven words, a bounded hold), so each line is computed
 * from one consistent sample.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include <linux/spinlock.h>

#include "memscope.h"
#include "phys.h"
#include "stats.h"
#include "common/frag_index.h"

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

static void show_section(struct seq_file *m, bool unusable)
{
	struct ms_contig_info info;
	u64 nr_free[MS_NR_ORDERS];
	struct zone *zone;
	unsigned int order;
	int nid, index;

	seq_puts(m, unusable ? "unusable_index\n" : "extfrag_index\n");
	for (zone = ms_next_populated_zone(&nid, NULL); zone;
	     zone = ms_next_populated_zone(&nid, zone)) {
		/* the kernel's unusable_index skips memoryless nodes */
		if (unusable && !node_state(nid, N_MEMORY))
			continue;
		sample_nr_free(zone, nr_free);
		seq_printf(m, "Node %d, zone %8s ", nid, zone->name);
		for (order = 0; order < MS_NR_ORDERS; order++) {
			ms_fill_contig_info(nr_free, MS_NR_ORDERS, order, &info);
			if (unusable) {
				index = ms_unusable_index(order, &info);
				seq_printf(m, "%d.%03d ", ms_index_int(index),
					   ms_index_frac(index));
			} else {
				index = ms_fragmentation_index(order,
							       MS_NR_ORDERS,
							       &info);
				seq_printf(m, "%2d.%03d ", ms_index_int(index),
					   ms_index_frac(index));
			}
		}
		seq_putc(m, '\n');
	}
}

static int extfrag_show(struct seq_file *m, void *v)
{
	show_section(m, true);
	show_section(m, false);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(extfrag);

void memscope_extfrag_init(struct dentry *root)
{
	debugfs_create_file("extfrag", 0400, root, NULL, &extfrag_fops);
}
