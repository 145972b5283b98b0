/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memsim: x86_64 page-table model, 4- and 5-level.  Tracks which table
 * pages exist for a set of mapped leaves (PTE, PMD = 2 MiB THP, PUD =
 * 1 GiB) and the kernel's accounting: mm->pgtables_bytes counts PTE, PMD
 * and PUD table pages (4096 bytes each) plus one deposited PTE table per
 * THP; PGD and P4D pages are not counted.  munmap frees tables as
 * free_pgd_range() does: only where the table's whole span lies between
 * the neighbouring VMAs (floor/ceiling).
 */
#ifndef MEMSIM_PGTABLE_H
#define MEMSIM_PGTABLE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "vma.h"

struct u64set {
	uint64_t *k;
	size_t cap, n;
};

enum pt_level { PT_PTE, PT_PMD, PT_PUD, PT_P4D, PT_PGD, PT_LEVELS };

struct pgtable {
	int levels;			/* 4 or 5 */
	struct u64set tables[PT_LEVELS];/* table pages by (va >> span shift) */
	struct u64set thp;		/* PMD leaves (va >> 21) */
	struct u64set hugepud;		/* PUD leaves (va >> 30) */
	struct u64set ptes;		/* PTE leaves (va >> 12), trace mode */
	uint64_t deposited;		/* PTE tables deposited for THPs */
};

void pt_init(struct pgtable *pt, int levels);
void pt_destroy(struct pgtable *pt);
/* map a leaf at va: level PT_PTE, PT_PMD or PT_PUD */
void pt_map(struct pgtable *pt, uint64_t va, enum pt_level leaf);
/* munmap [start, end) given the VMAs left around it (floor/ceiling) */
void pt_unmap(struct pgtable *pt, uint64_t start, uint64_t end,
	      uint64_t floor, uint64_t ceiling);
uint64_t pt_count(const struct pgtable *pt, enum pt_level l);
uint64_t pt_pgtables_bytes(const struct pgtable *pt);
/* "pte_pages N" ... "pgtables_bytes N" lines, as `memsim pgtable` prints */
void pt_print(const struct pgtable *pt, FILE *f);

bool u64set_add(struct u64set *s, uint64_t k);	/* true when new */
bool u64set_has(const struct u64set *s, uint64_t k);
bool u64set_del(struct u64set *s, uint64_t k);

#endif
