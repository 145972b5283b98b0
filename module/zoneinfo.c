// SPDX-License-Identifier: GPL-2.0
/*
 * memscope: zoneinfo, the numbers that size a zone and decide when it
 * reclaims.
 *
 * One block per populated zone: "Node N, zone NAME", then indented
 * "key value" lines. Values are what /proc/zoneinfo prints for the same
 * keys (min/low/high include watermark_boost, as there); "pageblocks"
 * and "nr_free" repeat pagetypeinfo's and buddyinfo's numbers so a
 * reader (or memsim) finds a zone's whole shape in one place.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/mm.h>
#include <linux/seq_file.h>
#include <linux/vmstat.h>

#include "memscope.h"
#include "phys.h"
#include "common/phys_format.h"

static void zoneinfo_show_print(struct seq_file *m, pg_data_t *pgdat,
				struct zone *zone)
{
	unsigned long blocks[MIGRATE_TYPES];
	unsigned int order;
	int mt;

	seq_printf(m, MS_FMT_ZONE "\n", pgdat->node_id, zone->name);
	seq_printf(m, "  start_pfn  %lu\n", zone->zone_start_pfn);
	seq_printf(m, "  spanned    %lu\n", zone->spanned_pages);
	seq_printf(m, "  present    %lu\n", zone->present_pages);
	seq_printf(m, "  managed    %lu\n", zone_managed_pages(zone));
	seq_printf(m, "  free       %lu\n",
		   zone_page_state(zone, NR_FREE_PAGES));
	seq_printf(m, "  boost      %lu\n", zone->watermark_boost);
	seq_printf(m, "  min        %lu\n", min_wmark_pages(zone));
	seq_printf(m, "  low        %lu\n", low_wmark_pages(zone));
	seq_printf(m, "  high       %lu\n", high_wmark_pages(zone));

	ms_count_pageblocks(zone, blocks);
	seq_puts(m, "  pageblocks");
	for (mt = 0; mt < MIGRATE_TYPES; mt++)
		seq_printf(m, " %s %lu", ms_migratetype_names[mt], blocks[mt]);
	seq_putc(m, '\n');

	seq_puts(m, "  nr_free   ");
	for (order = 0; order < MS_NR_ORDERS; order++) {
		/* lockless like /proc/buddyinfo: a word-sized sample */
		unsigned long nr_free = data_race(zone->free_area[order].nr_free);

		seq_printf(m, " %lu", nr_free);
	}
	seq_putc(m, '\n');
}

static int zoneinfo_show(struct seq_file *m, void *v)
{
	ms_walk_zones_in_node(m, v, zoneinfo_show_print);
	return 0;
}
MS_DEFINE_NODE_SEQ_ATTRIBUTE(zoneinfo);

void memscope_zoneinfo_init(struct dentry *root)
{
	debugfs_create_file("zoneinfo", 0400, root, NULL, &zoneinfo_fops);
}
