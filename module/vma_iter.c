// SPDX-License-Identifier: GPL-2.0
/*
 * memscope: the VMA iterator that `maps` and `vmas` share (see
 * vma_iter.h).
 *
 * The seq_file holds the mmap read lock from start() to stop() and finds
 * the next VMA from the end of the last one shown, so a buffer refill or
 * a concurrent munmap between two read() calls resumes at the right VMA
 * (what m_start()/m_next() do in fs/proc/task_mmu.c).
 *
 * The x86 vsyscall gate "VMA" is not in the VMA tree: the kernel appends
 * it from get_gate_vma(), which is not exported, when vsyscall_mode is not
 * NONE (a private variable). The module recomputes the mode at load time
 * from the kernel's config default and the vsyscall= boot option (read from
 * /proc/cmdline) and appends the gate as the last item. Debian's default
 * is none.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/build_bug.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/mmap_lock.h>
#include <linux/sched/mm.h>
#include <linux/seq_file.h>
#include <linux/string.h>

#include "compat.h"
#include "stats.h"
#include "target.h"
#include "vma_iter.h"

enum { MS_VSYS_NONE, MS_VSYS_XONLY, MS_VSYS_EMULATE };
static int ms_vsyscall_mode = MS_VSYS_NONE;
/* The iterator's token for the gate "VMA", after the last real one. */
static char ms_gate_token;
#define MS_GATE			((void *)&ms_gate_token)
#define MS_AFTER_GATE		1UL	/* no VMA ends there */

static int ms_vsyscall_default(void)
{
#if !defined(CONFIG_X86_VSYSCALL_EMULATION) || defined(CONFIG_LEGACY_VSYSCALL_NONE)
	return MS_VSYS_NONE;
#elif defined(CONFIG_LEGACY_VSYSCALL_XONLY)
	return MS_VSYS_XONLY;
#else
	return MS_VSYS_EMULATE;
#endif
}

static const char ms_cmdline_delims[] = { ' ', '\n', '\0' };

/* vsyscall_setup() (arch/x86/entry/vsyscall): the last valid value wins. */
void ms_vma_iter_init(void)
{
	char *buf, *p, *tok;
	struct file *f;
	loff_t pos = 0;
	ssize_t n;

	ms_vsyscall_mode = ms_vsyscall_default();
#ifdef CONFIG_X86_VSYSCALL_EMULATION
	buf = ms_kzalloc(PAGE_SIZE, GFP_KERNEL);
	if (!buf)
		return;
	f = filp_open("/proc/cmdline", O_RDONLY, 0);
	if (IS_ERR(f)) {
		pr_warn("no /proc/cmdline: assuming the default vsyscall mode\n");
		ms_kfree(buf);
		return;
	}
	n = kernel_read(f, buf, PAGE_SIZE - 1, &pos);
	filp_close(f, NULL);
	p = buf;
	while (n > 0 && (tok = strsep(&p, ms_cmdline_delims))) {
		if (strncmp(tok, "vsyscall=", 9))
			continue;
		if (!strcmp(tok + 9, "emulate"))
			ms_vsyscall_mode = MS_VSYS_EMULATE;
		else if (!strcmp(tok + 9, "xonly"))
			ms_vsyscall_mode = MS_VSYS_XONLY;
		else if (!strcmp(tok + 9, "none"))
			ms_vsyscall_mode = MS_VSYS_NONE;
	}
	ms_kfree(buf);
#endif
}

/* get_gate_vma(mm) != NULL */
static bool ms_has_gate(struct mm_struct *mm)
{
	if (ms_vsyscall_mode == MS_VSYS_NONE)
		return false;
#ifdef CONFIG_COMPAT
	return ms_mm_context_has_vsyscall(mm);
#else
	return true;
#endif
}

bool ms_vma_is_gate(void *v)
{
	return v == MS_GATE;
}

bool ms_gate_readable(void)
{
	return ms_vsyscall_mode == MS_VSYS_EMULATE;
}

int ms_vma_seq_open(struct inode *inode, struct file *file,
		    const struct seq_operations *ops)
{
	BUILD_BUG_ON(offsetof(struct ms_vma_iter, target) != 0);
	return ms_seq_target_open(inode, file, ops, sizeof(struct ms_vma_iter));
}

int ms_vma_seq_release(struct inode *inode, struct file *file)
{
	struct seq_file *m = file->private_data;
	struct ms_vma_iter *it = m->private;

	if (it->pinned)
		mmdrop(it->pinned);
	ms_target_release(&it->target);
	return seq_release_private(inode, file);
}

static struct vm_area_struct *ms_vma_from(struct mm_struct *mm,
					  unsigned long addr)
{
	VMA_ITERATOR(vmi, mm, addr);

	return vma_next(&vmi);
}

/* The VMA at or after addr, else the gate (once), else NULL. */
static void *ms_vma_or_gate(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma;

	if (addr == MS_AFTER_GATE)
		return NULL;
	vma = ms_vma_from(mm, addr);
	if (vma)
		return vma;
	return ms_has_gate(mm) ? MS_GATE : NULL;
}

static unsigned long ms_vma_next_addr(void *v)
{
	return v == MS_GATE ? MS_AFTER_GATE :
	       ((struct vm_area_struct *)v)->vm_end;
}

void *ms_vma_seq_start(struct seq_file *m, loff_t *pos)
{
	struct ms_vma_iter *it = m->private;
	struct mm_struct *mm;
	void *v;
	loff_t n;

	/*
	 * One mm for the life of the file, fixed at the first read, as
	 * /proc/PID/maps fixes it at open: once that mm has no users (the
	 * target exec'd or exited) the file reads as EOF, never as the
	 * old image followed by the new one.
	 */
	if (!it->pinned) {
		mm = ms_target_mm(&it->target);
		if (IS_ERR(mm))
			return mm;
		mmgrab(mm);
		it->pinned = mm;
	} else if (mmget_not_zero(it->pinned)) {
		mm = it->pinned;
	} else {
		return NULL;
	}
	if (mmap_read_lock_killable(mm)) {
		mmput(mm);
		return ERR_PTR(-EINTR);
	}
	it->mm = mm;
	it->hold_start = ms_hold_begin();
	it->items = 0;

	if (*pos == 0 || *pos != it->next_pos) {
		/* From the start, or after an lseek: count VMAs from 0. */
		for (n = 0, v = ms_vma_or_gate(mm, 0); v && n < *pos; n++)
			v = ms_vma_or_gate(mm, ms_vma_next_addr(v));
		return v;
	}
	return ms_vma_or_gate(mm, it->next_addr);
}

void *ms_vma_seq_next(struct seq_file *m, void *v, loff_t *pos)
{
	struct ms_vma_iter *it = m->private;

	++*pos;
	it->items++;
	it->next_addr = ms_vma_next_addr(v);
	it->next_pos = *pos;
	return ms_vma_or_gate(it->mm, it->next_addr);
}

void ms_vma_seq_stop(struct seq_file *m, void *v)
{
	struct ms_vma_iter *it = m->private;

	if (!it->mm)
		return;
	ms_hold_end(MS_LOCK_MMAP, it->hold_start, it->items);
	mmap_read_unlock(it->mm);
	mmput(it->mm);
	it->mm = NULL;
}
