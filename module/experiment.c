// SPDX-License-Identifier: GPL-2.0
/*
 * memscope: real, bounded page allocations to watch the buddy allocator.
 *
 * Write one command to "experiment" (0600):
 *   alloc ORDER COUNT [unmovable|movable|reclaimable]
 *                     COUNT blocks of 2^ORDER pages (default unmovable)
 *   free all          return every block memscope holds
 *   free PFN          return the block that starts at PFN (decimal, or
 *                     hex with 0x)
 *   slab ...          a command of the slab experiment, run there
 *                     (slab_experiment.h) and answered with what
 *                     slab_experiment then reads
 * then read the answer on the same open file: for alloc, one line per
 * block "node zone type order pfn" (pfn decimal); for free, "freed
 * BLOCKS blocks PAGES pages". Reading without a write lists the blocks
 * held. Answers are per open file, so two users never see each other's.
 *
 * Allocations use __GFP_NOWARN, never __GFP_NOFAIL, and are charged to
 * the experiment budget (budget.h) before any is made: each block's pages
 * and its bookkeeping. A failed command changes nothing: a partial
 * allocation is given back before the error returns.
 * Errors: -EINVAL malformed, -ERANGE order or count out of range, -E2BIG
 * over the budget, -ENOMEM allocation failed, -EINTR a fatal signal
 * arrived while allocating; "free PFN" of a block memscope does not hold
 * is -EINVAL.
 * Everything still held is freed on unload.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ctype.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/gfp.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "access.h"
#include "budget.h"
#include "memscope.h"
#include "parse.h"
#include "phys.h"
#include "slab_experiment.h"
#include "stats.h"

struct exp_block {
	struct list_head list;
	struct page *page;
	unsigned int order;
	int type;	/* index into exp_types */
};

/* The allocation's migratetype follows from its gfp flags. */
static const char * const exp_type_names[] = {
	"unmovable", "movable", "reclaimable",
};

static const gfp_t exp_type_gfp[] = {
	GFP_KERNEL, GFP_HIGHUSER_MOVABLE, GFP_KERNEL | __GFP_RECLAIMABLE,
};

static DEFINE_MUTEX(exp_lock);		/* protects exp_held, exp_pages */
static LIST_HEAD(exp_held);
static unsigned long exp_pages;

/* The answer of the last command on one open file. */
struct exp_answer {
	struct mutex lock;	/* threads sharing the file; taken before exp_lock */
	char *buf;
	size_t len;
};

/* What one block of @order holds: its pages and its exp_block. */
static unsigned long exp_block_bytes(unsigned int order)
{
	return (PAGE_SIZE << order) +
	       ms_budget_alloc_bytes(sizeof(struct exp_block));
}

static void exp_free_block(struct exp_block *b)
{
	list_del(&b->list);
	exp_pages -= 1UL << b->order;
	ms_budget_uncharge(MS_BUDGET_EXPERIMENT, exp_block_bytes(b->order));
	__free_pages(b->page, b->order);
	ms_kfree(b);
}

static int exp_print_block(char *buf, size_t size, struct exp_block *b)
{
	struct page *page = b->page;

	return scnprintf(buf, size, "%d %s %s %u %lu\n", page_to_nid(page),
			 page_zone(page)->name, exp_type_names[b->type],
			 b->order, page_to_pfn(page));
}

/* Per-line room: node, zone, type, order, pfn and separators. */
#define EXP_LINE_MAX	64

static int exp_answer_blocks(struct exp_answer *ans, struct list_head *from,
			     unsigned long count)
{
	struct exp_block *b;
	size_t size = count * EXP_LINE_MAX + 1;

	ms_kvfree(ans->buf);
	ans->len = 0;
	ans->buf = ms_kvzalloc(size, GFP_KERNEL);
	if (!ans->buf)
		return -ENOMEM;
	list_for_each_entry(b, from, list)
		ans->len += exp_print_block(ans->buf + ans->len,
					    size - ans->len, b);
	return 0;
}

