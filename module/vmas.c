// SPDX-License-Identifier: GPL-2.0
/*
 * memscope: `vmas`, one VMA per line with its kind and page counts from
 * a walk of its page tables, counted the way /proc/PID/smaps counts:
 *
 *   rss_pages      pages mapped with a struct page (smaps Rss): not the
 *                  zero page, not PFNMAP/IO, not hugetlb; a migration
 *                  entry counts as its page, as smaps_pte_entry() does
 *   swap_pages     swap entries (smaps Swap / 4 KiB)
 *   anon_pages     rss pages that are PageAnon (smaps Anonymous)
 *   file_pages     rss_pages - anon_pages (page cache and shmem)
 *   thp_pmds       PMD-mapped THPs (smaps AnonHugePages, FilePmdMapped,
 *                  ShmemPmdMapped / 2 MiB)
 *   hugetlb_pages  base pages of hugetlb leaves (smaps Shared_Hugetlb +
 *                  Private_Hugetlb / 4 KiB)
 *
 * and its kind (see ms_vma_kind()). The VMAs come from the iterator
 * `maps` uses (vma_iter.c), whose mmap read lock is held while one VMA is
 * walked (as smaps does), with a reschedule point between walk steps.
 */
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <uapi/linux/magic.h>
#include <asm/vsyscall.h>

#include "compat.h"
#include "maps.h"
#include "proc.h"
#include "stats.h"
#include "vma_iter.h"

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

static const char *ms_vma_kind(struct vm_area_struct *vma)
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

struct vma_counts {
	unsigned long rss, swap, anon, thp, hugetlb;
};

static int vma_count(struct ms_walk *w, const struct ms_leaf *l)
{
	struct vma_counts *c = w->priv;
	unsigned long n = ms_level_pages(l->level);
	struct page *page = l->page;

	if (l->kind == MS_SWAP) {
		c->swap += n;
		return 0;
	}
	if (l->kind == MS_MIGRATION && pfn_valid(l->pfn))
		page = pfn_to_page(l->pfn);
	else if (l->kind != MS_PRESENT || (l->flags & MS_F_ZERO))
		return 0;
	if (!page)
		return 0;
	if (l->flags & MS_F_HUGETLB) {
		c->hugetlb += n;
		return 0;
	}
	c->rss += n;
	if (PageAnon(page))
		c->anon += n;
	if (l->level == MS_LVL_PMD)
		c->thp++;
	return 0;
}

static const struct ms_walk_ops vma_count_ops = {
	.leaf_entry = vma_count,
};

static int vmas_show_vma(struct seq_file *m, struct vm_area_struct *vma)
{
	struct vma_counts c = {};
	struct ms_walk w = {
		.mm = vma->vm_mm,
		.addr = vma->vm_start,
		.end = vma->vm_end,
		.ops = &vma_count_ops,
		.priv = &c,
	};
	vm_flags_t flags = vma->vm_flags;
	int ret;

	while (w.addr < w.end) {
		u64 r0 = ms_hold_begin();

		ret = ms_walk_step(&w);
		ms_hold_end(MS_LOCK_RESCHED, r0, w.work);
		if (ret)
			return ret;
		cond_resched();
	}
	seq_setwidth(m, 0);
	seq_printf(m, "%08lx %08lx %c%c%c%c %08lx %s %lu %lu %lu %lu %lu %lu",
		   vma->vm_start, vma->vm_end,
		   flags & VM_READ ? 'r' : '-',
		   flags & VM_WRITE ? 'w' : '-',
		   flags & VM_EXEC ? 'x' : '-',
		   flags & VM_MAYSHARE ? 's' : 'p',
		   vma->vm_file ? vma->vm_pgoff << PAGE_SHIFT : 0,
		   ms_vma_kind(vma), c.rss, c.swap, c.anon, c.rss - c.anon,
		   c.thp, c.hugetlb);
	ms_show_vma_name(m, vma);
	return 0;
}

static int vmas_show(struct seq_file *m, void *v)
{
	if (ms_vma_is_gate(v)) {
		/* The gate line, as maps names it; no page tables to count. */
		seq_printf(m, "%08lx %08lx %c-xp %08x vsyscall 0 0 0 0 0 0 [vsyscall]\n",
			   VSYSCALL_ADDR, VSYSCALL_ADDR + PAGE_SIZE,
			   ms_gate_readable() ? 'r' : '-', 0);
		return 0;
	}
	return vmas_show_vma(m, v);
}

static const struct seq_operations vmas_sops = {
	.start = ms_vma_seq_start,
	.next = ms_vma_seq_next,
	.stop = ms_vma_seq_stop,
	.show = vmas_show,
};

static int vmas_open(struct inode *inode, struct file *file)
{
	return ms_vma_seq_open(inode, file, &vmas_sops);
}

const struct file_operations ms_vmas_fops = {
	.owner = THIS_MODULE,
	.open = vmas_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = ms_vma_seq_release,
};
