// SPDX-License-Identifier: GPL-2.0
/*
 * memscope: the registry of per-process directories (see procdir.h).
 *
 * self/ describes whoever reads it. Writing a PID to `track` creates
 * pids/<PID>/ holding a reference on that PID's struct pid (never on the
 * task), writing it to `untrack` removes the directory. Every file looks
 * the task and its mm up at read time, so a process that has exited reads
 * as -ESRCH and a recycled PID number is never confused with the old one.
 *
 * No lock is held across a wait for readers. The per-process files are
 * created "unsafe" (debugfs does not count their users, so removing them
 * never waits for a read, which a userfaultfd-backed buffer can stall for
 * ever): each open takes its own struct pid reference, looked up under
 * tracked_lock by the file's directory, and owns it until release. So
 * untrack unlinks the entry under the lock and removes the directory
 * after dropping it; an open that loses that race gets -ENOENT. Every
 * wait for tracked_lock is killable.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/err.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/threads.h>

#include "access.h"
#include "parse.h"
#include "proc.h"
#include "procdir.h"
#include "stats.h"

static unsigned int max_tracked = 64;
module_param(max_tracked, uint, 0444);
MODULE_PARM_DESC(max_tracked, "most pids/<PID>/ directories at once (default 64)");
/*
 * pids=P1,P2,...: tracked at load. Under lockdown debugfs refuses to open
 * `track` (a writable file), and module parameters still work.
 */
static int load_pids[16];
static int nr_load_pids;
module_param_array_named(pids, load_pids, int, &nr_load_pids, 0444);
MODULE_PARM_DESC(pids, "PIDs to track at load, comma-separated (at most 16)");

struct ms_tracked {
	struct list_head node;
	struct pid *pid;
	pid_t nr;
	struct dentry *dir;
};

static LIST_HEAD(tracked);
static unsigned int nr_tracked;
static DEFINE_MUTEX(tracked_lock);
static struct dentry *pids_dir;

struct pid *ms_procdir_get_pid(struct file *file)
{
	/* Held by the open file: a debugfs dentry is never renamed. */
	struct dentry *dir = file->f_path.dentry->d_parent;
	struct ms_tracked *e;
	struct pid *pid = NULL;

	if (!file_inode(file)->i_private)
		return get_task_pid(current, PIDTYPE_TGID);	/* self/ */
	/* Another process's layout: CAP_SYS_PTRACE (access.h). */
	if (ms_may_open(file, MS_NEED_PTRACE))
		return ERR_PTR(-EPERM);
	/*
	 * i_private may point to a struct pid that untrack has already
	 * put: the reference is taken from the tracked entry, found by its
	 * directory (still allocated: our dentry pins its parent).
	 */
	if (mutex_lock_killable(&tracked_lock))
		return ERR_PTR(-EINTR);
	list_for_each_entry(e, &tracked, node) {
		if (e->dir == dir) {
			pid = get_pid(e->pid);
			break;
		}
	}
	mutex_unlock(&tracked_lock);
	return pid ? pid : ERR_PTR(-ENOENT);
}

/* Unsafe: removal must not wait for readers (see the top comment). */
static void ms_create_files(struct dentry *dir, void *data)
{
	debugfs_create_file_unsafe("maps", 0400, dir, data, &ms_maps_fops);
	debugfs_create_file_unsafe("vmas", 0400, dir, data, &ms_vmas_fops);
	debugfs_create_file_unsafe("mm", 0400, dir, data, &ms_mm_fops);
	debugfs_create_file_unsafe("pagetable", 0400, dir, data,
				   &ms_pagetable_fops);
	debugfs_create_file_unsafe("pages", 0400, dir, data, &ms_pages_fops);
	debugfs_create_file_unsafe("translate", 0600, dir, data,
				   &ms_translate_fops);
}

/*
 * A PID written by the user, by parse.h's rule (one number). -EINVAL for
 * anything else or zero, -ERANGE above PID_MAX_LIMIT.
 */
static int ms_parse_pid(const char __user *ubuf, size_t len, pid_t *nr)
{
	struct ms_cmd c;
	u64 v;
	int ret;

	ret = ms_cmd_from_user(&c, ubuf, len);
	if (ret)
		return ret;
	if (c.nwords != 1)
		return -EINVAL;
	ret = ms_parse_number(c.word[0], PID_MAX_LIMIT, &v);
	if (ret)
		return ret;
	if (v == 0)
		return -EINVAL;
	*nr = v;
	return 0;
}

static struct ms_tracked *ms_find_tracked(pid_t nr)
{
	struct ms_tracked *e;

	list_for_each_entry(e, &tracked, node)
		if (e->nr == nr)
			return e;
	return NULL;
}

/*
 * Track the process NR: create pids/NR/. 0 or -errno (ESRCH: no such
 * process; EINVAL: a kernel thread; EBUSY: tracked already, or still
 * being removed; E2BIG: max_tracked reached; EINTR: a fatal signal).
 */
