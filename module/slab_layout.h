/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memscope: pick the SLUB layout mirror for the kernel series being built
 * against. The mirrors copy private structures of mm/; a series without a
 * mirror must not build a guess: it stops with #error, unless built with
 * -DMEMSCOPE_NO_SLAB_LAYOUT, which leaves the slab view out cleanly
 * (slabinfo then answers -EOPNOTSUPP).
 *
 * MEMSCOPE_TEST_BAD_SLAB_LAYOUT (test builds only) breaks one mirror on
 * purpose so the load-time check can be seen to refuse it:
 *   1  struct kmem_cache_node (both series)
 *   2  struct slab (both series)
 *   3  struct kmem_cache (both series)
 */
#ifndef MEMSCOPE_SLAB_LAYOUT_H
#define MEMSCOPE_SLAB_LAYOUT_H

/* module/Kbuild passes the series of the kernel being built against. */
#if !defined(MEMSCOPE_KMAJOR) || !defined(MEMSCOPE_KMINOR)
#error "memscope: MEMSCOPE_KMAJOR/MEMSCOPE_KMINOR not set (see module/Kbuild)"
#endif

#ifndef MEMSCOPE_TEST_BAD_SLAB_LAYOUT
#define MEMSCOPE_TEST_BAD_SLAB_LAYOUT 0
#endif

#if defined(MEMSCOPE_NO_SLAB_LAYOUT)
/* Built without the slab view. */
#elif MEMSCOPE_KMAJOR == 6 && MEMSCOPE_KMINOR == 1
#include "slab_layout_6_1.h"
#define MS_HAVE_SLAB_LAYOUT 1
#elif MEMSCOPE_KMAJOR == 6 && MEMSCOPE_KMINOR == 12
#include "slab_layout_6_12.h"
#define MS_HAVE_SLAB_LAYOUT 1
#else
/* Add module/slab_layout_X_Y.h, or build without the slab view. */
#error "memscope: no SLUB layout mirror for this series (KCFLAGS=-DMEMSCOPE_NO_SLAB_LAYOUT)"
#endif

#endif /* MEMSCOPE_SLAB_LAYOUT_H */
