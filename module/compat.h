/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memscope: every difference between the kernel versions memscope builds
 * for, one shim each. A shim is chosen by a feature test: module/Kbuild
 * compiles module/compat/NAME.c against the target kernel's headers and
 * defines MS_HAVE_NAME when it compiles, so a backport is seen as what it
 * is. Each comment names the kernel commit that made the difference and
 * the release it landed in. Config tests (CONFIG_*) stay where they are
 * used: they are choices made when one kernel was configured, not
 * differences between versions.
 */
#ifndef MEMSCOPE_COMPAT_H
#define MEMSCOPE_COMPAT_H

#include <linux/bitops.h>
#include <linux/compiler.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/mm_types.h>
#include <linux/pgtable.h>
#include <asm/mmu.h>

#ifndef MS_FEATURE_TESTS
#error "memscope: built without module/Kbuild's feature tests (MS_HAVE_*)"
#endif

/*
 * The path /proc/PID/maps prints for a file mapping. 08582d678fcf ("fs:
 * create helper file_user_path() for user displayed mapped file path",
 * v6.8): a backing file (overlayfs) shows the path the user opened, which
 * f_path no longer is.
 */
static inline const struct path *ms_file_user_path(const struct file *file)
{
#ifdef MS_HAVE_FILE_USER_PATH
	return file_user_path(file);
#else
	return &file->f_path;
#endif
}

/*
 * [heap] and [stack] in /proc/PID/maps. 11250fd12eb8 ("mm: factor out VMA
 * stack and heap checks", v6.6) moved task_mmu.c's tests into
 * vma_is_initial_heap() and vma_is_initial_stack(); "mm: fix VMA heap
 * bounds checking" (v6.7, Fixes: 11250fd12eb8, so in 6.6 stable) made the
 * heap test exclusive at both ends. Where the helpers exist they are what
 * maps uses; before them task_mmu.c tested inclusively, as below.
 */
static inline bool ms_vma_is_initial_heap(const struct vm_area_struct *vma)
{
#ifdef MS_HAVE_VMA_IS_INITIAL_HEAP
	return vma_is_initial_heap(vma);
#else
	return vma->vm_start <= vma->vm_mm->brk &&
	       vma->vm_end >= vma->vm_mm->start_brk;
#endif
}

static inline bool ms_vma_is_initial_stack(const struct vm_area_struct *vma)
{
#ifdef MS_HAVE_VMA_IS_INITIAL_HEAP
	return vma_is_initial_stack(vma);
#else
	return vma->vm_start <= vma->vm_mm->start_stack &&
	       vma->vm_end >= vma->vm_mm->start_stack;
#endif
}

/*
 * The name prctl(PR_SET_VMA_ANON_NAME) gave a VMA, or NULL (the kernel's
 * anon_vma_name() is not exported). d09e8ca6cb93 ("mm: anonymous shared
 * memory naming", v6.2) names shared anonymous (shmem) mappings too,
 * printed "[anon_shmem:NAME]", and took anon_name out of the union it
 * shared with a file VMA's i_mmap node: before, it is valid only for a VMA
 * without a file. Tested by vma_is_anon_shmem(), added by that commit.
 */
static inline struct anon_vma_name *
ms_vma_anon_name(struct vm_area_struct *vma)
{
#ifdef CONFIG_ANON_VMA_NAME
#ifndef MS_HAVE_ANON_SHMEM_NAME
	if (vma->vm_file)
		return NULL;
#endif
	return vma->anon_name;
#else
	return NULL;
#endif
}

/*
 * An RSS counter as /proc/PID/status reads it. f1a7941243c1 ("mm: convert
 * mm's rss stats into percpu_counter", v6.2) made the counters per CPU;
 * 82241a83cd15 ("mm: fix the inaccurate memory statistics issue for
 * users", v6.16, in 6.12 stable) has status sum them exactly with
 * get_mm_counter_sum(). Without it status reads get_mm_counter(), which
 * on 6.1 may lag each thread's cached delta.
 */
static inline unsigned long ms_mm_counter(struct mm_struct *mm, int member)
{
#ifdef MS_HAVE_GET_MM_COUNTER_SUM
	return get_mm_counter_sum(mm, member);
#else
	return get_mm_counter(mm, member);
#endif
}

/*
 * x86: the mm may map the vsyscall page (get_gate_vma() tests this with
 * CONFIG_COMPAT). 5ef495e55f07 ("x86: Allow atomic MM_CONTEXT flags
 * setting", v6.4) made mm->context.flags an unsigned long of bit numbers
 * for test_bit(); before, MM_CONTEXT_HAS_VSYSCALL was a mask.
 */
static inline bool ms_mm_context_has_vsyscall(const struct mm_struct *mm)
{
#ifdef MS_HAVE_ATOMIC_MM_CONTEXT_FLAGS
	return test_bit(MM_CONTEXT_HAS_VSYSCALL, &mm->context.flags);
#else
	return mm->context.flags & MM_CONTEXT_HAS_VSYSCALL;
#endif
}

/*
 * A PMD read once without its lock, for a walk under mmap_read_lock.
 * dab6e717429e ("mm: Rename pmd_read_atomic()", v6.2) gave every
 * architecture pmdp_get_lockless(); before, x86_64 reads a 64-bit PMD
 * atomically with READ_ONCE(), as the generic version still does.
 */
static inline pmd_t ms_pmdp_get(pmd_t *pmdp)
{
#ifdef MS_HAVE_PMDP_GET_LOCKLESS
	return pmdp_get_lockless(pmdp);
#else
	return READ_ONCE(*pmdp);
#endif
}

#endif /* MEMSCOPE_COMPAT_H */
