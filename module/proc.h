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

extern const char *const ms_level_name[MS_NR_LEVELS];

enum ms_kind {
	MS_PRESENT,	/* pte_present(): includes PROT_NONE and NUMA hints */
	MS_SWAP,
	MS_MIGRATION,
	MS_HWPOISON,
	MS_MARKER,	/* PTE marker (uffd-wp, swapin error, guard) */
	MS_OTHER,	/* any other non-present entry, or a bad table entry */
};

/* Flags of a leaf, printed as letters in `pages` (see ms_leaf_flags()). */
#define MS_F_WRITE	BIT(0)	/* w */
#define MS_F_DIRTY	BIT(1)	/* d */
#define MS_F_YOUNG	BIT(2)	/* a */
#define MS_F_EXEC	BIT(3)	/* x: NX clear */
#define MS_F_SOFTDIRTY	BIT(4)	/* s */
#define MS_F_SPECIAL	BIT(5)	/* S: pte_special() */
#define MS_F_ZERO	BIT(6)	/* z: the (huge) zero page */
#define MS_F_NUMA	BIT(7)	/* n: NUMA-hinting PROT_NONE entry */
#define MS_F_PROTNONE	BIT(8)	/* p: entry of a PROT_NONE VMA */
#define MS_F_HUGETLB	BIT(9)	/* H: hugetlb VMA */
#define MS_F_ANON	BIT(10)	/* A: PageAnon() */
#define MS_F_NOPAGE	BIT(11)	/* P: no struct page (PFNMAP, IO, no memmap) */
#define MS_F_UFFD_WP	BIT(12)	/* u: userfaultfd write-protect */
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

/* Totals of a walk (`pagetable`), counted without a callback. */
struct ms_pt_totals {
	unsigned long present_ptes, pmd_leaves, pud_leaves;
	unsigned long swap, migration, hwpoison, marker, other;
	unsigned long zero, numa, protnone, nopage, deposited;
};

struct ms_walk;
/* Return non-zero to stop the walk; the value is passed back. */
typedef int (*ms_leaf_fn)(struct ms_walk *w, const struct ms_leaf *l);

struct ms_walk {
	struct mm_struct *mm;
	unsigned long addr;	/* where the next step starts */
	unsigned long end;	/* exclusive */
	ms_leaf_fn leaf;
	struct ms_pt_totals *totals;	/* set: count here, leaf unused */
	/* set: ordinary present PTEs print here directly (`pages`) */
	struct seq_file *out;
	/* Page-table pages seen, per level (a table counts when entered). */
	unsigned long tables[MS_NR_LEVELS];
	/* End of the last table counted, per level (tables are shared). */
	unsigned long seen_end[MS_NR_LEVELS];
	void *priv;
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
 * w->addr at the resume point. Leaves are passed to the callback with
 * their page-table lock held: it must not sleep.
 * Returns the leaf callback's non-zero value, else 0.
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

/* Lower-case hex without 0x at p; returns the end. */
char *ms_hex(char *p, unsigned long v);
/* Letters for l->flags into buf (at least MS_NR_FLAGS + 1 bytes). */
void ms_leaf_flags(const struct ms_leaf *l, char *buf);
/* Mapcount of one page: its own PTE mappings plus whole-folio mappings. */
int ms_page_mapcount(struct page *page);

/* The per-process files, created by the registry (procdir.c). */
extern const struct file_operations ms_maps_fops;
extern const struct file_operations ms_vmas_fops;
extern const struct file_operations ms_mm_fops;
extern const struct file_operations ms_pagetable_fops;
extern const struct file_operations ms_pages_fops;
extern const struct file_operations ms_translate_fops;

#endif /* MEMSCOPE_PROC_H */
