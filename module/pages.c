// SPDX-License-Identifier: GPL-2.0
/*
 * memscope: `pagetable` (totals of a full walk) and `pages` (one line per
 * mapped page or leaf), both driven by pgwalk.c through their walk ops,
 * and the level names and flag letters every printer shares.
 *
 * `pagetable` walks the whole user range taking the mmap lock per step;
 * `pages` is a seq_file whose records are walk steps (about one PTE table
 * each), so its output is produced in bounded pieces and the lock is never
 * held across two read() calls.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitops.h>
#include <linux/kernel.h>	/* hex_asc (linux/hex.h since 6.2) */
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/mmap_lock.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "access.h"
#include "proc.h"
#include "stats.h"

const char *const ms_level_name[MS_NR_LEVELS] = {
	"pte", "pmd", "pud", "p4d", "pgd",
};

const char ms_flag_letter[MS_NR_FLAGS] = {
	[ilog2(MS_F_WRITE)] = 'w',
	[ilog2(MS_F_DIRTY)] = 'd',
	[ilog2(MS_F_YOUNG)] = 'a',
	[ilog2(MS_F_EXEC)] = 'x',
	[ilog2(MS_F_SOFTDIRTY)] = 's',
	[ilog2(MS_F_SPECIAL)] = 'S',
	[ilog2(MS_F_ZERO)] = 'z',
	[ilog2(MS_F_NUMA)] = 'n',
	[ilog2(MS_F_PROTNONE)] = 'p',
	[ilog2(MS_F_HUGETLB)] = 'H',
	[ilog2(MS_F_ANON)] = 'A',
	[ilog2(MS_F_NOPAGE)] = 'P',
	[ilog2(MS_F_UFFD_WP)] = 'u',
};

/* Lower-case hex without 0x at p, written from its last digit; the end. */
static char *ms_hex(char *p, unsigned long v)
{
	char *end = p + (v ? DIV_ROUND_UP(fls64(v), 4) : 1);

	p = end;
	do {
		*--p = hex_asc[v & 15];
		v >>= 4;
	} while (v);
	return end;
}

/* --- pagetable ------------------------------------------------------ */

struct pt_totals {
	unsigned long present_ptes, pmd_leaves, pud_leaves;
	unsigned long swap, migration, hwpoison, marker, other;
	unsigned long zero, numa, protnone, nopage, deposited;
};

/* Ordinary present PTEs: counted, nothing else looked at. */
static int pt_count_ptes(struct ms_walk *w, unsigned long addr,
			 const pte_t *ptes, unsigned int n)
{
	struct pt_totals *t = w->priv;

	t->present_ptes += n;
	return 0;
}

static int pt_count_leaf(struct ms_walk *w, const struct ms_leaf *l)
{
	struct pt_totals *t = w->priv;

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
	if (l->level == MS_LVL_PMD && vma_is_anonymous(l->vma) &&
	    (l->kind == MS_PRESENT || l->kind == MS_MIGRATION))
		t->deposited++;
	return 0;
}

static const struct ms_walk_ops pt_count_ops = {
	.pte_batch = pt_count_ptes,
	.leaf_entry = pt_count_leaf,
	.pte_no_anon = true,	/* PageAnon() is not counted */
};

