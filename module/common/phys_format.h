/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memscope: the line formats of the physical-memory files, printed by the
 * module (seq_printf) and by memsim (fprintf) from this one header, so the
 * two cannot drift. Each is the kernel's own format (mm/vmstat.c), so a
 * diff against /proc/buddyinfo, /proc/pagetypeinfo or the files of
 * /sys/kernel/debug/extfrag/ is a test. Format strings only: each side
 * passes its own values, of the types each comment names (and the one
 * number that decides what a line says, the free-list cap).
 */
#ifndef MEMSCOPE_COMMON_PHYS_FORMAT_H
#define MEMSCOPE_COMMON_PHYS_FORMAT_H

/* A zone: node id (int), zone name (string). Alone, zoneinfo's header. */
#define MS_FMT_ZONE			"Node %d, zone %8s"
/* The zone that starts a buddyinfo, extfrag or pageblock-count line. */
#define MS_FMT_ZONE_LINE		MS_FMT_ZONE " "
/* One order's free blocks (unsigned long): buddyinfo's columns. */
#define MS_FMT_NR_FREE			"%6lu "

/*
 * pagetypeinfo, one part per node with memory: the pageblock size
 * (order unsigned int, pages unsigned long), then the free lists (a title,
 * a column per order, a line per zone and migratetype), then the
 * pageblocks (a title, a column per migratetype, a line per zone). The
 * titles are padded as the kernel's "%-43s " and "\n%-23s" pad them.
 */
#define MS_FMT_PAGEBLOCK_SIZE		"Page block order: %u\nPages per block:  %lu\n\n"
#define MS_PAGETYPE_FREE_TITLE		"Free pages count per migrate type at order  "
#define MS_FMT_ORDER_COLUMN		"%6u "
/* node id (int), zone name, migratetype name (strings) */
#define MS_FMT_PAGETYPE_LINE		"Node %4d, zone %8s, type %12s "
/*
 * One free list's length, counted to at most MS_FREE_COUNT_CAP entries (the
 * kernel's cap in pagetypeinfo_showfree_print()): MS_CAPPED_MARK where the
 * count stopped at the cap, else "" (string), then the count.
 */
#define MS_FREE_COUNT_CAP		100000
#define MS_FMT_LIST_COUNT		"%s" MS_FMT_NR_FREE
#define MS_CAPPED_MARK			">"
#define MS_PAGETYPE_BLOCKS_TITLE	"\nNumber of blocks type  "
#define MS_FMT_TYPE_COLUMN		"%12s "
/* pageblocks of one migratetype (unsigned long) */
#define MS_FMT_NR_BLOCKS		"%12lu "

/*
 * extfrag: two sections, each a title and then a line per zone of index
 * values, each printed from the pair ms_index_int(), ms_index_frac()
 * (common/frag_index.h): -1000 prints as "-1.000".
 */
#define MS_EXTFRAG_UNUSABLE_TITLE	"unusable_index\n"
#define MS_FMT_UNUSABLE_INDEX		"%d.%03d "
#define MS_EXTFRAG_FRAGMENTATION_TITLE	"extfrag_index\n"
#define MS_FMT_FRAGMENTATION_INDEX	"%2d.%03d "

#endif /* MEMSCOPE_COMMON_PHYS_FORMAT_H */
