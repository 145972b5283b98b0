// SPDX-License-Identifier: GPL-2.0
/*
 * memscope: a page-table walker of its own (walk_page_range() is not
 * exported): PGD -> P4D -> PUD -> PMD -> PTE, 4 or 5 levels at run time
 * (pgtable_l5_enabled()), leaves at PUD and PMD (hugetlb, THP, DAX),
 * non-present entries decoded (swap, migration, hwpoison, PTE markers).
 *
 * Which half: under PTI, mm->pgd is the kernel-mode copy of the top level
 * (the user-mode copy differs only in the top-level entries' NX bit);
 * both share every lower table. We walk mm->pgd.
 *
 * What is walked: only what the VMAs cover, each VMA looked up again
 * under the lock at every step (walk_page_range()'s rule). munmap()
 * detaches its VMAs, downgrades mmap_lock to read and then frees the
 * page tables of the hole (free_pgtables(), not RCU-deferred on x86):
 * a table that covers any part of a live VMA is never among them, so
 * holding mmap_read_lock and staying inside VMAs keeps every upper
 * table alive. Outside VMAs there is no such guarantee.
 *
 * Locking, inside a VMA, with the caller's mmap_read_lock:
 *  - upper entries (PGD, P4D, PUD, PMD pointing to a table) are read
 *    once, locklessly: their tables stay allocated (above);
 *  - a PTE table can still go away under mmap_read_lock since v6.5
 *    (khugepaged's retract_page_tables(), freed after an RCU grace
 *    period): the PMD is read with pmdp_get_lockless() inside
 *    rcu_read_lock(), the table's PTL taken and the PMD re-read, as
 *    __pte_offset_map_lock() does (it is not exported);
 *  - leaves are read under their page-table lock (PTE table's PTL,
 *    pmd_lock(), pud_lock()), so the page they map cannot be unmapped
 *    and freed while its struct page is read (PageAnon, mapcount);
 *  - hugetlb VMAs: a shared PMD table is dropped by huge_pmd_unshare()
 *    with the mapping's i_mmap_rwsem held for write, which the walk
 *    excludes by holding it for read (mmap_lock -> i_mmap_rwsem is the
 *    kernel's order; walk_hugetlb_range() takes the VMA lock instead,
 *    which is not exported).
 * The output is still a sample of a live process: entries change
 * between steps, as pagemap's do.
 *
 * Work is bounded: a step stops at a PMD boundary after about one PTE
 * table of entries so callers can drop the lock and reschedule
 * (pagemap_read()'s discipline); empty upper-level entries are skipped
 * whole, so cost follows populated tables, not virtual size.
 *
 * What is done with an entry is the caller's (struct ms_walk_ops, as
 * walk_page_range()'s mm_walk_ops): this file decodes entries and calls
 * the ops; it prints nothing.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mm.h>
#include <linux/fs.h>
#include <linux/huge_mm.h>
#include <linux/hugetlb.h>
#include <linux/minmax.h>
#include <linux/mmap_lock.h>
#include <linux/pgtable.h>
#include <linux/rcupdate.h>
#include <linux/sched/signal.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/swap.h>
#include <linux/swapops.h>

#include "proc.h"
#include "stats.h"

/* Entries handled per step before it may stop (about one PTE table). */
#define MS_STEP_BUDGET	PTRS_PER_PTE

unsigned long ms_user_end(void)
{
	return TASK_SIZE_MAX;
}

int ms_pgtable_levels(void)
{
	return pgtable_l5_enabled() ? 5 : 4;
}

void ms_walk_lock_vma(struct vm_area_struct *vma)
{
	if (is_vm_hugetlb_page(vma))
		i_mmap_lock_read(vma->vm_file->f_mapping);
}

void ms_walk_unlock_vma(struct vm_area_struct *vma)
{
	if (is_vm_hugetlb_page(vma))
		i_mmap_unlock_read(vma->vm_file->f_mapping);
}

/*
 * Count a table once, when the ascending walk first enters it: base is
 * the first address it maps, span how much it maps. Several VMAs (or
 * steps) may share one table.
 */
