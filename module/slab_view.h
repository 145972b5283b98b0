/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memscope: what slab.c (the SLUB view) offers slab_probe.c (probe caches).
 */
#ifndef MEMSCOPE_SLAB_VIEW_H
#define MEMSCOPE_SLAB_VIEW_H

#include <linux/dcache.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

/* True once the layout mirrors passed their load-time check. */
bool memscope_slab_layout_ok(void);

/*
 * Print one cache's geometry and counts as "key value" pairs (no newline).
 * The caller guarantees @s stays alive. -EOPNOTSUPP if the layout check
 * failed.
 */
int memscope_slab_describe(struct seq_file *m, struct kmem_cache *s);

void memscope_slab_probe_init(struct dentry *root);
void memscope_slab_probe_exit(void);

#endif /* MEMSCOPE_SLAB_VIEW_H */
