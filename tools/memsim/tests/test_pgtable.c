// SPDX-License-Identifier: GPL-2.0
/* memsim host tests: page tables and pgtables_bytes. */
#define _POSIX_C_SOURCE 200809L
#include "tests.h"

#include "../pgtable.h"

static int t_one_fault(void)
{
	struct pgtable pt;

	pt_init(&pt, 4);
	pt_map(&pt, 0x400000, PT_PTE);
	pt_map(&pt, 0x401000, PT_PTE);
	CHECK_EQ_U(pt_count(&pt, PT_PTE), 1);
	CHECK_EQ_U(pt_count(&pt, PT_PMD), 1);
	CHECK_EQ_U(pt_count(&pt, PT_PUD), 1);
	CHECK_EQ_U(pt_count(&pt, PT_P4D), 0);
	CHECK_EQ_U(pt_count(&pt, PT_PGD), 1);
	CHECK_EQ_U(pt_pgtables_bytes(&pt), 3 * 4096);
	/* another 2 MiB region and another GiB */
	pt_map(&pt, 0x600000, PT_PTE);
	pt_map(&pt, 0x7ffff7ffe000ull, PT_PTE);
	CHECK_EQ_U(pt_count(&pt, PT_PTE), 3);
	CHECK_EQ_U(pt_count(&pt, PT_PMD), 2);
	CHECK_EQ_U(pt_count(&pt, PT_PUD), 2);
	pt_destroy(&pt);
	return 0;
}

/* a THP: no PTE table in the walk, one deposited in pgtables_bytes */
static int t_thp_deposit(void)
{
	struct pgtable pt;

	pt_init(&pt, 4);
	pt_map(&pt, 0x7ffff7a00000ull, PT_PMD);
	CHECK_EQ_U(pt_count(&pt, PT_PTE), 0);
	CHECK_EQ_U(pt.deposited, 1);
	CHECK_EQ_U(pt_pgtables_bytes(&pt), 3 * 4096);
	pt_unmap(&pt, 0x7ffff7a00000ull, 0x7ffff7c00000ull, 0, 0);
	CHECK_EQ_U(pt.deposited, 0);
	CHECK_EQ_U(pt_pgtables_bytes(&pt), 0);
	pt_destroy(&pt);
	return 0;
}

/*
 * free_pgd_range(): unmapping one of two VMAs that share a PTE table
 * keeps the table; unmapping the second frees it and the tables above.
 */
static int t_munmap_neighbours(void)
{
	struct pgtable pt;

	pt_init(&pt, 4);
	pt_map(&pt, 0x400000, PT_PTE);		/* VMA A [0x400000,0x401000) */
	pt_map(&pt, 0x401000, PT_PTE);		/* VMA B [0x401000,0x402000) */
	pt_unmap(&pt, 0x400000, 0x401000, 0, 0x401000);
	CHECK_EQ_U(pt_count(&pt, PT_PTE), 1);
	CHECK_EQ_U(pt_count(&pt, PT_PMD), 1);
	pt_unmap(&pt, 0x401000, 0x402000, 0, 0);
	CHECK_EQ_U(pt_count(&pt, PT_PTE), 0);
	CHECK_EQ_U(pt_count(&pt, PT_PMD), 0);
	CHECK_EQ_U(pt_count(&pt, PT_PUD), 0);
	CHECK_EQ_U(pt_pgtables_bytes(&pt), 0);

	/* a neighbour in the same GiB keeps the PMD table, not the PTE one */
	pt_map(&pt, 0x400000, PT_PTE);
	pt_map(&pt, 0x10000000, PT_PTE);
	pt_unmap(&pt, 0x400000, 0x401000, 0, 0x10000000);
	CHECK_EQ_U(pt_count(&pt, PT_PTE), 1);
	CHECK_EQ_U(pt_count(&pt, PT_PMD), 1);
	CHECK_EQ_U(pt_count(&pt, PT_PUD), 1);
	pt_destroy(&pt);
	return 0;
}

/* 5-level: P4D pages exist and are not in pgtables_bytes */
static int t_five_level(void)
{
	struct pgtable pt;

	pt_init(&pt, 5);
	pt_map(&pt, 0x400000, PT_PTE);
	pt_map(&pt, 0x00ff00000000000ull, PT_PTE);
	CHECK_EQ_U(pt_count(&pt, PT_P4D), 2);
	CHECK_EQ_U(pt_count(&pt, PT_PUD), 2);
	CHECK_EQ_U(pt_pgtables_bytes(&pt), 6 * 4096);
	pt_destroy(&pt);
	return 0;
}

const struct ktest pgtable_tests[] = {
	{ "pgtable_fault_tables_per_level", t_one_fault },
	{ "pgtable_thp_deposit_accounting", t_thp_deposit },
	{ "pgtable_munmap_floor_ceiling", t_munmap_neighbours },
	{ "pgtable_five_level_p4d", t_five_level },
	{ NULL, NULL },
};