static void ms_table_seen(struct ms_walk *w, enum ms_level level,
			  unsigned long base, unsigned long span)
{
	if (base < w->seen_end[level])
		return;
	w->tables[level]++;
	w->seen_end[level] = base + span;
}

/* struct page of a present leaf, as vm_normal_page() would decide. */
static void ms_leaf_page(struct ms_leaf *l, bool special, bool need_anon)
{
	struct vm_area_struct *vma = l->vma;

	if (l->level == MS_LVL_PTE && is_zero_pfn(l->pfn))
		l->flags |= MS_F_ZERO;
	if ((special && !(l->flags & MS_F_ZERO)) || !pfn_valid(l->pfn) ||
	    (l->level != MS_LVL_PTE &&
	     (vma->vm_flags & (VM_PFNMAP | VM_IO)))) {
		l->flags |= MS_F_NOPAGE;
		return;
	}
	l->page = pfn_to_page(l->pfn);
	if (!need_anon)
		return;
	if (PageAnon(l->page))
		l->flags |= MS_F_ANON;
	else if (l->level == MS_LVL_PMD && vma_is_anonymous(vma))
		/* the huge zero page: the only non-anon PMD in an anon VMA */
		l->flags |= MS_F_ZERO;
}

/*
 * x86 encodes a PROT_NONE entry, and a NUMA-hinting one, as _PAGE_PROTNONE
 * without _PAGE_PRESENT whatever the config; pte_protnone() and
 * pmd_protnone() are constant 0 without CONFIG_NUMA_BALANCING (Debian's
 * RT kernels), so decode the bits as x86's own helpers do.
 */
static bool ms_protnone_bits(unsigned long flags)
{
	return (flags & (_PAGE_PROTNONE | _PAGE_PRESENT)) == _PAGE_PROTNONE;
}

/* PROT_NONE: a PROT_NONE VMA's own entry, or a NUMA-hinting fault entry. */
static void ms_leaf_protnone(struct ms_leaf *l)
{
	if (!vma_is_accessible(l->vma))
		l->flags |= MS_F_PROTNONE;
	else
		l->flags |= MS_F_NUMA;
}

static void ms_leaf_swp(struct ms_leaf *l, swp_entry_t e)
{
	if (is_migration_entry(e)) {
		l->kind = MS_MIGRATION;
		l->pfn = swp_offset_pfn(e);
		l->migration_write = is_writable_migration_entry(e);
	} else if (is_hwpoison_entry(e)) {
		l->kind = MS_HWPOISON;
		l->pfn = swp_offset_pfn(e);
	} else if (is_pte_marker_entry(e)) {
		l->kind = MS_MARKER;
	} else if (non_swap_entry(e)) {
		l->kind = MS_OTHER;
	} else {
		l->kind = MS_SWAP;
		l->swp_type = swp_type(e);
		l->swp_offset = swp_offset(e);
	}
}

static int ms_emit(struct ms_walk *w, struct ms_leaf *l)
{
	w->work++;
	l->vma = w->vma;
	if (is_vm_hugetlb_page(l->vma))
		l->flags |= MS_F_HUGETLB;
	if (l->kind == MS_PRESENT && l->level == MS_LVL_PTE) {
		pte_t pte = __pte(l->raw);

		if (ms_protnone_bits(pte_flags(pte)))
			ms_leaf_protnone(l);
		ms_leaf_page(l, pte_special(pte), !w->ops->pte_no_anon);
	} else if (l->kind == MS_PRESENT) {
		if (l->level == MS_LVL_PMD &&
		    ms_protnone_bits(pmd_flags(__pmd(l->raw))))
			ms_leaf_protnone(l);
		ms_leaf_page(l, false, true);
	}
	return w->ops->leaf_entry ? w->ops->leaf_entry(w, l) : 0;
}

