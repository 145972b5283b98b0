// SPDX-License-Identifier: GPL-2.0
/*
 * memscope: `maps`, byte for byte /proc/PID/maps (fs/proc/task_mmu.c,
 * show_map_vma), and the VMA iterator that `maps` and `vmas` share.
 *
 * The seq_file holds the mmap read lock from start() to stop() and finds
 * the next VMA from the end of the last one shown, so a buffer refill or
 * a concurrent munmap between two read() calls resumes at the right VMA
 * (what m_start()/m_next() do in task_mmu.c).
 *
 * The x86 vsyscall gate "VMA" is not in the VMA tree: the kernel appends
 * it from get_gate_vma(), which is not exported, when vsyscall_mode is not
 * NONE (a private variable). The module recomputes the mode at load time
 * from the kernel's config default and the vsyscall= boot option (read from
 * /proc/cmdline) and appends the same line. Debian's default is none.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/mm_inline.h>
#include <linux/mmap_lock.h>
#include <linux/module.h>
#include <linux/sched/mm.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <uapi/linux/magic.h>
#include <asm/vsyscall.h>

#include "compat.h"
#include "proc.h"
#include "stats.h"

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
void ms_vsyscall_init(void)
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

/* The gate's header and name, as show_map_vma() prints gate_vma. */
void ms_show_gate(struct seq_file *m, bool vmas_line)
{
	bool r = ms_vsyscall_mode == MS_VSYS_EMULATE;

	if (vmas_line) {
		seq_printf(m, "%08lx %08lx %c-xp %08x vsyscall 0 0 0 0 0 0 [vsyscall]\n",
			   VSYSCALL_ADDR, VSYSCALL_ADDR + PAGE_SIZE,
			   r ? 'r' : '-', 0);
		return;
	}
	seq_setwidth(m, 25 + sizeof(void *) * 6 - 1);
	seq_printf(m, "%08lx-%08lx %c-xp 00000000 00:00 0 ", VSYSCALL_ADDR,
		   VSYSCALL_ADDR + PAGE_SIZE, r ? 'r' : '-');
	seq_pad(m, ' ');
	seq_puts(m, "[vsyscall]\n");
}