static int pagetable_show(struct seq_file *m, void *v)
{
	struct ms_target *target = m->private;
	struct pt_totals t = {};
	struct ms_walk w = {
		.ops = &pt_count_ops,
		.priv = &t,
	};
	unsigned long bytes;
	int ret;

	w.mm = ms_target_mm(target);
	if (IS_ERR(w.mm))
		return PTR_ERR(w.mm);
	w.addr = 0;
	w.end = ms_user_end();
	ret = ms_walk_range(&w);
	bytes = mm_pgtables_bytes(w.mm);
	mmput(w.mm);
	if (ret)
		return ret;

	seq_printf(m, "present_ptes %lu\n", t.present_ptes);
	seq_printf(m, "pmd_leaves %lu\n", t.pmd_leaves);
	seq_printf(m, "pud_leaves %lu\n", t.pud_leaves);
	seq_printf(m, "swap_entries %lu\n", t.swap);
	seq_printf(m, "migration_entries %lu\n", t.migration);
	seq_printf(m, "hwpoison_entries %lu\n", t.hwpoison);
	seq_printf(m, "marker_entries %lu\n", t.marker);
	seq_printf(m, "other_nonpresent %lu\n", t.other);
	seq_printf(m, "zero_page_leaves %lu\n", t.zero);
	seq_printf(m, "protnone_leaves %lu\n", t.protnone);
	seq_printf(m, "numa_hint_leaves %lu\n", t.numa);
	seq_printf(m, "nopage_leaves %lu\n", t.nopage);
	seq_printf(m, "pte_tables %lu\n", w.tables[MS_LVL_PTE]);
	seq_printf(m, "pte_tables_deposited %lu\n", t.deposited);
	seq_printf(m, "pmd_tables %lu\n", w.tables[MS_LVL_PMD]);
	seq_printf(m, "pud_tables %lu\n", w.tables[MS_LVL_PUD]);
	seq_printf(m, "p4d_tables %lu\n", w.tables[MS_LVL_P4D]);
	seq_puts(m, "pgd_tables 1\n");
	seq_printf(m, "pgtables_bytes_walked %lu\n",
		   (w.tables[MS_LVL_PTE] + t.deposited + w.tables[MS_LVL_PMD] +
		    w.tables[MS_LVL_PUD]) * PAGE_SIZE);
	seq_printf(m, "pgtables_bytes %lu\n", bytes);
	seq_printf(m, "levels %d\n", ms_pgtable_levels());
	seq_printf(m, "walked_half %s\n",
		   boot_cpu_has(X86_FEATURE_PTI) ? "kernel" : "single");
	return 0;
}

static int pagetable_open(struct inode *inode, struct file *file)
{
	return ms_single_target_open(inode, file, pagetable_show);
}

const struct file_operations ms_pagetable_fops = {
	.owner = THIS_MODULE,
	.open = pagetable_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = ms_single_target_release,
};

/* --- pages ---------------------------------------------------------- */

struct pages_iter {
	struct ms_target target;
	struct mm_struct *mm;
	unsigned long cur;	/* first address of record `pos` */
	unsigned long next;	/* where record `pos` ended */
	loff_t pos;
	char token;
};

/*
 * A present leaf's line, "<addr> <pfn> <level> <flags>", formatted by
 * hand: vsnprintf is slow and this is nearly every line.
 */
static __always_inline void pages_present(struct seq_file *m,
					  unsigned long addr, unsigned long pfn,
					  enum ms_level level,
					  unsigned int flags)
{
	char line[64], *p = line;

	p = ms_hex(p, addr);
	*p++ = ' ';
	p = ms_hex(p, pfn);
	*p++ = ' ';
	memcpy(p, ms_level_name[level], 3);
	p += 3;
	*p++ = ' ';
	p = ms_flag_letters(p, flags);
	*p++ = '\n';
	seq_write(m, line, p - line);
}

/*
 * Ordinary present PTEs, as the walker passes them: the flags of each
 * one's leaf are the PTE's own and PageAnon() (read under the PTL, which
 * the walker holds, so the page is still mapped).
 */
static int pages_ptes(struct ms_walk *w, unsigned long addr,
		      const pte_t *ptes, unsigned int n)
{
	unsigned int i, flags;
	unsigned long pfn;

	for (i = 0; i < n; i++, addr += PAGE_SIZE) {
		pfn = pte_pfn(ptes[i]);
		flags = ms_pte_flags(ptes[i]);
		if (PageAnon(pfn_to_page(pfn)))
			flags |= MS_F_ANON;
		pages_present(w->priv, addr, pfn, MS_LVL_PTE, flags);
	}
	return 0;
}