static void ms_pte_leaf(struct ms_leaf *l, pte_t pte, unsigned long addr)
{
	memset(l, 0, sizeof(*l));
	l->addr = addr;
	l->level = MS_LVL_PTE;
	l->raw = pte_val(pte);
	if (pte_present(pte)) {
		l->kind = MS_PRESENT;
		l->pfn = pte_pfn(pte);
		l->flags = ms_pte_flags(pte);
		return;
	}
	ms_leaf_swp(l, pte_to_swp_entry(pte));
	if (pte_swp_soft_dirty(pte))
		l->flags |= MS_F_SOFTDIRTY;
	if (pte_swp_uffd_wp(pte))
		l->flags |= MS_F_UFFD_WP;
}

static void ms_pmd_leaf(struct ms_leaf *l, pmd_t pmd, unsigned long addr)
{
	memset(l, 0, sizeof(*l));
	l->addr = addr;
	l->level = MS_LVL_PMD;
	l->raw = pmd_val(pmd);
	if (pmd_present(pmd)) {
		l->kind = MS_PRESENT;
		l->pfn = pmd_pfn(pmd);
		l->flags = ms_present_flags(pmd, pmd) |
			   (pmd_soft_dirty(pmd) ? MS_F_SOFTDIRTY : 0);
		return;
	}
#ifdef CONFIG_ARCH_ENABLE_THP_MIGRATION
	ms_leaf_swp(l, pmd_to_swp_entry(pmd));
#else
	l->kind = MS_OTHER;
#endif
}

static void ms_pud_leaf(struct ms_leaf *l, pud_t pud, unsigned long addr)
{
	memset(l, 0, sizeof(*l));
	l->addr = addr;
	l->level = MS_LVL_PUD;
	l->raw = pud_val(pud);
	if (!pud_present(pud)) {
		/* hugetlb swap/migration entries use the PTE encoding */
		ms_leaf_swp(l, pte_to_swp_entry(__pte(pud_val(pud))));
		return;
	}
	l->kind = MS_PRESENT;
	l->pfn = pud_pfn(pud);
	/* soft-dirty is not reported at PUD level */
	l->flags = ms_present_flags(pud, pud);
}

static int ms_other(struct ms_walk *w, enum ms_level level, u64 raw,
		    unsigned long addr)
{
	struct ms_leaf l = {
		.addr = addr, .level = level, .kind = MS_OTHER, .raw = raw,
	};

	return ms_emit(w, &l);
}

/*
 * An ordinary present PTE, what most of a walk is: not PROT_NONE/NUMA,
 * not special, not the zero page, with a memmap. Its leaf would need no
 * VMA test and only its struct page's PageAnon().
 */
static bool ms_pte_ordinary(pte_t pte)
{
	unsigned long pfn;

	if (!pte_present(pte) || ms_protnone_bits(pte_flags(pte)) ||
	    pte_special(pte))
		return false;
	pfn = pte_pfn(pte);	/* once: pte_val() is an asm the compiler keeps */
	return pfn_valid(pfn) && !is_zero_pfn(pfn);
}

/*
 * Called with the table's PTL held, pmdval re-read under it (see above).
 * Entries go out in address order: a batch of ordinary PTEs is passed
 * on before any other leaf, and where a run of them ends.
 */
static int ms_walk_pte(struct ms_walk *w, pmd_t pmdval, unsigned long addr,
		       unsigned long end)
{
	pte_t *ptep = (pte_t *)pmd_page_vaddr(pmdval) + pte_index(addr);
	typeof(w->ops->pte_batch) pte_batch = w->ops->pte_batch;
	pte_t batch[MS_PTE_BATCH];	/* the ordinary PTEs just before addr */
	unsigned int n = 0;
	struct ms_leaf l;
	int ret = 0;

	for (; addr != end; addr += PAGE_SIZE, ptep++) {
		pte_t pte = ptep_get(ptep);

		if (pte_batch && ms_pte_ordinary(pte)) {
			batch[n++] = pte;
			if (n < MS_PTE_BATCH)
				continue;
			ret = pte_batch(w, addr + PAGE_SIZE - n * PAGE_SIZE,
					batch, n);
			n = 0;
			if (ret)
				break;
			continue;
		}
		if (n) {
			ret = pte_batch(w, addr - n * PAGE_SIZE, batch, n);
			n = 0;
			if (ret)
				break;
		}
		if (pte_none(pte))
			continue;
		ms_pte_leaf(&l, pte, addr);
		ret = ms_emit(w, &l);
		if (ret)
			break;
	}
	if (n && !ret)
		ret = pte_batch(w, end - n * PAGE_SIZE, batch, n);
	w->work += PTRS_PER_PTE / 2;
	return ret;
}

