// SPDX-License-Identifier: GPL-2.0
/*
 * memscope: freeblocks, every free block of the buddy allocator, in list
 * order.
 *
 * One line per free block, "node zone migratetype order pfn" (pfn in
 * decimal), lists in the order node, zone, migratetype, order, each
 * list from its head: the block __rmqueue_smallest() would hand out next
 * comes first. This is the snapshot memsim starts from.
 *
 * The output can be large (every free block of the machine), so it is a
 * seq_file iterator over blocks, never one buffer. Its cursor holds the
 * zone it is in and steps through zones as the physical layer walks them
 * (ms_next_populated_zone(), phys.h), so it keeps its place between
 * reads. A free list is copied under zone->lock with interrupts off at
 * most FB_BATCH entries at a time; the lock is dropped between batches.
 * A long list is resumed after the last block copied, if that block is
 * still free, of the same order, in the same zone and still linked to
 * the same list; otherwise the list changed while the lock was dropped
 * and the rest of it is skipped with a "# cut:" line saying where. The
 * last line ("# end:") counts blocks and lock holds and gives the longest
 * hold, so the bound can be checked.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "access.h"
#include "memscope.h"
#include "phys.h"
#include "stats.h"

/* Entries copied per zone->lock hold. */
#define FB_BATCH	1024

struct fb_iter {
	/* the list being copied, and where to resume in it */
	struct zone *zone;	/* NULL when every list is done */
	int mt;
	unsigned int order;
	bool resume;
	unsigned long last_pfn;
	unsigned long done_in_list;

	/* the current batch: records base .. base + nrec - 1 */
	loff_t base;
	unsigned int npfn;
	unsigned int nrec;	/* npfn, + 1 for a cut or end line */
	bool valid;
	bool cut;
	bool ended;		/* the batch is the "# end:" line */
	bool end_sent;		/* ... which comes once */
	int b_nid;
	const char *b_zone;
	int b_mt;
	unsigned int b_order;
	unsigned long b_done;	/* list entries emitted before the cut */

	/* totals for the end line */
	unsigned long blocks;
	unsigned long holds;
	u64 max_hold_ns;

	unsigned long pfn[FB_BATCH];
	char cut_rec, end_rec;	/* addresses used as record tokens */
};

static void fb_reset(struct fb_iter *it)
{
	it->zone = ms_next_populated_zone(NULL);
	it->mt = 0;
	it->order = 0;
	it->resume = false;
	it->done_in_list = 0;
	it->valid = false;
	it->end_sent = false;
	it->blocks = 0;
	it->holds = 0;
	it->max_hold_ns = 0;
}

static void fb_next_list(struct fb_iter *it)
{
	it->resume = false;
	it->done_in_list = 0;
	if (++it->order < MS_NR_ORDERS)
		return;
	it->order = 0;
	if (++it->mt < MIGRATE_TYPES)
		return;
	it->mt = 0;
	it->zone = ms_next_populated_zone(it->zone);
}

/* Is POS one of ZONE's list heads (so not a free page)? */
static bool is_list_head(struct zone *zone, struct list_head *pos)
{
	return (void *)pos >= (void *)zone->free_area &&
	       (void *)pos < (void *)(zone->free_area + MS_NR_ORDERS);
}

/* Copy the next batch of the current list under one lock hold. */
static void fb_copy_batch(struct fb_iter *it)
{
	struct zone *zone = it->zone;
	struct list_head *head = &zone->free_area[it->order].free_list[it->mt];
	struct list_head *pos = head;
	unsigned long flags;
	bool finished = false;
	u64 t0, held;

	it->npfn = 0;
	it->cut = false;
	it->b_nid = zone->zone_pgdat->node_id;
	it->b_zone = zone->name;
	it->b_mt = it->mt;
	it->b_order = it->order;

	spin_lock_irqsave(&zone->lock, flags);
	t0 = ms_hold_begin();
	if (it->resume) {
		struct page *page = pfn_to_page(it->last_pfn);

		/* buddy_order() (mm/internal.h) is page_private() */
		if (!PageBuddy(page) || page_private(page) != it->order ||
		    page_zone(page) != zone)
			it->cut = true;
		else
			pos = &page->buddy_list;
	}
	if (!it->cut) {
		for (pos = pos->next; pos != head; pos = pos->next) {
			if (is_list_head(zone, pos)) {
				/* the resume block moved to another list */
				it->cut = true;
				it->npfn = 0;
				break;
			}
			if (it->npfn == FB_BATCH)
				break;
			it->pfn[it->npfn++] =
				page_to_pfn(list_entry(pos, struct page,
						       buddy_list));
		}
		finished = pos == head;
	}
	held = ktime_get_ns() - t0;
	ms_hold_end(MS_LOCK_ZONE, t0, it->npfn);
	spin_unlock_irqrestore(&zone->lock, flags);

	it->holds++;
	if (held > it->max_hold_ns)
		it->max_hold_ns = held;
	it->blocks += it->npfn;
	it->done_in_list += it->npfn;
	it->b_done = it->done_in_list;
	if (it->cut || finished) {
		fb_next_list(it);
	} else {
		it->resume = true;
		it->last_pfn = it->pfn[it->npfn - 1];
	}
}

