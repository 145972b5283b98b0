/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memsim: the VMA trace, replayed through the layout model (vma.h) line
 * by line.
 *
 *   # comment (anywhere on a line)
 *   mmap ADDR|- LEN PROT private|shared [fixed]
 *        [file=NAME [off=N] [ino=N] [dev=MAJ:MIN]]   (dev hex, default 08:01)
 *   munmap ADDR LEN | mprotect ADDR LEN PROT | brk ADDR | touch ADDR
 *   malloc ID SIZE | free ID | show      (PROT: r,w,x letters or -)
 *
 * malloc and free follow glibc: a request of at least the mmap threshold
 * gets a mapping of its own (size plus a 16-byte header, page rounded),
 * a smaller one a bump allocation from the heap grown by brk.
 */
#ifndef MEMSIM_VMA_TRACE_H
#define MEMSIM_VMA_TRACE_H

#include <stdint.h>

#include "vma.h"

/*
 * Replay the trace at PATH ('-' for stdin) through VS; `show` prints
 * maps lines on stdout. A failed mmap or mprotect is a warning on
 * stderr (the kernel would return ENOMEM), a malformed line an error.
 * Returns 0, or -1 after printing "file:line: message".
 */
int vtrace_replay(struct vma_set *vs, const char *path,
		  uint64_t mmap_threshold);

#endif