static int exp_alloc(struct exp_answer *ans, unsigned int order,
		     unsigned long count, int type)
{
	unsigned long per_block, i;
	struct exp_block *b, *tmp;
	LIST_HEAD(new);
	int ret;

	if (order >= MS_NR_ORDERS || !count)
		return -ERANGE;
	per_block = exp_block_bytes(order);
	if (count > ULONG_MAX / per_block)
		return -E2BIG;
	/* The whole command is charged up front; each freed block gives back its own. */
	ret = ms_budget_charge(MS_BUDGET_EXPERIMENT, count * per_block);
	if (ret)
		return ret;

	for (i = 0; i < count; i++) {
		/* a request may take long under pressure: a kill ends it */
		if (fatal_signal_pending(current)) {
			ret = -EINTR;
			goto undo;
		}
		b = ms_kzalloc(sizeof(*b), GFP_KERNEL);
		if (!b)
			goto fail;
		b->page = alloc_pages(exp_type_gfp[type] | __GFP_NOWARN,
				      order);
		if (!b->page) {
			ms_kfree(b);
			goto fail;
		}
		b->order = order;
		b->type = type;
		list_add_tail(&b->list, &new);
		exp_pages += 1UL << order;
	}
	ret = exp_answer_blocks(ans, &new, count);
	if (ret)
		goto undo;
	list_splice_tail(&new, &exp_held);
	return 0;

fail:
	ret = -ENOMEM;
undo:
	list_for_each_entry_safe(b, tmp, &new, list)
		exp_free_block(b);
	/* the blocks never made */
	ms_budget_uncharge(MS_BUDGET_EXPERIMENT, (count - i) * per_block);
	return ret;
}

static int exp_free(struct exp_answer *ans, bool all, unsigned long pfn)
{
	unsigned long blocks = 0, pages = 0;
	struct exp_block *b, *tmp;

	list_for_each_entry_safe(b, tmp, &exp_held, list) {
		if (!all && page_to_pfn(b->page) != pfn)
			continue;
		blocks++;
		pages += 1UL << b->order;
		exp_free_block(b);
		if (!all)
			break;
	}
	if (!all && !blocks)
		return -EINVAL;	/* not a block memscope holds */
	ms_kvfree(ans->buf);
	ans->len = 0;
	ans->buf = ms_kvzalloc(EXP_LINE_MAX, GFP_KERNEL);
	if (ans->buf)
		ans->len = scnprintf(ans->buf, EXP_LINE_MAX,
				     "freed %lu blocks %lu pages\n",
				     blocks, pages);
	return 0;
}

/*
 * "slab ..." lines are the slab experiment's (slab_experiment.h): run
 * there, answered with what slab_experiment then reads. A refused command
 * keeps the previous answer, as the other commands do.
 */
static int exp_slab_command(struct exp_answer *ans, struct ms_cmd *cmd)
{
	char *buf = ms_kvzalloc(MS_SLAB_EXPERIMENT_LINE, GFP_KERNEL);
	int len;

	if (!buf)
		return -ENOMEM;
	len = ms_slab_experiment_command(cmd, buf, MS_SLAB_EXPERIMENT_LINE);
	if (len < 0) {
		ms_kvfree(buf);
		return len;
	}
	ms_kvfree(ans->buf);
	ans->buf = buf;
	ans->len = len;
	return 0;
}

