/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memscope: what slab.c (the SLUB view) offers slab_probe.c (probe caches).
 */
#ifndef MEMSCOPE_SLAB_VIEW_H
#define MEMSCOPE_SLAB_VIEW_H

#include <linux/dcache.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

/*
 * Print one cache's geometry and counts as "key value" pairs (no newline).
 * The caller guarantees @s stays alive. -EOPNOTSUPP if the layout check
 * failed.
 */
int memscope_slab_describe(struct seq_file *m, struct kmem_cache *s);

/* @s's slab order and objects per slab (kmem_cache.oo); -EOPNOTSUPP too. */
int memscope_slab_geometry(struct kmem_cache *s, unsigned int *order,
			   unsigned int *objs);

/*
 * For routing the `experiment` file's "slab ..." lines here: run one
 * command line ("slab SIZE ALIGN COUNT [FLAGS]" or "slab free"; 0 or
 * -errno as slab_experiment's write), and get the line slab_experiment
 * reads (kmalloc'd, NUL-terminated, for kfree; NULL on failure).
 */
struct ms_cmd;
/* A parsed "slab ..." command (parse.h), as slab_experiment runs it. */
int memscope_slab_probe_command(struct ms_cmd *cmd);
char *memscope_slab_probe_report(void);

void memscope_slab_probe_init(struct dentry *root);
void memscope_slab_probe_exit(void);

#endif /* MEMSCOPE_SLAB_VIEW_H */
