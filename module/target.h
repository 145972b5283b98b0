/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memscope: whose memory a per-process file shows. A target is a struct
 * pid reference taken at open (see procdir.h for how a file names one);
 * the task and its mm are looked up at every read, so a process that has
 * exited reads as -ESRCH and a recycled PID number is never confused
 * with the old process.
 */
#ifndef MEMSCOPE_TARGET_H
#define MEMSCOPE_TARGET_H

#include <linux/fs.h>
#include <linux/mm_types.h>
#include <linux/pid.h>
#include <linux/seq_file.h>

/*
 * The process a file describes. Every open takes its own reference on
 * the struct pid (self/: the opener's thread group), so the file stays
 * valid after untrack.
 */
struct ms_target {
	struct pid *pid;
};

/* -ENOENT: the directory was untracked; -EPERM; -EINTR: a fatal signal. */
int ms_target_open(struct file *file, struct ms_target *t);
void ms_target_release(struct ms_target *t);
/*
 * The target's mm with a reference (mmput() it), or ERR_PTR(-ESRCH) when
 * the process has exited or has no user address space any more.
 */
struct mm_struct *ms_target_mm(const struct ms_target *t);
/*
 * The same with mmap_lock held for read (mmap_read_unlock() then mmput()),
 * or ERR_PTR(-EINTR) when a fatal signal ended the wait for the lock.
 */
struct mm_struct *ms_target_mm_locked(const struct ms_target *t);

/* single_open() files whose m->private is a struct ms_target. */
int ms_single_target_open(struct inode *inode, struct file *file,
			  int (*show)(struct seq_file *, void *));
int ms_single_target_release(struct inode *inode, struct file *file);
/*
 * __seq_open_private() files whose private struct, of size bytes, begins
 * with a struct ms_target; the release puts it (ms_target_release()).
 */
int ms_seq_target_open(struct inode *inode, struct file *file,
		       const struct seq_operations *ops, size_t size);

#endif /* MEMSCOPE_TARGET_H */
