// SPDX-License-Identifier: GPL-2.0
/*
 * memscope: `translate`, a per-open question and answer. Write a user
 * virtual address (hex with 0x, or decimal); read the walk for it:
 *
 *   vaddr <hex>
 *   vma <start>-<end> <perms> [name]       (the VMA holding it)
 *   <level> <index> <raw entry, 16 hex digits> <decoded flags>
 *                                          one line per level walked,
 *                                          pgd first; "p4d folded" on 4
 *                                          levels; "pgd_user" under PTI
 *   entry present|none|swap|migration|hwpoison|marker|other
 *   then for present: pfn, phys, page_flags, refcount, mapcount;
 *   for swap: swap_type, swap_offset; for migration/hwpoison: pfn.
 *
 * Errors: write -EINVAL (not a number, negative, non-canonical), -ERANGE
 * (kernel half, or above 64 bits); read -EINVAL (nothing written yet),
 * -ESRCH (process gone), -ENXIO (no VMA holds the address).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mm.h>
#include <linux/mmap_lock.h>
#include <linux/module.h>
#include <linux/pgtable.h>
#include <linux/sched/mm.h>
#include <linux/seq_buf.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "access.h"
#include "parse.h"
#include "proc.h"
#include "stats.h"

#define TR_BUF_SIZE	2048

struct tr_state {
	struct ms_target target;
	struct mutex lock;	/* addr, answer */
	unsigned long addr;
	bool set;
	char *answer;
	size_t len;
};

/* Decoded x86 entry bits; bit 8 is PROTNONE when not present. */
static void tr_flags(struct seq_buf *s, u64 raw, bool leaf_level)
{
	bool present = raw & _PAGE_PRESENT;

	if (!raw) {
		seq_buf_printf(s, "%s", " none");
		return;
	}
	if (!present && !(raw & (_PAGE_PROTNONE | _PAGE_PSE))) {
		seq_buf_printf(s, "%s", " not-present");
		return;
	}
	seq_buf_printf(s, "%s", present ? " present" : " protnone");
	if (raw & _PAGE_RW)
		seq_buf_printf(s, "%s", " write");
	if (raw & _PAGE_USER)
		seq_buf_printf(s, "%s", " user");
	if (raw & _PAGE_PWT)
		seq_buf_printf(s, "%s", " pwt");
	if (raw & _PAGE_PCD)
		seq_buf_printf(s, "%s", " pcd");
	if (raw & _PAGE_ACCESSED)
		seq_buf_printf(s, "%s", " accessed");
	if (raw & _PAGE_DIRTY)
		seq_buf_printf(s, "%s", " dirty");
	if (!leaf_level && (raw & _PAGE_PSE))
		seq_buf_printf(s, "%s", " huge");
	if (present && (raw & _PAGE_GLOBAL))
		seq_buf_printf(s, "%s", " global");
	if (raw & _PAGE_SPECIAL)
		seq_buf_printf(s, "%s", " special");
	if (raw & _PAGE_SOFT_DIRTY)
		seq_buf_printf(s, "%s", " soft-dirty");
	if (raw & _PAGE_NX)
		seq_buf_printf(s, "%s", " nx");
}

static void tr_level(struct seq_buf *s, enum ms_level level,
		     unsigned long index, u64 raw)
{
	seq_buf_printf(s, "%s %lu %016llx", ms_level_name[level], index, raw);
	tr_flags(s, raw, level == MS_LVL_PTE);
	seq_buf_printf(s, "\n");
}

/*
 * The levels above the leaf; the leaf itself comes from the walker. The
 * caller checked that a VMA holds addr, so each table read here stays
 * allocated under mmap_read_lock (see pgwalk.c); the PTE table, which
 * khugepaged may retract, is read inside rcu_read_lock().
 */
