/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memsim: the object trace, replayed through the SLUB model (slub.h).
 *
 *   # comment (anywhere on a line)
 *   cache NAME SIZE [align=N] [FLAG...]   (FLAG: see slab_parse_flags)
 *   alloc NAME ID | free NAME ID | show
 *
 * An ID (at most 63 bytes) names one object of its cache from its alloc
 * to its free. `show` prints every cache's /proc/slabinfo line.
 */
#ifndef MEMSIM_SLAB_TRACE_H
#define MEMSIM_SLAB_TRACE_H

#include "slub.h"

/*
 * Replay the trace at PATH ('-' for stdin) with caches of SERIES for
 * CPUS CPUs, then print every cache: slabinfo, or JSON with JSON.
 * Returns 0, or -1 after printing "file:line: message".
 */
int slab_trace(const char *path, enum ms_series series, unsigned int cpus,
	       int json);

#endif
