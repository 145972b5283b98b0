// SPDX-License-Identifier: GPL-2.0
/* memsim: one trace through buddy and the three partition policies (frag.h). */
#define _POSIX_C_SOURCE 200809L
#include "frag.h"
#include "partition.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

#define NPARTS	(FRAG_ALLOCATORS - 1)

/* where each live ID is, in the buddy model and in each partition */
struct frag_state {
	struct buddy *b;
	struct partition parts[NPARTS];
	uint64_t page_size;
	uint64_t *ppos, *bpfn;	/* per ID: partition offsets, buddy pfn */
	size_t *aidx;		/* per ID: index of its alloc op */
	uint64_t bwaste, live_bytes;
};

static void frag_alloc(struct frag_state *s, const struct bop *op, size_t i)
{
	int k;

	s->aidx[op->id] = i;
	s->bpfn[op->id] = buddy_alloc(s->b, op->order, op->mt, -1);
	if (s->bpfn[op->id] != UINT64_MAX) {
		s->bwaste += (s->page_size << op->order) - op->arg;
		s->live_bytes += op->arg;
	}
	for (k = 0; k < NPARTS; k++)
		s->ppos[NPARTS * op->id + (size_t)k] = part_alloc(&s->parts[k], op->arg);
}

/* the parser guarantees a matching earlier alloc */
static void frag_free(struct frag_state *s, const struct btrace *t,
		      const struct bop *op)
{
	const struct bop *a = &t->ops[s->aidx[op->id]];
	uint64_t bytes = a->arg;
	int k;

	if (s->bpfn[op->id] != UINT64_MAX) {
		buddy_free(s->b, s->bpfn[op->id], a->order, a->mt);
		s->bwaste -= (s->page_size << a->order) - bytes;
		s->live_bytes -= bytes;
	}
	for (k = 0; k < NPARTS; k++)
		if (s->ppos[NPARTS * op->id + (size_t)k] != UINT64_MAX)
			part_free(&s->parts[k], s->ppos[NPARTS * op->id + (size_t)k], bytes);
}

/* the buddy model's row: its one zone's free lists */
static void buddy_row(const struct frag_state *s, struct frag_row *r)
{
	const struct buddy *b = s->b;
	const struct bzone *z = &b->zones[0];
	unsigned int o, q;

	r->name = "buddy";
	r->failures = b->st.failures;
	r->waste = s->bwaste;
	r->free = z->free_pages * s->page_size;
	r->largest = 0;
	for (o = 0; o < b->nr_orders; o++)
		if (z->nr_free[o])
			r->largest = (s->page_size << o);
	for (o = 0; o < b->nr_orders; o++) {
		uint64_t suitable = 0, fp = 0;

		for (q = 0; q < b->nr_orders; q++) {
			fp += z->nr_free[q] << q;
			if (q >= o)
				suitable += z->nr_free[q] << (q - o);
		}
		r->unusable[o] = fp ? (int)((fp - (suitable << o)) * 1000 / fp) : 1000;
	}
}

static void part_row(const struct frag_state *s, const struct partition *p,
		     struct frag_row *r)
{
	unsigned int o;

	r->name = fit_name(p->policy);
	r->failures = p->failures;
	r->waste = 0;
	r->free = part_free_bytes(p);
	r->largest = part_largest_hole(p);
	for (o = 0; o < s->b->nr_orders; o++)
		r->unusable[o] = part_unusable_index(p, s->page_size << o);
}

int frag_replay(struct buddy *b, const struct btrace *t, const char *trace,
		uint64_t page_size, uint64_t pages, struct frag_result *res)
{
	struct frag_state s = { .b = b, .page_size = page_size };
	size_t i;
	int k, ret = 0;

	memset(res, 0, sizeof(*res));
	res->memory = pages * page_size;
	res->nr_orders = b->nr_orders;
	for (k = 0; k < NPARTS; k++)
		part_init(&s.parts[k], (enum fit_policy)k, res->memory, 1);
	s.ppos = xmalloc(NPARTS * (t->ids.n + 1) * sizeof(uint64_t));
	s.bpfn = xmalloc((t->ids.n + 1) * sizeof(uint64_t));
	s.aidx = xmalloc((t->ids.n + 1) * sizeof(size_t));
	for (i = 0; i < t->n && !ret; i++) {
		const struct bop *op = &t->ops[i];

		if (op->kind == BOP_ALLOC)
			frag_alloc(&s, op, i);
		else if (op->kind == BOP_FREE)
			frag_free(&s, t, op);
		else if (op->kind != BOP_SHOW)
			ret = perr(trace, op->line, "frag traces take alloc and free only");
	}
	if (!ret) {
		buddy_row(&s, &res->rows[0]);
		for (k = 0; k < NPARTS; k++)
			part_row(&s, &s.parts[k], &res->rows[k + 1]);
		res->live_bytes = s.live_bytes;
	}
	for (k = 0; k < NPARTS; k++)
		part_destroy(&s.parts[k]);
	free(s.ppos);
	free(s.bpfn);
	free(s.aidx);
	return ret;
}
