// SPDX-License-Identifier: GPL-2.0
/*
 * memsim: x86_64 page-table pages and pgtables_bytes (the `pgtable`
 * command: cmd_pgtable.c, its trace: pgtable_trace.c).
 */
#define _POSIX_C_SOURCE 200809L
#include "pgtable.h"
#include "util.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define EMPTY UINT64_MAX
#define TOMB (UINT64_MAX - 1)

static uint64_t mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	return x;
}

static void u64set_grow(struct u64set *s)
{
	size_t ncap = s->cap ? s->cap * 2 : 64, i;
	uint64_t *nk = xmalloc(ncap * sizeof(uint64_t));

	memset(nk, 0xff, ncap * sizeof(uint64_t));
	for (i = 0; i < s->cap; i++) {
		size_t j;

		if (s->k[i] >= TOMB)
			continue;
		j = mix(s->k[i]) & (ncap - 1);
		while (nk[j] != EMPTY)
			j = (j + 1) & (ncap - 1);
		nk[j] = s->k[i];
	}
	free(s->k);
	s->k = nk;
	s->cap = ncap;
}

bool u64set_has(const struct u64set *s, uint64_t k)
{
	size_t j;

	if (!s->cap)
		return false;
	j = mix(k) & (s->cap - 1);
	while (s->k[j] != EMPTY) {
		if (s->k[j] == k)
			return true;
		j = (j + 1) & (s->cap - 1);
	}
	return false;
}

bool u64set_add(struct u64set *s, uint64_t k)
{
	size_t j;

	if (u64set_has(s, k))
		return false;
	if ((s->n + 1) * 2 > s->cap)
		u64set_grow(s);
	j = mix(k) & (s->cap - 1);
	while (s->k[j] < TOMB)
		j = (j + 1) & (s->cap - 1);
	s->k[j] = k;
	s->n++;
	return true;
}

bool u64set_del(struct u64set *s, uint64_t k)
{
	size_t j;

	if (!s->cap)
		return false;
	j = mix(k) & (s->cap - 1);
	while (s->k[j] != EMPTY) {
		if (s->k[j] == k) {
			s->k[j] = TOMB;
			s->n--;
			return true;
		}
		j = (j + 1) & (s->cap - 1);
	}
	return false;
}

static const unsigned int span_shift[PT_LEVELS] = { 21, 30, 39, 48, 57 };

void pt_init(struct pgtable *pt, int levels)
{
	memset(pt, 0, sizeof(*pt));
	pt->levels = levels;
}

void pt_destroy(struct pgtable *pt)
{
	int l;

	for (l = 0; l < PT_LEVELS; l++)
		free(pt->tables[l].k);
	free(pt->thp.k);
	free(pt->hugepud.k);
	free(pt->ptes.k);
	memset(pt, 0, sizeof(*pt));
}

void pt_map(struct pgtable *pt, uint64_t va, enum pt_level leaf)
{
	int l;

	/* the table holding the leaf and every table above it */
	for (l = (int)leaf; l < PT_PGD; l++) {
		if (l == PT_P4D && pt->levels == 4)
			continue;	/* folded into the PGD */
		u64set_add(&pt->tables[l], va >> span_shift[l]);
	}
	u64set_add(&pt->tables[PT_PGD], 0);
	if (leaf == PT_PTE)
		u64set_add(&pt->ptes, va >> 12);
	if (leaf == PT_PMD && u64set_add(&pt->thp, va >> 21))
		pt->deposited++;
	if (leaf == PT_PUD)
		u64set_add(&pt->hugepud, va >> 30);
}

/* should the level-l table at base P go (free_p?d_range tail checks) */
static bool table_goes(int l, uint64_t P, uint64_t a0, uint64_t e,
		       uint64_t floor, uint64_t ceiling)
{
	uint64_t sz = 1ull << span_shift[l], sub_end;

	if (P + sz <= a0 || P >= e)
		return false;		/* not visited */
	if (l == PT_PTE)
		return true;		/* free_pte_range on every visited pmd */
	if (P < floor)
		return false;
	if (ceiling) {
		uint64_t c = ceiling & ~(sz - 1);

		if (!c)
			return false;
		sub_end = P + sz < e ? P + sz : e;
		if (sub_end - 1 > c - 1)
			return false;
	}
	return true;
}