/*
 * One PMD entry, inside rcu_read_lock(): a leaf under pmd_lock(), a PTE
 * table under its PTL, each after re-reading the entry under the lock
 * (a retracted table or a split leaf is read again).
 */
static int ms_walk_pmd_entry(struct ms_walk *w, pmd_t *pmdp,
			     unsigned long addr, unsigned long next)
{
	struct ms_leaf l;
	spinlock_t *ptl;	/* the leaf's or the PTE table's lock */
	pmd_t pmdval;
	int ret;

again:
	pmdval = ms_pmdp_get(pmdp);
	if (pmd_none(pmdval)) {
		w->work++;
		return 0;
	}
	if (!pmd_present(pmdval) || pmd_leaf(pmdval)) {
		ptl = pmd_lock(w->mm, pmdp);
		if (!pmd_same(pmdval, ms_pmdp_get(pmdp))) {
			spin_unlock(ptl);
			goto again;
		}
		ms_pmd_leaf(&l, pmdval, addr & PMD_MASK);
		ret = ms_emit(w, &l);
		spin_unlock(ptl);
		return ret;
	}
	if (pmd_bad(pmdval))
		return ms_other(w, MS_LVL_PMD, pmd_val(pmdval), addr);
	ptl = pte_lockptr(w->mm, &pmdval);
	spin_lock(ptl);
	if (!pmd_same(pmdval, ms_pmdp_get(pmdp))) {
		spin_unlock(ptl);
		goto again;
	}
	ms_table_seen(w, MS_LVL_PTE, addr & PMD_MASK, PMD_SIZE);
	ret = ms_walk_pte(w, pmdval, addr, next);
	spin_unlock(ptl);
	return ret;
}

static int ms_walk_pmd(struct ms_walk *w, pud_t pudval, unsigned long addr,
		       unsigned long end)
{
	pmd_t *pmdp = pmd_offset(&pudval, addr);
	unsigned long next;
	int ret;

	do {
		next = pmd_addr_end(addr, end);
		rcu_read_lock();
		ret = ms_walk_pmd_entry(w, pmdp, addr, next);
		rcu_read_unlock();
		w->addr = next;
		if (ret || w->work >= MS_STEP_BUDGET)
			return ret;
	} while (pmdp++, addr = next, addr != end);
	return 0;
}

static int ms_walk_pud(struct ms_walk *w, p4d_t p4dval, unsigned long addr,
		       unsigned long end)
{
	pud_t *pudp = pud_offset(&p4dval, addr);
	unsigned long next;
	struct ms_leaf l;
	spinlock_t *ptl;	/* pud_lock(): the leaf's lock */
	pud_t pudval;
	int ret;

	do {
		next = pud_addr_end(addr, end);
again:
		pudval = READ_ONCE(*pudp);
		if (pud_none(pudval)) {
			w->work++;
			w->addr = next;
		} else if (!pud_present(pudval) || pud_leaf(pudval)) {
			/* A leaf is read under its lock, as at PMD level. */
			ptl = pud_lock(w->mm, pudp);
			if (!pud_same(pudval, READ_ONCE(*pudp))) {
				spin_unlock(ptl);
				goto again;
			}
			ms_pud_leaf(&l, pudval, addr & PUD_MASK);
			ret = ms_emit(w, &l);
			spin_unlock(ptl);
			w->addr = next;
			if (ret)
				return ret;
		} else if (pud_bad(pudval)) {
			ret = ms_other(w, MS_LVL_PUD, pud_val(pudval), addr);
			w->addr = next;
			if (ret)
				return ret;
		} else {
			ms_table_seen(w, MS_LVL_PMD, addr & PUD_MASK, PUD_SIZE);
			ret = ms_walk_pmd(w, pudval, addr, next);
			if (ret)
				return ret;
		}
		if (w->work >= MS_STEP_BUDGET)
			return 0;
	} while (pudp++, addr = next, addr != end);
	return 0;
}

