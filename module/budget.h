/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memscope: one memory budget for everything the experiment files hold
 * (experiment's page blocks, slab_experiment's probe cache), counted as
 * the memory it really takes: whole blocks, whole slabs at the cache's
 * real geometry (debug flags and per-object metadata included), and the
 * bookkeeping kmalloc'd for them. Charged before allocating; a charge
 * over the limit (module parameter experiment_max_kb) is -E2BIG.
 */
#ifndef MEMSCOPE_BUDGET_H
#define MEMSCOPE_BUDGET_H

#include <linux/dcache.h>
#include <linux/types.h>

enum ms_budget_owner {
	MS_BUDGET_EXPERIMENT,
	MS_BUDGET_SLAB,
	MS_BUDGET_NR,
};

/* Reserve @bytes for @who: 0, or -E2BIG (nothing reserved). */
int ms_budget_charge(enum ms_budget_owner who, unsigned long bytes);
void ms_budget_uncharge(enum ms_budget_owner who, unsigned long bytes);

/* What kmalloc()/kvmalloc() of @size really takes (its bucket or pages). */
unsigned long ms_budget_alloc_bytes(size_t size);

void memscope_budget_init(struct dentry *root);

#endif /* MEMSCOPE_BUDGET_H */
