/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memscope: what the slab view (slab.c) tells others of one SLUB cache,
 * read through the layout mirrors once they have passed their load-time
 * check; -EOPNOTSUPP before that, or when they failed it. Its one user is
 * the slab experiment (slab_experiment.c); slab.c depends on nothing of
 * it.
 */
#ifndef MEMSCOPE_SLAB_VIEW_H
#define MEMSCOPE_SLAB_VIEW_H

#include <linux/seq_buf.h>
#include <linux/slab.h>

/*
 * Append @s's geometry and counts to @sb as "key value" pairs (no
 * newline): 0 or -EOPNOTSUPP. The caller guarantees @s stays alive.
 */
int memscope_slab_describe(struct seq_buf *sb, struct kmem_cache *s);

/* @s's slab order and objects per slab (kmem_cache.oo); -EOPNOTSUPP too. */
int memscope_slab_geometry(struct kmem_cache *s, unsigned int *order,
			   unsigned int *objs);

#endif /* MEMSCOPE_SLAB_VIEW_H */