static void tr_levels(struct seq_buf *s, struct mm_struct *mm,
		      unsigned long addr)
{
	pgd_t *pgdp = pgd_offset(mm, addr);
	pgd_t pgd = READ_ONCE(*pgdp);
	p4d_t *p4dp, p4d;
	pud_t *pudp, pud;
	pmd_t *pmdp, pmd;
	pte_t *ptep;

	tr_level(s, MS_LVL_PGD, pgd_index(addr), pgd_val(pgd));
/* v6.9: CONFIG_PAGE_TABLE_ISOLATION became CONFIG_MITIGATION_... */
#if defined(CONFIG_PAGE_TABLE_ISOLATION) || \
	defined(CONFIG_MITIGATION_PAGE_TABLE_ISOLATION)
	if (boot_cpu_has(X86_FEATURE_PTI))
		seq_buf_printf(s, "pgd_user %lu %016llx\n", pgd_index(addr),
			       (u64)pgd_val(READ_ONCE(*kernel_to_user_pgdp(pgdp))));
#endif
	if (pgd_none(pgd) || pgd_bad(pgd))
		return;
	p4dp = p4d_offset(&pgd, addr);
	p4d = READ_ONCE(*p4dp);
	if (pgtable_l5_enabled())
		tr_level(s, MS_LVL_P4D, p4d_index(addr), p4d_val(p4d));
	else
		seq_buf_printf(s, "%s", "p4d folded\n");
	if (p4d_none(p4d) || p4d_bad(p4d))
		return;
	pudp = pud_offset(&p4d, addr);
	pud = READ_ONCE(*pudp);
	tr_level(s, MS_LVL_PUD, pud_index(addr), pud_val(pud));
	if (pud_none(pud) || !pud_present(pud) || pud_leaf(pud) || pud_bad(pud))
		return;
	pmdp = pmd_offset(&pud, addr);
	rcu_read_lock();
	pmd = ms_pmdp_get(pmdp);
	tr_level(s, MS_LVL_PMD, pmd_index(addr), pmd_val(pmd));
	if (!pmd_none(pmd) && pmd_present(pmd) && !pmd_leaf(pmd) &&
	    !pmd_bad(pmd)) {
		ptep = (pte_t *)pmd_page_vaddr(pmd) + pte_index(addr);
		tr_level(s, MS_LVL_PTE, pte_index(addr),
			 pte_val(ptep_get(ptep)));
	}
	rcu_read_unlock();
}

/* Mapcount of one page: its own PTE mappings plus whole-folio mappings. */
static int tr_mapcount(struct page *page)
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

struct tr_result {
	unsigned long addr;		/* the address asked about */
	struct ms_leaf leaf;
	bool found;
	/* The page, read in the callback: under the leaf's lock. */
	unsigned long pfn;
	bool have_page;
	unsigned long page_flags;
	int refcount, mapcount;
};

static int tr_leaf(struct ms_walk *w, const struct ms_leaf *l)
{
	struct tr_result *r = w->priv;
	struct page *page;

	r->leaf = *l;
	r->found = true;
	if (l->kind != MS_PRESENT)
		return 1;
	/* A leaf above PTE level covers many pages: pick this one. */
	r->pfn = l->pfn + ((r->addr - l->addr) >> PAGE_SHIFT);
	if (l->flags & MS_F_NOPAGE || !pfn_valid(r->pfn))
		return 1;
	/* Mapped by an entry whose lock is held: it cannot be freed. */
	page = pfn_to_page(r->pfn);
	r->have_page = true;
	r->page_flags = READ_ONCE(page->flags);
	r->refcount = page_ref_count(page);
	r->mapcount = tr_mapcount(page);
	return 1;
}

/* Every leaf decoded (no pte_batch): the one asked about stops the walk. */
static const struct ms_walk_ops tr_ops = {
	.leaf_entry = tr_leaf,
};

static void tr_page(struct seq_buf *s, const struct tr_result *r)
{
	seq_buf_printf(s, "pfn %lx\n", r->pfn);
	seq_buf_printf(s, "phys %llx\n",
		       ((u64)r->pfn << PAGE_SHIFT) | (r->addr & ~PAGE_MASK));
	if (!r->have_page) {
		seq_buf_printf(s, "%s", "page none\n");
		return;
	}
	seq_buf_printf(s, "page_flags %pGp\n", &r->page_flags);
	seq_buf_printf(s, "refcount %d\n", r->refcount);
	seq_buf_printf(s, "mapcount %d\n", r->mapcount);
}

static int tr_answer(struct tr_state *st, struct seq_buf *s)
{
	unsigned long addr = st->addr;
	struct vm_area_struct *vma;
	struct tr_result r = {};
	struct ms_walk w = {};
	char flags[MS_NR_FLAGS + 1];
	struct mm_struct *mm;
	int ret = 0;
	u64 t0;

	mm = ms_target_mm_locked(&st->target);
	if (IS_ERR(mm))
		return PTR_ERR(mm);
	t0 = ms_hold_begin();
	vma = find_vma(mm, addr);
	if (!vma || vma->vm_start > addr) {
		ret = -ENXIO;
		goto out;
	}
	seq_buf_printf(s, "vaddr %lx\n", addr);
	seq_buf_printf(s, "vma %lx-%lx %c%c%c%c\n", vma->vm_start, vma->vm_end,
		       vma->vm_flags & VM_READ ? 'r' : '-',
		       vma->vm_flags & VM_WRITE ? 'w' : '-',
		       vma->vm_flags & VM_EXEC ? 'x' : '-',
		       vma->vm_flags & VM_MAYSHARE ? 's' : 'p');
	/* The levels as one sample, the leaf as another (own locking). */
	ms_walk_lock_vma(vma);
	tr_levels(s, mm, addr);
	ms_walk_unlock_vma(vma);

	r.addr = addr;
	w.mm = mm;
	w.addr = addr & PAGE_MASK;
	w.end = w.addr + PAGE_SIZE;
	w.ops = &tr_ops;
	w.priv = &r;
	ms_walk_step(&w);
	if (!r.found) {
		seq_buf_printf(s, "%s", "entry none\n");
		goto out;
	}
	ms_flag_letters(flags, r.leaf.flags);
	switch (r.leaf.kind) {
	case MS_PRESENT:
		seq_buf_printf(s, "entry present %s %s\n",
			       ms_level_name[r.leaf.level], flags);
		tr_page(s, &r);
		break;
	case MS_SWAP:
		seq_buf_printf(s, "entry swap\nswap_type %u\nswap_offset %lx\n",
			       r.leaf.swp_type, r.leaf.swp_offset);
		break;
	case MS_MIGRATION:
	case MS_HWPOISON:
		seq_buf_printf(s, "entry %s\npfn %lx\n",
			       r.leaf.kind == MS_MIGRATION ? "migration" :
			       "hwpoison", r.leaf.pfn);
		break;
	case MS_MARKER:
		seq_buf_printf(s, "%s", "entry marker\n");
		break;
	default:
		seq_buf_printf(s, "%s", "entry other\n");
		break;
	}
out:
	ms_hold_end(MS_LOCK_MMAP, t0, 1);
	mmap_read_unlock(mm);
	mmput(mm);
	return ret;
}

