/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memscope: the slab experiment's one control path (slab_experiment.c),
 * for the file that forwards its commands: `experiment` runs its
 * "slab ..." lines here and answers with what `slab_experiment` reads.
 */
#ifndef MEMSCOPE_SLAB_EXPERIMENT_H
#define MEMSCOPE_SLAB_EXPERIMENT_H

#include <linux/types.h>

struct ms_cmd;

/* Room for the longest line slab_experiment reads, newline included. */
#define MS_SLAB_EXPERIMENT_LINE	512

/*
 * Run one parsed command (parse.h), "slab SIZE ALIGN COUNT [FLAGS]" or
 * "slab free", as a write to slab_experiment does, and on success put the
 * line slab_experiment then reads in @buf (@size bytes, not terminated):
 * its length, or -errno as the write answers (a refused command changes
 * nothing).
 */
int ms_slab_experiment_command(struct ms_cmd *cmd, char *buf, size_t size);

#endif /* MEMSCOPE_SLAB_EXPERIMENT_H */
