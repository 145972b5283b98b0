/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memscope: the page-table walker (pgwalk.c) and the per-process files
 * the registry creates (maps.c, vmas.c, mm.c, pages.c, translate.c).
 */
#ifndef MEMSCOPE_PROC_H
#define MEMSCOPE_PROC_H

#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/pid.h>
#include <linux/seq_file.h>

/* ms_pmdp_get() and the other shims; the target the files are opened on. */
#include "compat.h"
#include "target.h"

/* Page-table levels, leaf first. */
enum ms_level {
	MS_LVL_PTE,
	MS_LVL_PMD,
	MS_LVL_PUD,
	MS_LVL_P4D,
	MS_LVL_PGD,
	MS_NR_LEVELS,
};

/* "pte" ... "pgd", three letters each, as the printers show them (pages.c). */
extern const char *const ms_level_name[MS_NR_LEVELS];

enum ms_kind {
	MS_PRESENT,	/* pte_present(): includes PROT_NONE and NUMA hints */
	MS_SWAP,
	MS_MIGRATION,
	MS_HWPOISON,
	MS_MARKER,	/* PTE marker (uffd-wp, swapin error, guard) */
	MS_OTHER,	/* any other non-present entry, or a bad table entry */
};

/*
 * Flags of a leaf. Each has its letter, for `pages` and `translate`, in
 * one table indexed by the bit (ms_flag_letter[], pages.c).
 */
#define MS_F_WRITE	BIT(0)	/* writable (pte_write()) */
#define MS_F_DIRTY	BIT(1)
#define MS_F_YOUNG	BIT(2)	/* accessed */
#define MS_F_EXEC	BIT(3)	/* NX clear */
#define MS_F_SOFTDIRTY	BIT(4)
#define MS_F_SPECIAL	BIT(5)	/* pte_special() */
#define MS_F_ZERO	BIT(6)	/* the (huge) zero page */
#define MS_F_NUMA	BIT(7)	/* NUMA-hinting PROT_NONE entry */
#define MS_F_PROTNONE	BIT(8)	/* entry of a PROT_NONE VMA */
#define MS_F_HUGETLB	BIT(9)	/* hugetlb VMA */
#define MS_F_ANON	BIT(10)	/* PageAnon() */
#define MS_F_NOPAGE	BIT(11)	/* no struct page (PFNMAP, IO, no memmap) */
#define MS_F_UFFD_WP	BIT(12)	/* userfaultfd write-protect */
#define MS_NR_FLAGS	13

struct ms_leaf {
	unsigned long addr;		/* first virtual address covered */
	enum ms_level level;
	enum ms_kind kind;
	u64 raw;
	unsigned long pfn;		/* present, migration, hwpoison */
	unsigned int swp_type;		/* swap */
	unsigned long swp_offset;	/* swap */
	bool migration_write;		/* migration */
	struct page *page;		/* NULL when MS_F_NOPAGE */
	struct vm_area_struct *vma;	/* the VMA the leaf lies in */
	unsigned int flags;
};

static inline unsigned long ms_level_pages(enum ms_level level)
{
	switch (level) {
	case MS_LVL_PMD:
		return PTRS_PER_PTE;
	case MS_LVL_PUD:
		return PTRS_PER_PTE * PTRS_PER_PMD;
	default:
		return 1;
	}
}

struct ms_walk;

/* Ordinary PTEs passed to pte_batch() at a time, at most. */
#define MS_PTE_BATCH	32

/*
 * What a walk does with what it finds, in the shape of the kernel's
 * struct mm_walk_ops (include/linux/pagewalk.h), cut to what memscope's
 * files need. The callbacks run with the entry's page-table lock held
 * (a bad table entry: inside the walk's locks, none of its own), must
 * not sleep, and return non-zero to stop the walk: the value is
 * ms_walk_step()'s. A NULL callback is not called.
 *
 * There is no pte_hole(): none entries are skipped whole at every level
 * and no user asks about them (translate takes "no leaf" for none).
 */
struct ms_walk_ops {
	/*
	 * Ordinary present PTEs: not PROT_NONE or NUMA-hinting, not
	 * special, not the zero page, with a memmap. The kernel's
	 * pte_entry() batched: n consecutive ones from addr (at most
	 * MS_PTE_BATCH), as the walker read them under the PTL (a copy:
	 * the callback reads no table), without a leaf, VMA or struct page
	 * lookup, one call per run: the bulk of a full walk, kept cheap.
	 * ms_pte_flags() decodes one. NULL: they go to leaf_entry().
	 */
	int (*pte_batch)(struct ms_walk *w, unsigned long addr,
			 const pte_t *ptes, unsigned int n);
	/*
	 * Every other leaf, at any level (l->level), decoded: present
	 * (with its VMA and struct page), swap, migration, hwpoison,
	 * marker, or other (a non-present entry not decoded, or a bad
	 * table entry at the level it was found).
	 */
	int (*leaf_entry)(struct ms_walk *w, const struct ms_leaf *l);
	/*
	 * PTE leaves need no MS_F_ANON: their struct page is not read for
	 * it (PMD and PUD leaves always read it: the huge zero page is told
	 * from it).
	 */
	bool pte_no_anon;
};

