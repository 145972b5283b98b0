/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memscope: the registry of per-process directories (procdir.c): self/,
 * pids/<PID>/, track and untrack.
 */
#ifndef MEMSCOPE_PROCDIR_H
#define MEMSCOPE_PROCDIR_H

#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/pid.h>

/*
 * The struct pid the directory of an open per-process file stands for,
 * with a reference of its own (put_pid() it): the opener's thread group
 * under self/. ERR_PTR(-EPERM) without CAP_SYS_PTRACE for a tracked
 * directory, ERR_PTR(-ENOENT) once it is untracked, ERR_PTR(-EINTR) on a
 * fatal signal.
 */
struct pid *ms_procdir_get_pid(struct file *file);

/* Creates self/, track, untrack, pids/ and tracks the pids= parameter. */
int memscope_procdir_init(struct dentry *root);
/* After the debugfs tree is removed: drops the tracked references. */
void memscope_procdir_exit(void);

#endif /* MEMSCOPE_PROCDIR_H */
