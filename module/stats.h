/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memscope's own accounting: the longest time and the most items it ever
 * handled under each lock it takes, and its live allocations. The stress
 * suite reads these (debugfs `stats`) to check the bounds the design
 * claims: work under a lock is capped by item count, so the item maxima
 * are asserted; times are reported for people.
 */
#ifndef MEMSCOPE_STATS_H
#define MEMSCOPE_STATS_H

#include <linux/ktime.h>
#include <linux/slab.h>
#include <linux/types.h>

enum ms_lock_kind {
	MS_LOCK_MMAP,		/* mmap_lock (read) of a target process */
	MS_LOCK_ZONE,		/* zone->lock, IRQs off */
	MS_LOCK_SLAB_LIST,	/* kmem_cache_node->list_lock, IRQs off */
	MS_LOCK_SLAB_MUTEX,	/* slab_mutex */
	MS_LOCK_RESCHED,	/* a stretch of work without cond_resched() */
	MS_NR_LOCK_KINDS
};

/* Start of one lock hold; pass to ms_hold_end() with the items handled. */
static inline u64 ms_hold_begin(void)
{
	return ktime_get_ns();
}

void ms_hold_end(enum ms_lock_kind kind, u64 begin, unsigned long items);

/* Allocation wrappers that keep a live count for the leak check. */
void *ms_kzalloc(size_t size, gfp_t gfp);
void *ms_kvzalloc(size_t size, gfp_t gfp);
void ms_kfree(const void *p);
void ms_kvfree(const void *p);

#endif /* MEMSCOPE_STATS_H */