struct ms_walk {
	struct mm_struct *mm;
	unsigned long addr;	/* where the next step starts */
	unsigned long end;	/* exclusive */
	const struct ms_walk_ops *ops;
	void *priv;		/* the ops' */
	/* Page-table pages seen, per level (a table counts when entered). */
	unsigned long tables[MS_NR_LEVELS];
	/* End of the last table counted, per level (tables are shared). */
	unsigned long seen_end[MS_NR_LEVELS];
	/* internal */
	struct vm_area_struct *vma;
	unsigned int work;
};

/* Highest user address + 1 for this machine (4 or 5 levels). */
unsigned long ms_user_end(void);
int ms_pgtable_levels(void);

/*
 * One bounded step of the walk from w->addr toward w->end, with the mmap
 * lock held by the caller: it visits only what VMAs cover, stops after
 * about one PTE table's worth of entries, at a PMD boundary, and leaves
 * w->addr at the resume point. Leaves are passed to w->ops with their
 * page-table lock held. Returns a callback's non-zero value, else 0.
 */
int ms_walk_step(struct ms_walk *w);
/*
 * What a walk of one VMA's tables holds besides mmap_read_lock: for
 * hugetlb, the mapping's i_mmap_rwsem (read), against PMD unsharing.
 */
void ms_walk_lock_vma(struct vm_area_struct *vma);
void ms_walk_unlock_vma(struct vm_area_struct *vma);
/*
 * The whole range, taking mmap_read_lock per step and rescheduling
 * between steps (pagemap_read's discipline). -EINTR on a fatal signal.
 */
int ms_walk_range(struct ms_walk *w);

/*
 * The flags every present leaf has, by its level's own accessors (lvl:
 * pte, pmd or pud), not by bits: on 6.12 pte_write() and pmd_write()
 * count shadow-stack entries, the dirty tests the saved-dirty bit. The
 * one extraction for the three levels.
 */
#define ms_present_flags(lvl, e) ({					\
	lvl##_t __e = (e);						\
									\
	(lvl##_write(__e) ? MS_F_WRITE : 0) |				\
	(lvl##_dirty(__e) ? MS_F_DIRTY : 0) |				\
	(lvl##_young(__e) ? MS_F_YOUNG : 0) |				\
	(lvl##_flags(__e) & _PAGE_NX ? 0 : MS_F_EXEC);			\
})

/* MS_F_* of a present PTE as the walker sets them for its leaf. */
static inline unsigned int ms_pte_flags(pte_t pte)
{
	return ms_present_flags(pte, pte) |
	       (pte_soft_dirty(pte) ? MS_F_SOFTDIRTY : 0) |
	       (pte_special(pte) ? MS_F_SPECIAL : 0) |
	       (pte_uffd_wp(pte) ? MS_F_UFFD_WP : 0);
}

/*
 * The letter of each MS_F_* flag, indexed by its bit (pages.c): the one
 * place a flag's letter is said.
 */
extern const char ms_flag_letter[MS_NR_FLAGS];

/*
 * The letters of MS_F_* flags in bit order, "-" for none, and a NUL, at
 * p (at least MS_NR_FLAGS + 1 bytes); returns the NUL's address. Every
 * printer of flags (`pages`, `translate`) goes through it.
 */
static inline char *ms_flag_letters(char *p, unsigned int flags)
{
	char *start = p;

	/* The lowest set bit first, then cleared. */
	for (flags &= BIT(MS_NR_FLAGS) - 1; flags; flags &= flags - 1)
		*p++ = ms_flag_letter[__ffs(flags)];
	if (p == start)
		*p++ = '-';
	*p = '\0';
	return p;
}

/* The per-process files, created by the registry (procdir.c). */
extern const struct file_operations ms_maps_fops;
extern const struct file_operations ms_vmas_fops;
extern const struct file_operations ms_mm_fops;
extern const struct file_operations ms_pagetable_fops;
extern const struct file_operations ms_pages_fops;
extern const struct file_operations ms_translate_fops;

#endif /* MEMSCOPE_PROC_H */
