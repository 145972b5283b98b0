// SPDX-License-Identifier: GPL-2.0
/*
 * memscope: the buddy allocator's free areas.
 *
 * buddyinfo prints exactly what /proc/buddyinfo prints (mm/vmstat.c,
 * frag_show_print), so a plain diff against the kernel's file is a test.
 * Like the kernel, nr_free is read without zone->lock: each counter is a
 * single word and the file is a sample, not a consistent snapshot.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/mmzone.h>
#include <linux/nodemask.h>
#include <linux/seq_file.h>

#include "memscope.h"

/*
 * for_each_online_pgdat() needs first_online_pgdat(), which modules cannot
 * link against; NODE_DATA() of each online node gives the same walk.
 */
static void buddyinfo_show_zone(struct seq_file *m, int nid,
				struct zone *zone)
{
	unsigned int order;

	seq_printf(m, "Node %d, zone %8s ", nid, zone->name);
	for (order = 0; order < ARRAY_SIZE(zone->free_area); order++) {
		unsigned long nr_free;

		/* Lockless like /proc/buddyinfo: a word-sized sample. */
		nr_free = data_race(zone->free_area[order].nr_free);
		seq_printf(m, "%6lu ", nr_free);
	}
	seq_putc(m, '\n');
}

static int buddyinfo_show(struct seq_file *m, void *v)
{
	int nid;

	for_each_online_node(nid) {
		pg_data_t *pgdat = NODE_DATA(nid);
		struct zone *zone;

		for (zone = pgdat->node_zones;
		     zone < pgdat->node_zones + MAX_NR_ZONES; zone++) {
			if (!populated_zone(zone))
				continue;
			buddyinfo_show_zone(m, nid, zone);
		}
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(buddyinfo);

void memscope_buddy_init(struct dentry *root)
{
	debugfs_create_file("buddyinfo", 0400, root, NULL, &buddyinfo_fops);
}
