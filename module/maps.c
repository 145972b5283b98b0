// SPDX-License-Identifier: GPL-2.0
/*
 * memscope: `maps`, byte for byte /proc/PID/maps (fs/proc/task_mmu.c,
 * show_map_vma()), over the VMA iterator (vma_iter.c). The naming rules
 * are re-implemented, since get_gate_vma(), anon_vma_name() and
 * arch_vma_name() are not exported; `vmas` prints the same names.
 */
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <asm/vsyscall.h>

#include "compat.h"
#include "maps.h"
#include "proc.h"
#include "vma_iter.h"

/* The kernel pads the name to this column (show_vma_header_prefix). */
#define MS_MAPS_NAME_COLUMN	(25 + sizeof(void *) * 6 - 1)

static void ms_show_vma_header(struct seq_file *m, struct vm_area_struct *vma)
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
	seq_setwidth(m, MS_MAPS_NAME_COLUMN);
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

/* The gate line as show_map_vma() prints gate_vma. */
static void ms_show_gate(struct seq_file *m)
{
	seq_setwidth(m, MS_MAPS_NAME_COLUMN);
	seq_printf(m, "%08lx-%08lx %c-xp 00000000 00:00 0 ", VSYSCALL_ADDR,
		   VSYSCALL_ADDR + PAGE_SIZE, ms_gate_readable() ? 'r' : '-');
	seq_pad(m, ' ');
	seq_puts(m, "[vsyscall]\n");
}

const char *ms_vma_special_name(struct vm_area_struct *vma)
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
	if (ms_vma_is_gate(v)) {
		ms_show_gate(m);
		return 0;
	}
	ms_show_vma_header(m, v);
	ms_show_vma_name(m, v);
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
