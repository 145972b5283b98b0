// SPDX-License-Identifier: GPL-2.0
/*
 * memscope: buddyinfo, the free blocks per order of each zone.
 *
 * It prints exactly what /proc/buddyinfo prints (mm/vmstat.c,
 * frag_show_print), so a plain diff against the kernel's file is a test.
 * Like the kernel, nr_free is read without zone->lock: each counter is a
 * single word and the file is a sample, not a consistent snapshot.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/seq_file.h>

#include "memscope.h"
#include "phys.h"
#include "common/phys_format.h"

static void buddyinfo_show_print(struct seq_file *m, pg_data_t *pgdat,
				 struct zone *zone)
{
	unsigned int order;

	seq_printf(m, MS_FMT_ZONE_LINE, pgdat->node_id, zone->name);
	for (order = 0; order < MS_NR_ORDERS; order++) {
		/* lockless like /proc/buddyinfo: a word-sized sample */
		unsigned long nr_free = data_race(zone->free_area[order].nr_free);

		seq_printf(m, MS_FMT_NR_FREE, nr_free);
	}
	seq_putc(m, '\n');
}

static int buddyinfo_show(struct seq_file *m, void *v)
{
	ms_walk_zones_in_node(m, v, buddyinfo_show_print);
	return 0;
}
MS_DEFINE_NODE_SEQ_ATTRIBUTE(buddyinfo);

void memscope_buddy_init(struct dentry *root)
{
	debugfs_create_file("buddyinfo", 0400, root, NULL, &buddyinfo_fops);
}
