/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memsim: the fault/munmap trace, replayed through the page-table model
 * (pgtable.h) over a set of VMAs (vma.h). Addresses in hex.
 *
 *   # comment (anywhere on a line)
 *   mmap START LEN        add a VMA (no tables yet)
 *   fault ADDR [pte|pmd|pud]   first touch: map a 4K page, a THP, a 1G page
 *   munmap START LEN      unmap, freeing tables clear of the neighbour VMAs
 *   show                  print the counts now
 */
#ifndef MEMSIM_PGTABLE_TRACE_H
#define MEMSIM_PGTABLE_TRACE_H

#include "pgtable.h"
#include "vma.h"

/*
 * Replay the trace at PATH ('-' for stdin) through PT and VS (whose
 * task_size bounds the addresses). Returns 0, or -1 after printing
 * "file:line: message".
 */
int pgtrace_replay(struct pgtable *pt, struct vma_set *vs, const char *path);

#endif
