// SPDX-License-Identifier: GPL-2.0
/*
 * memscope: `mm`, the key/value summary of a process's mm_struct.
 *
 * Addresses print as 0x-prefixed hex, counts in decimal (pages unless the
 * key says bytes). RSS counters are read the way /proc/PID/status reads
 * them (compat.h, ms_mm_counter()).
 */
#include <linux/mm.h>
#include <linux/mmap_lock.h>
#include <linux/module.h>
#include <linux/sched/mm.h>
#include <linux/seq_file.h>

#include "compat.h"
#include "proc.h"
#include "stats.h"
#include "target.h"

static void mm_addr(struct seq_file *m, const char *key, unsigned long v)
{
	seq_printf(m, "%s 0x%lx\n", key, v);
}

static int mm_show(struct seq_file *m, void *v)
{
	struct ms_target *target = m->private;
	struct mm_struct *mm = ms_target_mm_locked(target);
	u64 t0;

	if (IS_ERR(mm))
		return PTR_ERR(mm);
	t0 = ms_hold_begin();
	mm_addr(m, "start_code", mm->start_code);
	mm_addr(m, "end_code", mm->end_code);
	mm_addr(m, "start_data", mm->start_data);
	mm_addr(m, "end_data", mm->end_data);
	mm_addr(m, "start_brk", mm->start_brk);
	mm_addr(m, "brk", mm->brk);
	mm_addr(m, "start_stack", mm->start_stack);
	mm_addr(m, "arg_start", mm->arg_start);
	mm_addr(m, "arg_end", mm->arg_end);
	mm_addr(m, "env_start", mm->env_start);
	mm_addr(m, "env_end", mm->env_end);
	mm_addr(m, "mmap_base", mm->mmap_base);
	mm_addr(m, "mmap_legacy_base", mm->mmap_legacy_base);
	mm_addr(m, "task_size", mm->task_size);
	seq_printf(m, "total_vm %lu\n", mm->total_vm);
	seq_printf(m, "locked_vm %lu\n", mm->locked_vm);
	seq_printf(m, "pinned_vm %lld\n", (long long)atomic64_read(&mm->pinned_vm));
	seq_printf(m, "data_vm %lu\n", mm->data_vm);
	seq_printf(m, "exec_vm %lu\n", mm->exec_vm);
	seq_printf(m, "stack_vm %lu\n", mm->stack_vm);
	seq_printf(m, "map_count %d\n", mm->map_count);
	seq_printf(m, "rss_anon %lu\n", ms_mm_counter(mm, MM_ANONPAGES));
	seq_printf(m, "rss_file %lu\n", ms_mm_counter(mm, MM_FILEPAGES));
	seq_printf(m, "rss_shmem %lu\n", ms_mm_counter(mm, MM_SHMEMPAGES));
	seq_printf(m, "swap_ents %lu\n", ms_mm_counter(mm, MM_SWAPENTS));
	seq_printf(m, "pgtables_bytes %lu\n", mm_pgtables_bytes(mm));
	seq_printf(m, "levels %d\n", ms_pgtable_levels());
	seq_printf(m, "kpti %d\n", boot_cpu_has(X86_FEATURE_PTI) ? 1 : 0);
	ms_hold_end(MS_LOCK_MMAP, t0, 1);
	mmap_read_unlock(mm);
	mmput(mm);
	return 0;
}

static int mm_open(struct inode *inode, struct file *file)
{
	return ms_single_target_open(inode, file, mm_show);
}

const struct file_operations ms_mm_fops = {
	.owner = THIS_MODULE,
	.open = mm_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = ms_single_target_release,
};
