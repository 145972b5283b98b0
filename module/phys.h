/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memscope: the physical-memory layer (phys.c), how every physical file
 * walks the machine and what they share: online nodes one at a time as
 * seq_file records, the populated zones of a node (or of all of them)
 * through a print callback, the step form of the same walk for a cursor
 * that must resume between reads, and the buddy orders, migratetype names
 * and pageblock counts the files print. The shape is mm/vmstat.c's
 * (frag_start/frag_next/frag_stop, walk_zones_in_node), rebuilt from
 * what modules can link against.
 */
#ifndef MEMSCOPE_PHYS_H
#define MEMSCOPE_PHYS_H

#include <linux/mmzone.h>
#include <linux/seq_file.h>

/*
 * Number of buddy orders (11 on x86_64), from the array itself: 6.1
 * sizes it MAX_ORDER, 6.12 NR_PAGE_ORDERS, and 6.4-6.7 MAX_ORDER + 1.
 */
#define MS_NR_ORDERS \
	(sizeof_field(struct zone, free_area) / sizeof(struct free_area))

/* migratetype_names[] is not exported; same table, same config tests. */
extern const char * const ms_migratetype_names[MIGRATE_TYPES];

/*
 * Calls PRINT for each populated zone of PGDAT, in zone order. No lock is
 * taken around PRINT: each file samples under zone->lock what it must
 * (its opening comment says what), and prints outside it.
 */
typedef void (*ms_zone_print_t)(struct seq_file *m, pg_data_t *pgdat,
				struct zone *zone);
void ms_walk_zones_in_node(struct seq_file *m, pg_data_t *pgdat,
			   ms_zone_print_t print);
/* The same for every online node, in node order. */
void ms_walk_zones(struct seq_file *m, ms_zone_print_t print);

/*
 * The same walk one step at a time, across nodes, for a cursor that keeps
 * its place between reads: the populated zone after ZONE (the first one
 * for NULL), or NULL after the last: for_each_populated_zone()'s step,
 * whose next_zone() modules cannot link against.
 */
struct zone *ms_next_populated_zone(struct zone *zone);

/*
 * seq_operations over the online nodes, one record (its pg_data_t) each,
 * as the kernel's frag_start/frag_next/frag_stop.
 * MS_DEFINE_NODE_SEQ_ATTRIBUTE(name) makes name_fops from name_show().
 */
void *ms_node_seq_start(struct seq_file *m, loff_t *pos);
void *ms_node_seq_next(struct seq_file *m, void *v, loff_t *pos);
void ms_node_seq_stop(struct seq_file *m, void *v);

#define MS_DEFINE_NODE_SEQ_ATTRIBUTE(__name)				\
static const struct seq_operations __name ## _sops = {			\
	.start	= ms_node_seq_start,					\
	.next	= ms_node_seq_next,					\
	.stop	= ms_node_seq_stop,					\
	.show	= __name ## _show,					\
};									\
DEFINE_SEQ_ATTRIBUTE(__name)

/* Pageblocks of ZONE per migratetype, as /proc/pagetypeinfo counts them. */
void ms_count_pageblocks(struct zone *zone,
			 unsigned long count[MIGRATE_TYPES]);

#endif /* MEMSCOPE_PHYS_H */