/* Fill the batch that starts at record BASE; false at the very end. */
static bool fb_refill(struct fb_iter *it, loff_t base)
{
	u64 r0;

	it->base = base;
	it->valid = true;
	it->ended = false;
	while (it->zone) {
		cond_resched();
		r0 = ms_hold_begin();
		fb_copy_batch(it);
		ms_hold_end(MS_LOCK_RESCHED, r0, it->npfn);
		it->nrec = it->npfn + it->cut;
		if (it->nrec)
			return true;
	}
	if (!it->end_sent) {
		/* one "# end:" record, then nothing */
		it->end_sent = true;
		it->npfn = 0;
		it->nrec = 1;
		it->ended = true;
		return true;
	}
	it->nrec = 0;
	return false;
}

static void *fb_record(struct fb_iter *it, loff_t pos)
{
	unsigned int i = pos - it->base;

	if (i < it->npfn)
		return &it->pfn[i];
	return it->ended ? &it->end_rec : &it->cut_rec;
}

static void *fb_start(struct seq_file *m, loff_t *pos)
{
	struct fb_iter *it = m->private;

	if (*pos == 0) {
		fb_reset(it);
		return SEQ_START_TOKEN;
	}
	if (!it->valid)
		return NULL;
	if (*pos >= it->base && *pos < it->base + it->nrec)
		return fb_record(it, *pos);
	if (*pos == it->base + it->nrec && fb_refill(it, *pos))
		return fb_record(it, *pos);
	return NULL;
}

static void *fb_next(struct seq_file *m, void *v, loff_t *pos)
{
	struct fb_iter *it = m->private;

	++*pos;
	if (v == SEQ_START_TOKEN)
		return fb_refill(it, *pos) ? fb_record(it, *pos) : NULL;
	if (*pos < it->base + it->nrec)
		return fb_record(it, *pos);
	return fb_refill(it, *pos) ? fb_record(it, *pos) : NULL;
}

static void fb_stop(struct seq_file *m, void *v)
{
}

static int fb_show(struct seq_file *m, void *v)
{
	struct fb_iter *it = m->private;

	if (v == SEQ_START_TOKEN)
		seq_puts(m, "# node zone migratetype order pfn\n");
	else if (v == &it->cut_rec)
		seq_printf(m, "# cut: node %d zone %s type %s order %u after %lu blocks: list changed while unlocked\n",
			   it->b_nid, it->b_zone,
			   ms_migratetype_names[it->b_mt], it->b_order,
			   it->b_done);
	else if (v == &it->end_rec)
		seq_printf(m, "# end: %lu blocks, %lu zone->lock holds of at most %d entries, longest hold %llu ns\n",
			   it->blocks, it->holds, FB_BATCH,
			   (unsigned long long)it->max_hold_ns);
	else
		seq_printf(m, "%d %s %s %u %lu\n", it->b_nid, it->b_zone,
			   ms_migratetype_names[it->b_mt], it->b_order,
			   *(unsigned long *)v);
	return 0;
}

static const struct seq_operations fb_sops = {
	.start	= fb_start,
	.next	= fb_next,
	.stop	= fb_stop,
	.show	= fb_show,
};

static int fb_open(struct inode *inode, struct file *file)
{
	struct fb_iter *it;
	int ret;

	/* Every free PFN: CAP_SYS_ADMIN, as /proc/kpageflags (access.h). */
	ret = ms_may_open(file, MS_NEED_PHYS);
	if (ret)
		return ret;
	it = __seq_open_private(file, &fb_sops, sizeof(*it));
	if (!it)
		return -ENOMEM;
	fb_reset(it);
	return 0;
}

static const struct file_operations freeblocks_fops = {
	.owner		= THIS_MODULE,
	.open		= fb_open,
	.read		= seq_read,
	.llseek		= seq_lseek,
	.release	= seq_release_private,
};

void memscope_freeblocks_init(struct dentry *root)
{
	debugfs_create_file("freeblocks", 0400, root, NULL,
			    &freeblocks_fops);
}
