// SPDX-License-Identifier: GPL-2.0
/*
 * memscope: whose memory a per-process file shows (see target.h): the
 * struct pid an open file holds, and from it the task and its mm at read
 * time.
 */
#include <linux/err.h>
#include <linux/mmap_lock.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/sched/task.h>
#include <linux/slab.h>

#include "procdir.h"
#include "stats.h"
#include "target.h"

int ms_target_open(struct file *file, struct ms_target *t)
{
	struct pid *pid = ms_procdir_get_pid(file);

	if (IS_ERR(pid)) {
		t->pid = NULL;
		return PTR_ERR(pid);
	}
	t->pid = pid;
	return 0;
}

void ms_target_release(struct ms_target *t)
{
	put_pid(t->pid);
	t->pid = NULL;
}

struct mm_struct *ms_target_mm(const struct ms_target *t)
{
	struct task_struct *task;
	struct mm_struct *mm;

	task = get_pid_task(t->pid, PIDTYPE_PID);
	/* NULL for kernel threads and for a task past exit_mm(). */
	mm = task ? get_task_mm(task) : NULL;
	if (task)
		put_task_struct(task);
	/*
	 * The group leader may have exited while other threads run on
	 * (a zombie leader has no mm): a thread of that group reading its
	 * own files is answered with its own mm, which is the group's.
	 */
	if (!mm && t->pid == task_tgid(current))
		mm = get_task_mm(current);
	return mm ? mm : ERR_PTR(-ESRCH);
}

struct mm_struct *ms_target_mm_locked(const struct ms_target *t)
{
	struct mm_struct *mm = ms_target_mm(t);

	if (IS_ERR(mm))
		return mm;
	if (mmap_read_lock_killable(mm)) {
		mmput(mm);
		return ERR_PTR(-EINTR);
	}
	return mm;
}

int ms_single_target_open(struct inode *inode, struct file *file,
			  int (*show)(struct seq_file *, void *))
{
	struct ms_target *t = ms_kzalloc(sizeof(*t), GFP_KERNEL);
	int ret;

	if (!t)
		return -ENOMEM;
	ret = ms_target_open(file, t);
	if (ret) {
		ms_kfree(t);
		return ret;
	}
	ret = single_open(file, show, t);
	if (ret) {
		ms_target_release(t);
		ms_kfree(t);
	}
	return ret;
}

int ms_single_target_release(struct inode *inode, struct file *file)
{
	struct seq_file *m = file->private_data;
	struct ms_target *t = m->private;

	ms_target_release(t);
	ms_kfree(t);
	return single_release(inode, file);
}

int ms_seq_target_open(struct inode *inode, struct file *file,
		       const struct seq_operations *ops, size_t size)
{
	struct ms_target *t = __seq_open_private(file, ops, size);
	int ret;

	if (!t)
		return -ENOMEM;
	ret = ms_target_open(file, t);
	if (ret)
		seq_release_private(inode, file);
	return ret;
}