static int pages_leaf(struct ms_walk *w, const struct ms_leaf *l)
{
	struct seq_file *m = w->priv;

	switch (l->kind) {
	case MS_PRESENT:
		pages_present(m, l->addr, l->pfn, l->level, l->flags);
		break;
	case MS_SWAP:
		seq_printf(m, "%lx swap %u %lx\n", l->addr, l->swp_type,
			   l->swp_offset);
		break;
	case MS_MIGRATION:
		seq_printf(m, "%lx migration %lx %s %s\n", l->addr, l->pfn,
			   ms_level_name[l->level],
			   l->migration_write ? "write" : "read");
		break;
	case MS_HWPOISON:
		seq_printf(m, "%lx hwpoison %lx %s\n", l->addr, l->pfn,
			   ms_level_name[l->level]);
		break;
	case MS_MARKER:
		seq_printf(m, "%lx marker %llx\n", l->addr, l->raw);
		break;
	default:
		seq_printf(m, "%lx other %llx %s\n", l->addr, l->raw,
			   ms_level_name[l->level]);
		break;
	}
	return 0;
}

static const struct ms_walk_ops pages_ops = {
	.pte_batch = pages_ptes,
	.leaf_entry = pages_leaf,
};

static void *pages_start(struct seq_file *m, loff_t *pos)
{
	struct pages_iter *it = m->private;
	struct mm_struct *mm;

	if (*pos == 0) {
		it->cur = 0;
		it->pos = 0;
	} else if (*pos != it->pos) {
		/*
		 * seq_file resumes where the last record ended or restarts
		 * at 0 (lseek, pread: traverse()); records are walk steps,
		 * so any other position has no record to start from.
		 */
		return ERR_PTR(-ESPIPE);
	}
	if (it->cur >= ms_user_end())
		return NULL;
	mm = ms_target_mm(&it->target);
	if (IS_ERR(mm))
		return mm;
	it->mm = mm;
	return &it->token;
}

static int pages_show(struct seq_file *m, void *v)
{
	struct pages_iter *it = m->private;
	struct ms_walk w = {
		.mm = it->mm,
		.addr = it->cur,
		.end = ms_user_end(),
		.ops = &pages_ops,
		.priv = m,
	};
	u64 t0, r0;
	int ret;

	r0 = ms_hold_begin();
	if (mmap_read_lock_killable(it->mm))
		return -EINTR;
	t0 = ms_hold_begin();
	ret = ms_walk_step(&w);
	ms_hold_end(MS_LOCK_MMAP, t0, w.work);
	mmap_read_unlock(it->mm);
	ms_hold_end(MS_LOCK_RESCHED, r0, w.work);
	it->next = w.addr;
	return ret;
}

static void *pages_next(struct seq_file *m, void *v, loff_t *pos)
{
	struct pages_iter *it = m->private;

	it->cur = it->next;
	it->pos = ++*pos;
	cond_resched();
	if (it->cur >= ms_user_end() || fatal_signal_pending(current))
		return NULL;
	return v;
}

static void pages_stop(struct seq_file *m, void *v)
{
	struct pages_iter *it = m->private;

	if (it->mm) {
		mmput(it->mm);
		it->mm = NULL;
	}
}

static const struct seq_operations pages_sops = {
	.start = pages_start,
	.next = pages_next,
	.stop = pages_stop,
	.show = pages_show,
};

static int pages_open(struct inode *inode, struct file *file)
{
	struct pages_iter *it;

	int ret;

	/* PFNs: CAP_SYS_ADMIN, as pagemap's (access.h). */
	ret = ms_may_open(file, MS_NEED_PHYS);
	if (ret)
		return ret;
	it = __seq_open_private(file, &pages_sops, sizeof(*it));
	if (!it)
		return -ENOMEM;
	ret = ms_target_open(file, &it->target);
	if (ret)
		seq_release_private(inode, file);
	return ret;
}

static int pages_release(struct inode *inode, struct file *file)
{
	struct seq_file *m = file->private_data;
	struct pages_iter *it = m->private;

	ms_target_release(&it->target);
	return seq_release_private(inode, file);
}

const struct file_operations ms_pages_fops = {
	.owner = THIS_MODULE,
	.open = pages_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = pages_release,
};
