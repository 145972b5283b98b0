/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memscope: the seq_file iterator over a target's VMAs that `maps` and
 * `vmas` share, ending with the x86 vsyscall gate where the kernel's own
 * maps shows one (see vma_iter.c).
 */
#ifndef MEMSCOPE_VMA_ITER_H
#define MEMSCOPE_VMA_ITER_H

#include <linux/fs.h>
#include <linux/seq_file.h>
#include <linux/types.h>

#include "target.h"

/*
 * The mmap lock is held from start to stop, the next VMA found from the
 * last end address (the VMA iterator), so the walk survives buffer
 * refills.
 */
struct ms_vma_iter {
	struct ms_target target;	/* first: ms_seq_target_open() */
	struct mm_struct *pinned;	/* mmgrab()'d at the first read */
	struct mm_struct *mm;
	unsigned long next_addr;
	loff_t next_pos;
	u64 hold_start;		/* memscope stats: this mmap_lock hold */
	unsigned long items;
};

/* At load: the vsyscall mode the kernel booted with. */
void ms_vma_iter_init(void);

void *ms_vma_seq_start(struct seq_file *m, loff_t *pos);
void *ms_vma_seq_next(struct seq_file *m, void *v, loff_t *pos);
void ms_vma_seq_stop(struct seq_file *m, void *v);
int ms_vma_seq_open(struct inode *inode, struct file *file,
		    const struct seq_operations *ops);
int ms_vma_seq_release(struct inode *inode, struct file *file);

/*
 * The iterator's last item may be the vsyscall gate instead of a VMA
 * (VSYSCALL_ADDR, one page, r-x or --x): its show() prints the line.
 */
bool ms_vma_is_gate(void *v);
/* The gate is readable (vsyscall=emulate), else execute-only. */
bool ms_gate_readable(void);

#endif /* MEMSCOPE_VMA_ITER_H */