/* Run one parsed command (parse.h); the caller holds exp_lock. */
static int exp_command(struct exp_answer *ans, struct ms_cmd *cmd)
{
	const char *verb = cmd->word[0];
	u64 order, count, pfn;
	int type = 0, ret;

	if (!strcmp(verb, "slab"))
		return exp_slab_command(ans, cmd);
	if (!strcmp(verb, "alloc")) {
		if (cmd->nwords != 3 && cmd->nwords != 4)
			return -EINVAL;
		ret = ms_parse_number(cmd->word[1], UINT_MAX, &order);
		if (!ret)
			ret = ms_parse_number(cmd->word[2], ULONG_MAX, &count);
		if (ret)
			return ret;
		if (cmd->nwords == 4) {
			type = match_string(exp_type_names,
					    ARRAY_SIZE(exp_type_names),
					    cmd->word[3]);
			if (type < 0)
				return -EINVAL;
		}
		return exp_alloc(ans, order, count, type);
	}
	if (!strcmp(verb, "free")) {
		if (cmd->nwords != 2)
			return -EINVAL;
		if (!strcmp(cmd->word[1], "all"))
			return exp_free(ans, true, 0);
		ret = ms_parse_number(cmd->word[1], ULONG_MAX, &pfn);
		if (ret)
			return ret;
		return exp_free(ans, false, pfn);
	}
	return -EINVAL;
}

static int exp_open(struct inode *inode, struct file *file)
{
	struct exp_answer *ans;
	int ret;

	/* Allocations and PFNs: CAP_SYS_ADMIN (access.h). */
	ret = ms_may_open(file, MS_NEED_PHYS);
	if (ret)
		return ret;
	ans = ms_kzalloc(sizeof(*ans), GFP_KERNEL);
	if (!ans)
		return -ENOMEM;
	mutex_init(&ans->lock);
	file->private_data = ans;
	return 0;
}

static int exp_release(struct inode *inode, struct file *file)
{
	struct exp_answer *ans = file->private_data;

	ms_kvfree(ans->buf);
	ms_kfree(ans);
	return 0;
}

static ssize_t exp_write(struct file *file, const char __user *ubuf,
			 size_t len, loff_t *ppos)
{
	struct exp_answer *ans = file->private_data;
	struct ms_cmd cmd;
	int ret;

	ret = ms_may_write(file, MS_NEED_PHYS);
	if (!ret)
		ret = ms_cmd_from_user(&cmd, ubuf, len);
	if (ret)
		return ret;

	/* ans->lock is held across copies to user (read): killable. */
	if (mutex_lock_killable(&ans->lock))
		return -EINTR;
	if (mutex_lock_killable(&exp_lock)) {
		mutex_unlock(&ans->lock);
		return -EINTR;
	}
	ret = exp_command(ans, &cmd);
	mutex_unlock(&exp_lock);
	mutex_unlock(&ans->lock);
	/* a new answer is read from its start */
	*ppos = 0;
	return ret ? ret : len;
}

static ssize_t exp_read(struct file *file, char __user *ubuf, size_t len,
			loff_t *ppos)
{
	struct exp_answer *ans = file->private_data;
	ssize_t ret = 0;

	if (mutex_lock_killable(&ans->lock))
		return -EINTR;
	if (!ans->buf) {
		/* no command yet: list what is held */
		struct exp_block *b;
		unsigned long n = 0;

		if (mutex_lock_killable(&exp_lock)) {
			mutex_unlock(&ans->lock);
			return -EINTR;
		}
		list_for_each_entry(b, &exp_held, list)
			n++;
		ret = exp_answer_blocks(ans, &exp_held, n);
		mutex_unlock(&exp_lock);
	}
	if (!ret)
		ret = simple_read_from_buffer(ubuf, len, ppos, ans->buf,
					      ans->len);
	mutex_unlock(&ans->lock);
	return ret;
}

static const struct file_operations experiment_fops = {
	.owner		= THIS_MODULE,
	.open		= exp_open,
	.release	= exp_release,
	.read		= exp_read,
	.write		= exp_write,
	.llseek		= default_llseek,
};

void memscope_experiment_init(struct dentry *root)
{
	debugfs_create_file("experiment", 0600, root, NULL, &experiment_fops);
}

/* After the debugfs tree is gone, nobody can write: give everything back. */
void memscope_experiment_exit(void)
{
	struct exp_block *b, *tmp;

	mutex_lock(&exp_lock);
	if (exp_pages)
		pr_info("experiment: freeing %lu pages still held\n",
			exp_pages);
	list_for_each_entry_safe(b, tmp, &exp_held, list)
		exp_free_block(b);
	mutex_unlock(&exp_lock);
}