static int ms_track(pid_t nr)
{
	struct task_struct *task;
	struct ms_tracked *e;
	struct pid *pid;
	char name[16];
	bool kthread;
	int ret;

	pid = find_get_pid(nr);
	if (!pid)
		return -ESRCH;
	task = get_pid_task(pid, PIDTYPE_PID);
	if (!task) {
		ret = -ESRCH;
		goto out_pid;
	}
	kthread = task->flags & PF_KTHREAD;
	put_task_struct(task);
	if (kthread) {
		/* No user address space to show. */
		ret = -EINVAL;
		goto out_pid;
	}

	if (mutex_lock_killable(&tracked_lock)) {
		ret = -EINTR;
		goto out_pid;
	}
	if (ms_find_tracked(nr)) {
		ret = -EBUSY;
		goto out_unlock;
	}
	if (nr_tracked >= max_tracked) {
		ret = -E2BIG;
		goto out_unlock;
	}
	e = ms_kzalloc(sizeof(*e), GFP_KERNEL);
	if (!e) {
		ret = -ENOMEM;
		goto out_unlock;
	}
	snprintf(name, sizeof(name), "%d", nr);
	e->dir = debugfs_create_dir(name, pids_dir);
	if (IS_ERR(e->dir)) {
		/* -EEXIST: an untrack of the same PID is still removing it. */
		ret = PTR_ERR(e->dir) == -EEXIST ? -EBUSY : PTR_ERR(e->dir);
		ms_kfree(e);
		goto out_unlock;
	}
	e->pid = pid;
	e->nr = nr;
	ms_create_files(e->dir, pid);
	list_add_tail(&e->node, &tracked);
	nr_tracked++;
	mutex_unlock(&tracked_lock);
	return 0;

out_unlock:
	mutex_unlock(&tracked_lock);
out_pid:
	put_pid(pid);
	return ret;
}

static ssize_t track_write(struct file *file, const char __user *ubuf,
			   size_t len, loff_t *ppos)
{
	pid_t nr;
	int ret;

	ret = ms_may_write(file, MS_NEED_PTRACE);
	if (!ret)
		ret = ms_parse_pid(ubuf, len, &nr);
	if (!ret)
		ret = ms_track(nr);
	return ret ? ret : len;
}

static ssize_t untrack_write(struct file *file, const char __user *ubuf,
			     size_t len, loff_t *ppos)
{
	struct ms_tracked *e;
	pid_t nr;
	int ret;

	ret = ms_may_write(file, MS_NEED_PTRACE);
	if (!ret)
		ret = ms_parse_pid(ubuf, len, &nr);
	if (ret)
		return ret;
	if (mutex_lock_killable(&tracked_lock))
		return -EINTR;
	e = ms_find_tracked(nr);
	if (e) {
		list_del(&e->node);
		nr_tracked--;
	}
	mutex_unlock(&tracked_lock);
	/* Not tracked: no such tracked process. */
	if (!e)
		return -ESRCH;
	/*
	 * Outside the lock; waits only for opens in progress (short: they
	 * wait at most for tracked_lock), never for reads. Open files keep
	 * their own struct pid references.
	 */
	debugfs_remove(e->dir);
	put_pid(e->pid);
	ms_kfree(e);
	return len;
}

/* Choosing whose layout to show: CAP_SYS_PTRACE (access.h). */
static int track_open(struct inode *inode, struct file *file)
{
	int ret = ms_may_open(file, MS_NEED_PTRACE);

	return ret ? ret : simple_open(inode, file);
}

static const struct file_operations track_fops = {
	.owner = THIS_MODULE,
	.open = track_open,
	.write = track_write,
};

static const struct file_operations untrack_fops = {
	.owner = THIS_MODULE,
	.open = track_open,
	.write = untrack_write,
};

int memscope_procdir_init(struct dentry *root)
{
	struct dentry *self = debugfs_create_dir("self", root);
	int i, ret;

	ms_create_files(self, NULL);
	debugfs_create_file("track", 0200, root, NULL, &track_fops);
	debugfs_create_file("untrack", 0200, root, NULL, &untrack_fops);
	pids_dir = debugfs_create_dir("pids", root);
	/* Whoever loads the module may track anything (CAP_SYS_MODULE). */
	for (i = 0; i < nr_load_pids; i++) {
		ret = ms_track(load_pids[i]);
		if (ret) {
			pr_err("pids=: cannot track %d (%d)\n", load_pids[i],
			       ret);
			memscope_procdir_exit();
			return ret;
		}
	}
	return 0;
}

/*
 * After debugfs_remove_recursive() (or a failed init): only the
 * references are left.
 */
void memscope_procdir_exit(void)
{
	struct ms_tracked *e, *tmp;

	mutex_lock(&tracked_lock);
	list_for_each_entry_safe(e, tmp, &tracked, node) {
		list_del(&e->node);
		put_pid(e->pid);
		ms_kfree(e);
	}
	nr_tracked = 0;
	mutex_unlock(&tracked_lock);
}