static ssize_t tr_read(struct file *file, char __user *ubuf, size_t len,
		       loff_t *ppos)
{
	struct tr_state *st = file->private_data;
	struct seq_buf s;
	ssize_t ret;

	/* Held across the copy to user, which may stall: killable. */
	if (mutex_lock_killable(&st->lock))
		return -EINTR;
	if (!st->set) {
		ret = -EINVAL;
		goto out;
	}
	if (*ppos == 0 || !st->answer) {
		if (!st->answer)
			st->answer = ms_kzalloc(TR_BUF_SIZE, GFP_KERNEL);
		if (!st->answer) {
			ret = -ENOMEM;
			goto out;
		}
		seq_buf_init(&s, st->answer, TR_BUF_SIZE);
		ret = tr_answer(st, &s);
		if (ret) {
			ms_kfree(st->answer);
			st->answer = NULL;
			goto out;
		}
		st->len = seq_buf_used(&s);
	}
	ret = simple_read_from_buffer(ubuf, len, ppos, st->answer, st->len);
out:
	mutex_unlock(&st->lock);
	return ret;
}

/* Canonical: bits 63..N-1 all equal, N = 48 or 57 virtual address bits. */
static bool tr_canonical(unsigned long addr)
{
	int bits = pgtable_l5_enabled() ? 57 : 48;

	return ((long)(addr << (64 - bits)) >> (64 - bits)) == (long)addr;
}

static ssize_t tr_write(struct file *file, const char __user *ubuf,
			size_t len, loff_t *ppos)
{
	struct tr_state *st = file->private_data;
	unsigned long addr;
	struct ms_cmd c;
	u64 v;
	int ret;

	ret = ms_may_write(file, MS_NEED_PHYS);
	if (!ret)
		ret = ms_cmd_from_user(&c, ubuf, len);
	if (ret)
		return ret;
	if (c.nwords != 1)
		return -EINVAL;
	ret = ms_parse_number(c.word[0], U64_MAX, &v);
	if (ret)
		return ret;
	addr = v;
	if (!tr_canonical(addr))
		return -EINVAL;
	if (addr >= ms_user_end())
		return -ERANGE;

	if (mutex_lock_killable(&st->lock))
		return -EINTR;
	st->addr = addr;
	st->set = true;
	ms_kfree(st->answer);
	st->answer = NULL;
	mutex_unlock(&st->lock);
	/* The answer is read from the start on the same descriptor. */
	*ppos = 0;
	return len;
}

static int tr_open(struct inode *inode, struct file *file)
{
	struct tr_state *st = ms_kzalloc(sizeof(*st), GFP_KERNEL);
	int ret;

	if (!st)
		return -ENOMEM;
	/* PFNs and physical addresses: CAP_SYS_ADMIN (access.h). */
	ret = ms_may_open(file, MS_NEED_PHYS);
	if (!ret)
		ret = ms_target_open(file, &st->target);
	if (ret) {
		ms_kfree(st);
		return ret;
	}
	mutex_init(&st->lock);
	file->private_data = st;
	return 0;
}

static int tr_release(struct inode *inode, struct file *file)
{
	struct tr_state *st = file->private_data;

	ms_target_release(&st->target);
	ms_kfree(st->answer);
	mutex_destroy(&st->lock);
	ms_kfree(st);
	return 0;
}

const struct file_operations ms_translate_fops = {
	.owner = THIS_MODULE,
	.open = tr_open,
	.read = tr_read,
	.write = tr_write,
	.llseek = default_llseek,
	.release = tr_release,
};