static int ms_walk_p4d(struct ms_walk *w, pgd_t pgdval, unsigned long addr,
		       unsigned long end)
{
	p4d_t *p4dp = p4d_offset(&pgdval, addr);
	unsigned long next;
	p4d_t p4dval;
	int ret;

	do {
		next = p4d_addr_end(addr, end);
		p4dval = READ_ONCE(*p4dp);
		if (p4d_none(p4dval)) {
			w->work++;
			w->addr = next;
		} else if (p4d_bad(p4dval)) {
			ret = ms_other(w, MS_LVL_P4D, p4d_val(p4dval), addr);
			w->addr = next;
			if (ret)
				return ret;
		} else {
			ms_table_seen(w, MS_LVL_PUD, addr & P4D_MASK, P4D_SIZE);
			ret = ms_walk_pud(w, p4dval, addr, next);
			if (ret)
				return ret;
		}
		if (w->work >= MS_STEP_BUDGET)
			return 0;
	} while (p4dp++, addr = next, addr != end);
	return 0;
}

/* The page tables of [addr, end), all inside w->vma. */
static int ms_walk_pgd_range(struct ms_walk *w, unsigned long addr,
			     unsigned long end)
{
	pgd_t *pgdp = pgd_offset(w->mm, addr);
	unsigned long next;
	pgd_t pgdval;
	int ret;

	do {
		next = pgd_addr_end(addr, end);
		pgdval = READ_ONCE(*pgdp);
		/* With 4 levels the PGD is folded into the P4D: never none. */
		if (pgd_none(pgdval)) {
			w->work++;
			w->addr = next;
		} else if (pgd_bad(pgdval)) {
			ret = ms_other(w, MS_LVL_PGD, pgd_val(pgdval), addr);
			w->addr = next;
			if (ret)
				return ret;
		} else {
			if (pgtable_l5_enabled())
				ms_table_seen(w, MS_LVL_P4D, addr & PGDIR_MASK,
					      PGDIR_SIZE);
			ret = ms_walk_p4d(w, pgdval, addr, next);
			if (ret)
				return ret;
		}
		if (w->work >= MS_STEP_BUDGET)
			return 0;
	} while (pgdp++, addr = next, addr != end);
	return 0;
}

int ms_walk_step(struct ms_walk *w)
{
	struct vm_area_struct *vma;
	unsigned long start, end;
	int ret = 0;

	w->work = 0;
	while (w->addr < w->end) {
		/* Looked up again each step: VMAs change while unlocked. */
		vma = find_vma(w->mm, w->addr);
		if (!vma || vma->vm_start >= w->end) {
			w->addr = w->end;
			break;
		}
		start = max(w->addr, vma->vm_start);
		end = min(w->end, vma->vm_end);
		w->vma = vma;
		w->addr = start;
		ms_walk_lock_vma(vma);
		ret = ms_walk_pgd_range(w, start, end);
		ms_walk_unlock_vma(vma);
		w->vma = NULL;
		if (ret)
			break;
		/* Stopped inside the VMA: w->addr is the resume point. */
		if (w->work >= MS_STEP_BUDGET && w->addr < end)
			break;
		w->addr = end;
		w->work++;
		if (w->work >= MS_STEP_BUDGET)
			break;
	}
	return ret;
}

int ms_walk_range(struct ms_walk *w)
{
	u64 t0, r0;
	int ret;

	while (w->addr < w->end) {
		r0 = ms_hold_begin();
		if (mmap_read_lock_killable(w->mm))
			return -EINTR;
		t0 = ms_hold_begin();
		ret = ms_walk_step(w);
		ms_hold_end(MS_LOCK_MMAP, t0, w->work);
		mmap_read_unlock(w->mm);
		ms_hold_end(MS_LOCK_RESCHED, r0, w->work);
		if (ret)
			return ret;
		if (fatal_signal_pending(current))
			return -EINTR;
		cond_resched();
	}
	return 0;
}