int ms_vma_seq_open(struct inode *inode, struct file *file,
		    const struct seq_operations *ops)
{
	struct ms_vma_iter *it;

	int ret;

	it = __seq_open_private(file, ops, sizeof(*it));
	if (!it)
		return -ENOMEM;
	ret = ms_target_open(file, &it->target);
	if (ret)
		seq_release_private(inode, file);
	return ret;
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

void ms_show_vma_header(struct seq_file *m, struct vm_area_struct *vma)
{
	vm_flags_t flags = vma->vm_flags;
	unsigned long long pgoff = 0;
	unsigned long ino = 0;
	dev_t dev = 0;

	if (vma->vm_file) {
		const struct inode *inode = file_inode(vma->vm_file);

		dev = inode->i_sb->s_dev;
		ino = inode->i_ino;
		pgoff = ((loff_t)vma->vm_pgoff) << PAGE_SHIFT;
	}
	/* The kernel pads the name to this column (show_vma_header_prefix). */
	seq_setwidth(m, 25 + sizeof(void *) * 6 - 1);
	seq_printf(m, "%08lx-%08lx %c%c%c%c %08llx %02x:%02x ",
		   vma->vm_start, vma->vm_end,
		   flags & VM_READ ? 'r' : '-',
		   flags & VM_WRITE ? 'w' : '-',
		   flags & VM_EXEC ? 'x' : '-',
		   flags & VM_MAYSHARE ? 's' : 'p',
		   pgoff, MAJOR(dev), MINOR(dev));
	seq_put_decimal_ull(m, "", ino);
	seq_putc(m, ' ');
}

/* The name of a VMA without a file, as show_map_vma() picks it, or NULL. */
static const char *ms_vma_special_name(struct vm_area_struct *vma)
{
	const char *name;

	/* [vdso], [vvar] (special mappings), hugetlb/driver names. */
	if (vma->vm_ops && vma->vm_ops->name) {
		name = vma->vm_ops->name(vma);
		if (name)
			return name;
	}
	/* arch_vma_name() returns NULL on x86_64. */
	if (ms_vma_is_initial_heap(vma))
		return "[heap]";
	if (ms_vma_is_initial_stack(vma))
		return "[stack]";
	return NULL;
}

void ms_show_vma_name(struct seq_file *m, struct vm_area_struct *vma)
{
	struct anon_vma_name *anon_name = ms_vma_anon_name(vma);
	const char *name;

	if (vma->vm_file) {
		seq_pad(m, ' ');
		if (anon_name)
			seq_printf(m, "[anon_shmem:%s]", anon_name->name);
		else
			seq_path(m, ms_file_user_path(vma->vm_file), "\n");
		goto out;
	}
	name = ms_vma_special_name(vma);
	if (name) {
		seq_pad(m, ' ');
		seq_puts(m, name);
		goto out;
	}
	if (anon_name) {
		seq_pad(m, ' ');
		seq_printf(m, "[anon:%s]", anon_name->name);
	}
out:
	seq_putc(m, '\n');
}

static int maps_show(struct seq_file *m, void *v)
{
	struct vm_area_struct *vma = v;

	if (v == MS_GATE) {
		ms_show_gate(m, false);
		return 0;
	}
	ms_show_vma_header(m, vma);
	ms_show_vma_name(m, vma);
	return 0;
}

static const struct seq_operations maps_sops = {
	.start = ms_vma_seq_start,
	.next = ms_vma_seq_next,
	.stop = ms_vma_seq_stop,
	.show = maps_show,
};

static int maps_open(struct inode *inode, struct file *file)
{
	return ms_vma_seq_open(inode, file, &maps_sops);
}

const struct file_operations ms_maps_fops = {
	.owner = THIS_MODULE,
	.open = maps_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = ms_vma_seq_release,
};

/*
 * `vmas` kinds. The ELF segments are told apart with the mm's segment
 * bounds: text is [start_code, end_code), data [start_data, end_data);
 * bss is the anonymous private mapping that follows the data end up to
 * the heap start (the loader's zero-fill of .bss); other mappings of the
 * executable are text (read-only: headers, rodata) or data (writable);
 * heap, stack, vdso, vvar come from the maps naming rules; shm is a shared
 * mapping of a shmem (tmpfs, SysV, shared anonymous) file.
 */
static bool ms_vma_is_exe(struct vm_area_struct *vma)
{
	struct file *exe;
	bool same;

	rcu_read_lock();
	exe = rcu_dereference(vma->vm_mm->exe_file);
	same = exe && file_inode(exe) == file_inode(vma->vm_file);
	rcu_read_unlock();
	return same;
}

const char *ms_vma_kind(struct vm_area_struct *vma)
{
	struct mm_struct *mm = vma->vm_mm;
	const char *name;

	if (vma->vm_file) {
		if (vma->vm_start < mm->end_code && vma->vm_end > mm->start_code)
			return "text";
		if (vma->vm_start < mm->end_data && vma->vm_end > mm->start_data)
			return "data";
		if (vma->vm_flags & VM_SHARED &&
		    file_inode(vma->vm_file)->i_sb->s_magic == TMPFS_MAGIC)
			return "shm";
		if (ms_vma_is_exe(vma))
			return vma->vm_flags & VM_WRITE ? "data" : "text";
		return "mmap-file";
	}
	if (ms_vma_is_initial_heap(vma))
		return "heap";
	if (ms_vma_is_initial_stack(vma))
		return "stack";
	name = ms_vma_special_name(vma);
	if (name) {
		if (!strcmp(name, "[vdso]"))
			return "vdso";
		if (!strcmp(name, "[vvar]") || !strcmp(name, "[vvar_vclock]"))
			return "vvar";
		if (!strcmp(name, "[vsyscall]"))
			return "vsyscall";
		return "other";
	}
	if (vma->vm_flags & (VM_PFNMAP | VM_IO))
		return "other";
	/* The loader maps .bss right after the file-backed data, below brk. */
	if (vma->vm_start >= mm->end_data && vma->vm_start < mm->start_brk &&
	    vma->vm_start <= PAGE_ALIGN(mm->end_data) + PAGE_SIZE)
		return "bss";
	if (vma->vm_start < mm->end_data && vma->vm_end > mm->start_data)
		return "data";
	if (vma->vm_flags & VM_SHARED)
		return "shm";
	return "mmap-anon";
}

bool ms_vma_is_gate(void *v)
{
	return v == MS_GATE;
}
