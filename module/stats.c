// SPDX-License-Identifier: GPL-2.0
/*
 * memscope: accounting of memscope's own lock holds and allocations,
 * shown in debugfs `stats` (see stats.h).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/debugfs.h>
#include <linux/mm.h>
#include <linux/seq_file.h>

#include "memscope.h"
#include "stats.h"

static const char *const lock_names[MS_NR_LOCK_KINDS] = {
	[MS_LOCK_MMAP] = "mmap_lock",
	[MS_LOCK_ZONE] = "zone_lock",
	[MS_LOCK_SLAB_LIST] = "slab_list_lock",
	[MS_LOCK_SLAB_MUTEX] = "slab_mutex",
	[MS_LOCK_RESCHED] = "no_resched",
};

static atomic64_t max_ns[MS_NR_LOCK_KINDS];
static atomic64_t max_items[MS_NR_LOCK_KINDS];
static atomic64_t holds[MS_NR_LOCK_KINDS];
static atomic_long_t live_allocs;

static void raise_max(atomic64_t *max, s64 v)
{
	s64 old = atomic64_read(max);

	while (v > old) {
		s64 seen = atomic64_cmpxchg(max, old, v);

		if (seen == old)
			break;
		old = seen;
	}
}

void ms_hold_end(enum ms_lock_kind kind, u64 begin, unsigned long items)
{
	raise_max(&max_ns[kind], ktime_get_ns() - begin);
	raise_max(&max_items[kind], items);
	atomic64_inc(&holds[kind]);
}

void *ms_kzalloc(size_t size, gfp_t gfp)
{
	void *p = kzalloc(size, gfp);

	if (p)
		atomic_long_inc(&live_allocs);
	return p;
}

void *ms_kvzalloc(size_t size, gfp_t gfp)
{
	void *p = kvzalloc(size, gfp);

	if (p)
		atomic_long_inc(&live_allocs);
	return p;
}

void ms_kfree(const void *p)
{
	if (p)
		atomic_long_dec(&live_allocs);
	kfree(p);
}

void ms_kvfree(const void *p)
{
	if (p)
		atomic_long_dec(&live_allocs);
	kvfree(p);
}

static int stats_show(struct seq_file *m, void *v)
{
	int k;

	for (k = 0; k < MS_NR_LOCK_KINDS; k++)
		seq_printf(m, "%s holds %lld max_ns %lld max_items %lld\n",
			   lock_names[k], atomic64_read(&holds[k]),
			   atomic64_read(&max_ns[k]),
			   atomic64_read(&max_items[k]));
	seq_printf(m, "live_allocations %ld\n", atomic_long_read(&live_allocs));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(stats);

int memscope_stats_init(struct dentry *root)
{
	debugfs_create_file("stats", 0400, root, NULL, &stats_fops);
	return 0;
}