static void free_level(struct pgtable *pt, int l, uint64_t a0, uint64_t e,
		       uint64_t floor, uint64_t ceiling)
{
	uint64_t sz = 1ull << span_shift[l], P;
	size_t i;

	if ((e - a0) / sz > pt->tables[l].n * 4 + 64) {
		for (i = 0; i < pt->tables[l].cap; i++) {
			uint64_t k = pt->tables[l].k[i];

			if (k < TOMB && table_goes(l, k << span_shift[l], a0, e, floor, ceiling))
				u64set_del(&pt->tables[l], k);
		}
		return;
	}
	for (P = a0 & ~(sz - 1); P < e; P += sz) {
		if (table_goes(l, P, a0, e, floor, ceiling))
			u64set_del(&pt->tables[l], P >> span_shift[l]);
		if (P + sz < P)
			break;
	}
}

void pt_unmap(struct pgtable *pt, uint64_t start, uint64_t end,
	      uint64_t floor, uint64_t ceiling)
{
	const uint64_t PMD = 1ull << 21;
	uint64_t a, a0, e;
	int l;

	/* zap the leaves */
	if (pt->ptes.n) {
		if ((end - start) >> 12 < pt->ptes.n * 2) {
			for (a = start; a < end; a += 4096)
				u64set_del(&pt->ptes, a >> 12);
		} else {
			size_t i;

			for (i = 0; i < pt->ptes.cap; i++)
				if (pt->ptes.k[i] < TOMB && (pt->ptes.k[i] << 12) >= start &&
				    (pt->ptes.k[i] << 12) < end)
					u64set_del(&pt->ptes, pt->ptes.k[i]);
		}
	}
	for (a = start & ~(PMD - 1); a < end; a += PMD)
		if (u64set_del(&pt->thp, a >> 21))
			pt->deposited--;
	for (a = start & ~((1ull << 30) - 1); a < end; a += 1ull << 30)
		u64set_del(&pt->hugepud, a >> 30);

	/* free_pgd_range(): the range adjusted at PMD granularity */
	a0 = start & ~(PMD - 1);
	if (a0 < floor)
		a0 += PMD;
	e = end;
	if (ceiling) {
		uint64_t c = ceiling & ~(PMD - 1);

		if (!c)
			return;
		if (e - 1 > c - 1)
			e -= PMD;
	}
	if (a0 > e - 1)
		return;
	for (l = PT_PTE; l < PT_PGD; l++) {
		if (l == PT_P4D && pt->levels == 4)
			continue;
		free_level(pt, l, a0, e, floor, ceiling);
	}
}

uint64_t pt_count(const struct pgtable *pt, enum pt_level l)
{
	if (l == PT_P4D && pt->levels == 4)
		return 0;
	return pt->tables[l].n;
}

uint64_t pt_pgtables_bytes(const struct pgtable *pt)
{
	return (pt->tables[PT_PTE].n + pt->deposited + pt->tables[PT_PMD].n +
		pt->tables[PT_PUD].n) * 4096;
}

void pt_print(const struct pgtable *pt, FILE *f)
{
	fprintf(f, "pte_pages %" PRIu64 "\npmd_pages %" PRIu64 "\npud_pages %" PRIu64
		"\np4d_pages %" PRIu64 "\npgd_pages %" PRIu64 "\ndeposited_pte_pages %" PRIu64
		"\npgtables_bytes %" PRIu64 "\n",
		pt_count(pt, PT_PTE), pt_count(pt, PT_PMD), pt_count(pt, PT_PUD),
		pt_count(pt, PT_P4D), pt_count(pt, PT_PGD), pt->deposited,
		pt_pgtables_bytes(pt));
}
