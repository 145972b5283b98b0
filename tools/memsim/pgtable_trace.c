// SPDX-License-Identifier: GPL-2.0
/* memsim: the fault/munmap trace through the page-table model (pgtable_trace.h). */
#define _POSIX_C_SOURCE 200809L
#include "pgtable_trace.h"
#include "util.h"

#include <inttypes.h>
#include <string.h>

/* "START LEN": page-aligned, non-empty, below TASK; true when it is */
static bool range(char **tok, uint64_t task, uint64_t *a, uint64_t *len)
{
	return parse_hex_u64(tok[1], a) && parse_size(tok[2], len) && *len &&
	       !(*a & 4095) && *a + *len <= task && *a + *len > *a;
}

static int op_fault(struct pgtable *pt, const struct vma_set *vs,
		    const struct lreader *lr, char **tok, int nt, uint64_t a)
{
	enum pt_level lv = PT_PTE;

	if (nt == 3) {
		if (!strcmp(tok[2], "pmd"))
			lv = PT_PMD;
		else if (!strcmp(tok[2], "pud"))
			lv = PT_PUD;
		else if (strcmp(tok[2], "pte"))
			return perr(lr->name, lr->lineno, "level is pte, pmd or pud");
	}
	if (!vs_find(vs, a))
		return perr(lr->name, lr->lineno, "fault at %" PRIx64 " outside every VMA", a);
	pt_map(pt, a, lv);
	return 0;
}

/* munmap, then free the tables clear of the VMAs left around the range */
static int op_munmap(struct pgtable *pt, struct vma_set *vs,
		     const struct lreader *lr, uint64_t a, uint64_t len)
{
	uint64_t floor = 0, ceiling = 0, end = a + ((len + 4095) & ~4095ull);
	size_t i;

	if (vs_munmap(vs, a, len))
		return perr(lr->name, lr->lineno, "munmap failed");
	for (i = 0; i < vs->n; i++) {
		if (vs->v[i].end <= a)
			floor = vs->v[i].end;
		if (vs->v[i].start >= end && !ceiling)
			ceiling = vs->v[i].start;
	}
	pt_unmap(pt, a, end, floor, ceiling);
	return 0;
}

struct pgtrace {
	struct pgtable *pt;
	struct vma_set *vs;
};

static int pgtrace_line(void *ctx, const struct lreader *lr, char *line)
{
	struct pgtrace *t = ctx;
	struct vma_set *vs = t->vs;
	char *tok[6];
	int nt = split_ws(line, tok, 4);
	uint64_t a, len;

	if (nt == 0)
		return 0;
	if (!strcmp(tok[0], "mmap") && nt == 3 && range(tok, vs->task_size, &a, &len)) {
		if (!vs_mmap(vs, a, len, VM_READ | VM_WRITE, true, -1, 0, NULL, 0))
			return perr(lr->name, lr->lineno, "mmap failed");
		return 0;
	}
	if (!strcmp(tok[0], "fault") && (nt == 2 || nt == 3) &&
	    parse_hex_u64(tok[1], &a))
		return op_fault(t->pt, vs, lr, tok, nt, a);
	if (!strcmp(tok[0], "munmap") && nt == 3 && range(tok, vs->task_size, &a, &len))
		return op_munmap(t->pt, vs, lr, a, len);
	if (!strcmp(tok[0], "show") && nt == 1) {
		pt_print(t->pt, stdout);
		return 0;
	}
	return perr(lr->name, lr->lineno, "bad line (see memsim pgtable -h)");
}

int pgtrace_replay(struct pgtable *pt, struct vma_set *vs, const char *path)
{
	struct pgtrace t = { pt, vs };

	return lr_each(path, true, pgtrace_line, &t);
}
