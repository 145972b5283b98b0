// SPDX-License-Identifier: GPL-2.0
/* memsim: x86_64 page-table pages and pgtables_bytes; `pgtable` command. */
#define _POSIX_C_SOURCE 200809L
#include "pgtable.h"
#include "cli.h"
#include "util.h"

#include <getopt.h>
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

/* ---- the `pgtable` command ---- */

static void pgtable_usage(FILE *f)
{
	fprintf(f,
"usage: memsim pgtable [options] --trace FILE\n"
"  Page-table pages per level and pgtables_bytes for a fault/munmap trace.\n"
"      --levels 4|5      paging levels (default 4)\n"
"  -j, --json            JSON output\n"
"  -h, --help\n"
"trace lines (addresses in hex):\n"
"  mmap START LEN        add a VMA (no tables yet)\n"
"  fault ADDR [pte|pmd|pud]   first touch: map a 4K page, a THP, a 1G page\n"
"  munmap START LEN      unmap, freeing tables clear of the neighbour VMAs\n"
"  show                  print the counts now\n");
}

static void pt_print(const struct pgtable *pt, FILE *f)
{
	fprintf(f, "pte_pages %" PRIu64 "\npmd_pages %" PRIu64 "\npud_pages %" PRIu64
		"\np4d_pages %" PRIu64 "\npgd_pages %" PRIu64 "\ndeposited_pte_pages %" PRIu64
		"\npgtables_bytes %" PRIu64 "\n",
		pt_count(pt, PT_PTE), pt_count(pt, PT_PMD), pt_count(pt, PT_PUD),
		pt_count(pt, PT_P4D), pt_count(pt, PT_PGD), pt->deposited,
		pt_pgtables_bytes(pt));
}

int cmd_pgtable(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "levels", required_argument, NULL, 1000 },
		{ "trace", required_argument, NULL, 't' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	long levels = 4;
	const char *trace = NULL;
	int c, json = 0, r, ret = 1;
	struct pgtable pt;
	struct vma_set vs;
	struct lreader lr;
	char *line, *tok[6];
	uint64_t task;

	optind = 1;
	while ((c = getopt_long(argc, argv, "t:jh", lo, NULL)) != -1) {
		switch (c) {
		case 1000:
			if (!parse_int(optarg, 4, 5, &levels))
				return perr(NULL, 0, "--levels is 4 or 5"), 2;
			break;
		case 't': trace = optarg; break;
		case 'j': json = 1; break;
		case 'h': pgtable_usage(stdout); return 0;
		default: pgtable_usage(stderr); return 2;
		}
	}
	if (!trace || optind < argc) {
		pgtable_usage(stderr);
		return 2;
	}
	task = levels == 5 ? 0x00fffffffffff000ull : 0x7ffffffff000ull;
	pt_init(&pt, (int)levels);
	vs_init(&vs, 612, task, task);
	if (lr_open(&lr, trace, true))
		goto out;
	while ((r = lr_next(&lr, &line)) > 0) {
		int nt = split_ws(line, tok, 4);
		uint64_t a, len;

		if (nt == 0)
			continue;
		if (!strcmp(tok[0], "mmap") && nt == 3 && parse_hex_u64(tok[1], &a) &&
		    parse_size(tok[2], &len) && len && !(a & 4095) && a + len <= task && a + len > a) {
			if (!vs_mmap(&vs, a, len, VM_READ | VM_WRITE, true, -1, 0, NULL, 0)) {
				perr(lr.name, lr.lineno, "mmap failed");
				goto out;
			}
		} else if (!strcmp(tok[0], "fault") && (nt == 2 || nt == 3) &&
			   parse_hex_u64(tok[1], &a)) {
			enum pt_level lv = PT_PTE;

			if (nt == 3) {
				if (!strcmp(tok[2], "pmd"))
					lv = PT_PMD;
				else if (!strcmp(tok[2], "pud"))
					lv = PT_PUD;
				else if (strcmp(tok[2], "pte")) {
					perr(lr.name, lr.lineno, "level is pte, pmd or pud");
					goto out;
				}
			}
			if (!vs_find(&vs, a)) {
				perr(lr.name, lr.lineno, "fault at %" PRIx64 " outside every VMA", a);
				goto out;
			}
			pt_map(&pt, a, lv);
		} else if (!strcmp(tok[0], "munmap") && nt == 3 && parse_hex_u64(tok[1], &a) &&
			   parse_size(tok[2], &len) && len && !(a & 4095) && a + len <= task && a + len > a) {
			uint64_t floor = 0, ceiling = 0, end = a + ((len + 4095) & ~4095ull);
			size_t i;

			if (vs_munmap(&vs, a, len)) {
				perr(lr.name, lr.lineno, "munmap failed");
				goto out;
			}
			for (i = 0; i < vs.n; i++) {
				if (vs.v[i].end <= a)
					floor = vs.v[i].end;
				if (vs.v[i].start >= end && !ceiling)
					ceiling = vs.v[i].start;
			}
			pt_unmap(&pt, a, end, floor, ceiling);
		} else if (!strcmp(tok[0], "show") && nt == 1) {
			pt_print(&pt, stdout);
		} else {
			perr(lr.name, lr.lineno, "bad line (see memsim pgtable -h)");
			goto out;
		}
	}
	if (r < 0)
		goto out;
	if (json)
		printf("{\"levels\": %ld, \"pte_pages\": %" PRIu64 ", \"pmd_pages\": %" PRIu64
		       ", \"pud_pages\": %" PRIu64 ", \"p4d_pages\": %" PRIu64 ", \"pgd_pages\": %" PRIu64
		       ", \"deposited_pte_pages\": %" PRIu64 ", \"pgtables_bytes\": %" PRIu64 "}\n",
		       levels, pt_count(&pt, PT_PTE), pt_count(&pt, PT_PMD),
		       pt_count(&pt, PT_PUD), pt_count(&pt, PT_P4D),
		       pt_count(&pt, PT_PGD), pt.deposited, pt_pgtables_bytes(&pt));
	else
		pt_print(&pt, stdout);
	ret = 0;
out:
	lr_close(&lr);
	pt_destroy(&pt);
	vs_destroy(&vs);
	return ret;
}
