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
 * Locking: the caller holds mmap_read_lock. Since v6.5 a PTE table can
 * be freed (RCU-deferred) under that lock when khugepaged retracts it, so,
 * as __pte_offset_map() does, each PMD entry is read with
 * pmdp_get_lockless() inside rcu_read_lock() and its PTE table is walked
 * before the RCU read section ends. Entries are read once (READ_ONCE) and
 * not under the page-table lock: the result is a sample, like pagemap's.
 *
 * Work is bounded: a step stops at a PMD boundary after about one PTE
 * table of entries so callers can drop the lock and reschedule
 * (pagemap_read()'s discipline); empty upper-level entries are skipped
 * whole, so cost follows populated tables, not virtual size.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mm.h>
#include <linux/huge_mm.h>
#include <linux/mmap_lock.h>
#include <linux/pgtable.h>
#include <linux/rcupdate.h>
#include <linux/sched/signal.h>
#include <linux/string.h>
#include <linux/swap.h>
#include <linux/swapops.h>

#include "proc.h"
#include "stats.h"

const char *const ms_level_name[MS_NR_LEVELS] = {
	"pte", "pmd", "pud", "p4d", "pgd",
};

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

int ms_page_mapcount(struct page *page)
{
	struct folio *folio = page_folio(page);
	int n = atomic_read(&page->_mapcount) + 1;

	/* A page type (not a mapping) lives in the same word for slab etc. */
	if (n < 0)
		n = 0;
	if (folio_test_large(folio))
		n += folio_entire_mapcount(folio);
	return n;
}

char *ms_hex(char *p, unsigned long v)
{
	static const char digits[] = "0123456789abcdef";
	char tmp[16];
	int n = 0;

	do {
		tmp[n++] = digits[v & 15];
		v >>= 4;
	} while (v);
	while (n)
		*p++ = tmp[--n];
	return p;
}

void ms_leaf_flags(const struct ms_leaf *l, char *buf)
{
	static const char letters[MS_NR_FLAGS] = "wdaxsSznpHAPVu";
	int i, n = 0;

	for (i = 0; i < MS_NR_FLAGS; i++)
		if (l->flags & BIT(i))
			buf[n++] = letters[i];
	if (!n)
		buf[n++] = '-';
	buf[n] = '\0';
}

static struct vm_area_struct *ms_walk_vma(struct ms_walk *w,
					  unsigned long addr)
{
	struct vm_area_struct *vma = w->vma;

	if (vma && addr >= vma->vm_start && addr < vma->vm_end)
		return vma;
	vma = find_vma(w->mm, addr);
	w->vma = vma;
	if (vma && vma->vm_start <= addr)
		return vma;
	return NULL;
}

static void ms_leaf_vma_flags(struct ms_leaf *l)
{
	if (!l->vma) {
		l->flags |= MS_F_NOVMA;
		return;
	}
	if (l->vma->vm_flags & VM_HUGETLB)
		l->flags |= MS_F_HUGETLB;
}

/* struct page of a present leaf, as vm_normal_page() would decide. */
static void ms_leaf_page(struct ms_leaf *l, bool special, bool need_anon)
{
	struct vm_area_struct *vma = l->vma;

	if (l->level == MS_LVL_PTE && is_zero_pfn(l->pfn))
		l->flags |= MS_F_ZERO;
	if ((special && !(l->flags & MS_F_ZERO)) || !pfn_valid(l->pfn) ||
	    (l->level != MS_LVL_PTE && vma &&
	     (vma->vm_flags & (VM_PFNMAP | VM_IO)))) {
		l->flags |= MS_F_NOPAGE;
		return;
	}
	l->page = pfn_to_page(l->pfn);
	if (!need_anon)
		return;
	if (PageAnon(l->page))
		l->flags |= MS_F_ANON;
	else if (l->level == MS_LVL_PMD && vma && vma_is_anonymous(vma))
		/* the huge zero page: the only non-anon PMD in an anon VMA */
		l->flags |= MS_F_ZERO;
}

/* PROT_NONE: a PROT_NONE VMA's own entry, or a NUMA-hinting fault entry. */
static void ms_leaf_protnone(struct ms_leaf *l)
{
	if (l->vma && !vma_is_accessible(l->vma))
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

static void ms_count(struct ms_pt_totals *t, const struct ms_leaf *l)
{
	switch (l->kind) {
	case MS_PRESENT:
		if (l->level == MS_LVL_PTE)
			t->present_ptes++;
		else if (l->level == MS_LVL_PMD)
			t->pmd_leaves++;
		else
			t->pud_leaves++;
		if (l->flags & MS_F_ZERO)
			t->zero++;
		if (l->flags & MS_F_NUMA)
			t->numa++;
		if (l->flags & MS_F_PROTNONE)
			t->protnone++;
		if (l->flags & MS_F_NOPAGE)
			t->nopage++;
		break;
	case MS_SWAP:
		t->swap++;
		break;
	case MS_MIGRATION:
		t->migration++;
		break;
	case MS_HWPOISON:
		t->hwpoison++;
		break;
	case MS_MARKER:
		t->marker++;
		break;
	default:
		t->other++;
		break;
	}
	/*
	 * An anonymous THP mapped by a PMD keeps a PTE table deposited for
	 * its split (pgtable_trans_huge_deposit): counted in pgtables_bytes.
	 */
	if (l->level == MS_LVL_PMD && l->vma && vma_is_anonymous(l->vma) &&
	    (l->kind == MS_PRESENT || l->kind == MS_MIGRATION))
		t->deposited++;
}

static int ms_emit(struct ms_walk *w, struct ms_leaf *l)
{
	w->work++;
	l->vma = ms_walk_vma(w, l->addr);
	ms_leaf_vma_flags(l);
	if (l->kind == MS_PRESENT && l->level == MS_LVL_PTE) {
		pte_t pte = __pte(l->raw);

		if (pte_protnone(pte))
			ms_leaf_protnone(l);
		ms_leaf_page(l, pte_special(pte), !w->totals);
	} else if (l->kind == MS_PRESENT) {
		if (l->level == MS_LVL_PMD && pmd_protnone(__pmd(l->raw)))
			ms_leaf_protnone(l);
		ms_leaf_page(l, false, true);
	}
	if (w->totals) {
		/* Direct, no indirect call per entry: the common full walk. */
		ms_count(w->totals, l);
		return 0;
	}
	return w->leaf ? w->leaf(w, l) : 0;
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
		if (pte_write(pte))
			l->flags |= MS_F_WRITE;
		if (pte_dirty(pte))
			l->flags |= MS_F_DIRTY;
		if (pte_young(pte))
			l->flags |= MS_F_YOUNG;
		if (!(pte_flags(pte) & _PAGE_NX))
			l->flags |= MS_F_EXEC;
		if (pte_soft_dirty(pte))
			l->flags |= MS_F_SOFTDIRTY;
		if (pte_special(pte))
			l->flags |= MS_F_SPECIAL;
		if (pte_uffd_wp(pte))
			l->flags |= MS_F_UFFD_WP;
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
		if (pmd_write(pmd))
			l->flags |= MS_F_WRITE;
		if (pmd_dirty(pmd))
			l->flags |= MS_F_DIRTY;
		if (pmd_young(pmd))
			l->flags |= MS_F_YOUNG;
		if (!(pmd_flags(pmd) & _PAGE_NX))
			l->flags |= MS_F_EXEC;
		if (pmd_soft_dirty(pmd))
			l->flags |= MS_F_SOFTDIRTY;
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
	if (pud_write(pud))
		l->flags |= MS_F_WRITE;
	if (pud_dirty(pud))
		l->flags |= MS_F_DIRTY;
	if (pud_young(pud))
		l->flags |= MS_F_YOUNG;
	if (!(pud_flags(pud) & _PAGE_NX))
		l->flags |= MS_F_EXEC;
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
 * `pages` fast path: the line an ordinary present PTE (not PROT_NONE,
 * not special, not the zero page, with a memmap) gets, without building
 * a leaf: the same text pages_line() prints for it, flags in the order
 * of ms_leaf_flags().
 */
static void ms_print_plain_pte(struct ms_walk *w, pte_t pte,
			       unsigned long addr)
{
	unsigned long pfn = pte_pfn(pte);
	char line[64], *p = line, *f;

	p = ms_hex(p, addr);
	*p++ = ' ';
	p = ms_hex(p, pfn);
	memcpy(p, " pte ", 5);
	p += 5;
	f = p;
	if (pte_write(pte))
		*p++ = 'w';
	if (pte_dirty(pte))
		*p++ = 'd';
	if (pte_young(pte))
		*p++ = 'a';
	if (!(pte_flags(pte) & _PAGE_NX))
		*p++ = 'x';
	if (pte_soft_dirty(pte))
		*p++ = 's';
	if (PageAnon(pfn_to_page(pfn)))
		*p++ = 'A';
	if (!ms_walk_vma(w, addr))
		*p++ = 'V';
	if (pte_uffd_wp(pte))
		*p++ = 'u';
	if (p == f)
		*p++ = '-';
	*p++ = '\n';
	seq_write(w->out, line, p - line);
}

/* Called inside rcu_read_lock() with pmdval read there (see above). */
static int ms_walk_pte(struct ms_walk *w, pmd_t pmdval, unsigned long addr,
		       unsigned long end)
{
	pte_t *ptep = (pte_t *)pmd_page_vaddr(pmdval) + pte_index(addr);
	struct ms_leaf l;
	int ret = 0;

	for (; addr != end; addr += PAGE_SIZE, ptep++) {
		pte_t pte = ptep_get(ptep);

		if (pte_none(pte))
			continue;
		/*
		 * Totals: an ordinary present page (not PROT_NONE/NUMA, not
		 * special, with a memmap) needs no VMA or page lookup.
		 */
		if ((w->totals || w->out) && pte_present(pte) &&
		    !pte_protnone(pte) && !pte_special(pte) &&
		    pfn_valid(pte_pfn(pte)) && !is_zero_pfn(pte_pfn(pte))) {
			if (w->totals)
				w->totals->present_ptes++;
			else
				ms_print_plain_pte(w, pte, addr);
			continue;
		}
		ms_pte_leaf(&l, pte, addr);
		ret = ms_emit(w, &l);
		if (ret)
			break;
	}
	w->work += PTRS_PER_PTE / 2;
	return ret;
}

static int ms_walk_pmd(struct ms_walk *w, pud_t pudval, unsigned long addr,
		       unsigned long end)
{
	pmd_t *pmdp = pmd_offset(&pudval, addr);
	unsigned long next;
	struct ms_leaf l;
	pmd_t pmdval;
	int ret = 0;

	do {
		next = pmd_addr_end(addr, end);
		rcu_read_lock();
		pmdval = ms_pmdp_get(pmdp);
		if (pmd_none(pmdval)) {
			w->work++;
		} else if (!pmd_present(pmdval) || pmd_leaf(pmdval)) {
			ms_pmd_leaf(&l, pmdval, addr & PMD_MASK);
			ret = ms_emit(w, &l);
		} else if (pmd_bad(pmdval)) {
			ret = ms_other(w, MS_LVL_PMD, pmd_val(pmdval), addr);
		} else {
			/* A table entered from its start counts once. */
			if (!(addr & ~PMD_MASK))
				w->tables[MS_LVL_PTE]++;
			ret = ms_walk_pte(w, pmdval, addr, next);
		}
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
	pud_t pudval;
	int ret;

	do {
		next = pud_addr_end(addr, end);
		pudval = READ_ONCE(*pudp);
		if (pud_none(pudval)) {
			w->work++;
			w->addr = next;
		} else if (!pud_present(pudval) || pud_leaf(pudval)) {
			ms_pud_leaf(&l, pudval, addr & PUD_MASK);
			ret = ms_emit(w, &l);
			w->addr = next;
			if (ret)
				return ret;
		} else if (pud_bad(pudval)) {
			ret = ms_other(w, MS_LVL_PUD, pud_val(pudval), addr);
			w->addr = next;
			if (ret)
				return ret;
		} else {
			if (!(addr & ~PUD_MASK))
				w->tables[MS_LVL_PMD]++;
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
			if (!(addr & ~P4D_MASK))
				w->tables[MS_LVL_PUD]++;
			ret = ms_walk_pud(w, p4dval, addr, next);
			if (ret)
				return ret;
		}
		if (w->work >= MS_STEP_BUDGET)
			return 0;
	} while (p4dp++, addr = next, addr != end);
	return 0;
}

int ms_walk_step(struct ms_walk *w)
{
	unsigned long addr = w->addr, end = w->end, next;
	pgd_t *pgdp;
	pgd_t pgdval;
	int ret;

	/* VMAs may change whenever the lock was dropped. */
	w->vma = NULL;
	w->work = 0;
	if (addr >= end)
		return 0;
	pgdp = pgd_offset(w->mm, addr);
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
			if (pgtable_l5_enabled() && !(addr & ~PGDIR_MASK))
				w->tables[MS_LVL_P4D]++;
			ret = ms_walk_p4d(w, pgdval, addr, next);
			if (ret)
				return ret;
		}
		if (w->work >= MS_STEP_BUDGET)
			return 0;
	} while (pgdp++, addr = next, addr != end);
	w->addr = end;
	return 0;
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
