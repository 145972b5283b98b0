// SPDX-License-Identifier: GPL-2.0
/*
 * memscope: the experiment budget (budget.h) and its file `budget`:
 * "limit_kb L held_kb H experiment_kb E slab_experiment_kb S".
 */
#include <linux/debugfs.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "budget.h"
#include "memscope.h"

static unsigned long experiment_max_kb = 16384;
module_param(experiment_max_kb, ulong, 0444);
MODULE_PARM_DESC(experiment_max_kb,
		 "most memory experiment and slab_experiment may hold together, in kB (16384)");

static DEFINE_SPINLOCK(ms_budget_lock);	/* protects ms_budget_held */
static unsigned long ms_budget_held[MS_BUDGET_NR];	/* bytes */

static unsigned long ms_budget_total(void)
{
	unsigned long sum = 0;
	int i;

	for (i = 0; i < MS_BUDGET_NR; i++)
		sum += ms_budget_held[i];
	return sum;
}

int ms_budget_charge(enum ms_budget_owner who, unsigned long bytes)
{
	unsigned long limit = experiment_max_kb, held;
	int ret = -E2BIG;

	/* the limit in bytes, saturating instead of wrapping */
	limit = limit > ULONG_MAX >> 10 ? ULONG_MAX : limit << 10;
	spin_lock(&ms_budget_lock);
	held = ms_budget_total();
	if (bytes <= limit && held <= limit - bytes) {
		ms_budget_held[who] += bytes;
		ret = 0;
	}
	spin_unlock(&ms_budget_lock);
	return ret;
}

void ms_budget_uncharge(enum ms_budget_owner who, unsigned long bytes)
{
	spin_lock(&ms_budget_lock);
	if (WARN_ON_ONCE(bytes > ms_budget_held[who]))
		bytes = ms_budget_held[who];
	ms_budget_held[who] -= bytes;
	spin_unlock(&ms_budget_lock);
}

unsigned long ms_budget_alloc_bytes(size_t size)
{
	if (size <= KMALLOC_MAX_CACHE_SIZE)
		return kmalloc_size_roundup(size);
	/* a large kmalloc, or vmalloc's pages: never more than this */
	return PAGE_SIZE << get_order(size);
}

static int budget_show(struct seq_file *m, void *v)
{
	unsigned long held[MS_BUDGET_NR];

	spin_lock(&ms_budget_lock);
	memcpy(held, ms_budget_held, sizeof(held));
	spin_unlock(&ms_budget_lock);
	seq_printf(m, "limit_kb %lu held_kb %lu experiment_kb %lu slab_experiment_kb %lu\n",
		   experiment_max_kb,
		   DIV_ROUND_UP(held[MS_BUDGET_EXPERIMENT] + held[MS_BUDGET_SLAB], 1024),
		   DIV_ROUND_UP(held[MS_BUDGET_EXPERIMENT], 1024),
		   DIV_ROUND_UP(held[MS_BUDGET_SLAB], 1024));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(budget);

void memscope_budget_init(struct dentry *root)
{
	debugfs_create_file("budget", 0400, root, NULL, &budget_fops);
}
