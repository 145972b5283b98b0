/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memscope: memsim's model of SLUB cache geometry (tools/memsim): the
 * size, order and objects per slab mm/slub.c gives a cache of a given
 * object size, alignment and flags.
 *
 * Userspace only: the module computes no geometry. It reads the kernel's
 * own (kmem_cache.oo through the layout mirrors, module/slab.c) and, in
 * its load-time check, holds it to order_objects(), the rule memsim
 * compare holds a guest's slabinfo lines to with ms_order_objects().
 *
 * Integer-only.  Follows mm/slub.c calculate_sizes(),
 * calculate_order(), calc_slab_order(), set_cpu_partial() and the
 * min_partial computation of kmem_cache_open(), plus calculate_alignment()
 * of mm/slab_common.c, for x86_64 (8-byte words, 4 KiB pages, 64-byte
 * cache lines, ARCH_SLAB_MINALIGN 8) with the default boot parameters
 * (slub_min_order 0, slub_max_order PAGE_ALLOC_COSTLY_ORDER = 3,
 * slub_min_objects 0), no KASAN.
 *
 * The 6.1 and 6.12 series differ in calculate_order():
 *   6.1:  for min_objects from the (capped) start value down to 2, try
 *         fractions 16, 8, 4 with the order search starting at
 *         get_order(min_objects * size); then one object with fraction 1;
 *         then up to MAX_ORDER-1.
 *   6.12: the start order is fixed once from the capped min_objects, then
 *         fractions 16, 8, 4, 2; last resort get_order(size).
 */
#ifndef MEMSCOPE_COMMON_SLUB_GEOMETRY_H
#define MEMSCOPE_COMMON_SLUB_GEOMETRY_H

#include <stdbool.h>

#define MS_SLUB_PAGE_SIZE	4096u
#define MS_SLUB_WORD		8u
#define MS_SLUB_CACHE_LINE	64u
#define MS_SLUB_MINALIGN	8u
#define MS_SLUB_MAX_OBJS	32767u	/* MAX_OBJS_PER_PAGE */
#define MS_SLUB_MAX_ORDER	3u	/* slub_max_order default */
#define MS_SLUB_NR_ORDERS	11u	/* MAX_ORDER (6.1) / NR_PAGE_ORDERS */

/* kernel series the geometry follows */
enum ms_series {
	MS_SERIES_6_1 = 61,
	MS_SERIES_6_12 = 612,
};

/* creation flags that change the geometry (subset of SLAB_* flags) */
#define MS_SLAB_HWCACHE_ALIGN	0x01u
#define MS_SLAB_TYPESAFE_RCU	0x02u
#define MS_SLAB_POISON		0x04u
#define MS_SLAB_RED_ZONE	0x08u
#define MS_SLAB_STORE_USER	0x10u
#define MS_SLAB_KMALLOC		0x20u
#define MS_SLAB_CTOR		0x40u	/* the cache has a constructor */

#define MS_SLUB_TRACK_SIZE	32u	/* sizeof(struct track), STACKDEPOT */

struct ms_slub_geometry {
	unsigned int object_size;	/* as requested (s->object_size) */
	unsigned int align;		/* s->align */
	unsigned int inuse;		/* s->inuse */
	unsigned int offset;		/* free pointer offset (s->offset) */
	unsigned int red_left_pad;
	unsigned int size;		/* s->size = slab_size in sysfs */
	int order;			/* -1 when no order fits */
	unsigned int objects;		/* objs_per_slab */
	unsigned int min_order;		/* order of s->min */
	unsigned int min_objects;	/* the start value used */
	unsigned int waste;		/* bytes left over per slab */
	unsigned int min_partial;
	unsigned int cpu_partial;	/* objects (sysfs cpu_partial) */
	unsigned int cpu_partial_slabs;
};

static inline unsigned int ms_fls(unsigned int x)
{
	unsigned int r = 0;

	while (x) {
		r++;
		x >>= 1;
	}
	return r;
}

static inline unsigned int ms_ilog2(unsigned int x)
{
	return x ? ms_fls(x) - 1 : 0;
}

/* get_order(): smallest order whose block holds size bytes (size > 0) */
static inline unsigned int ms_get_order(unsigned long size)
{
	unsigned int order = 0;

	size = (size - 1) / MS_SLUB_PAGE_SIZE;
	while (size) {
		order++;
		size >>= 1;
	}
	return order;
}

static inline unsigned int ms_order_objects(unsigned int order,
					    unsigned int size)
{
	return (unsigned int)(((unsigned long)MS_SLUB_PAGE_SIZE << order) / size);
}

static inline unsigned int ms_align_up(unsigned int x, unsigned int a)
{
	return (x + a - 1) / a * a;
}

static inline unsigned int ms_slub_min_objects(unsigned int nr_cpus)
{
	/* num_present_cpus(), or nr_cpu_ids when that reads <= 1 */
	return 4 * (ms_fls(nr_cpus) + 1);
}

/* calculate_alignment() of mm/slab_common.c */
static inline unsigned int ms_slab_alignment(unsigned int flags,
					     unsigned int align,
					     unsigned int size)
{
	if (flags & MS_SLAB_HWCACHE_ALIGN) {
		unsigned int ralign = MS_SLUB_CACHE_LINE;

		while (size <= ralign / 2)
			ralign /= 2;
		if (ralign > align)
			align = ralign;
	}
	if (align < MS_SLUB_MINALIGN)
		align = MS_SLUB_MINALIGN;
	return ms_align_up(align, MS_SLUB_WORD);
}

/* 6.1 calc_slab_order(size, min_objects, max_order, fraction) */
static inline unsigned int ms_calc_slab_order_61(unsigned int size,
						 unsigned int min_objects,
						 unsigned int max_order,
						 unsigned int fract)
{
	unsigned int order;

	if (ms_order_objects(0, size) > MS_SLUB_MAX_OBJS)
		return ms_get_order((unsigned long)size * MS_SLUB_MAX_OBJS) - 1;

	for (order = ms_get_order((unsigned long)min_objects * size);
	     order <= max_order; order++) {
		unsigned int slab = MS_SLUB_PAGE_SIZE << order;

		if (slab % size <= slab / fract)
			break;
	}
	return order;
}

/* 6.12 calc_slab_order(size, min_order, max_order, fraction) */
static inline unsigned int ms_calc_slab_order_612(unsigned int size,
						  unsigned int min_order,
						  unsigned int max_order,
						  unsigned int fract)
{
	unsigned int order;

	for (order = min_order; order <= max_order; order++) {
		unsigned int slab = MS_SLUB_PAGE_SIZE << order;

		if (slab % size <= slab / fract)
			break;
	}
	return order;
}

/* 6.1 calculate_order(): -1 where the kernel returns -ENOSYS */
static inline int ms_calculate_order_61(unsigned int size,
					unsigned int min_objects)
{
	unsigned int max_objects, order, fraction;

	max_objects = ms_order_objects(MS_SLUB_MAX_ORDER, size);
	if (min_objects > max_objects)
		min_objects = max_objects;
	while (min_objects > 1) {
		for (fraction = 16; fraction >= 4; fraction /= 2) {
			order = ms_calc_slab_order_61(size, min_objects,
						      MS_SLUB_MAX_ORDER,
						      fraction);
			if (order <= MS_SLUB_MAX_ORDER)
				return (int)order;
		}
		min_objects--;
	}
	order = ms_calc_slab_order_61(size, 1, MS_SLUB_MAX_ORDER, 1);
	if (order <= MS_SLUB_MAX_ORDER)
		return (int)order;
	order = ms_calc_slab_order_61(size, 1, MS_SLUB_NR_ORDERS, 1);
	if (order < MS_SLUB_NR_ORDERS)
		return (int)order;
	return -1;
}

/* 6.12 calculate_order(): -1 where the kernel returns -ENOSYS */
static inline int ms_calculate_order_612(unsigned int size,
					 unsigned int min_objects)
{
	unsigned int order, fraction, min_order;

	min_order = ms_get_order((unsigned long)min_objects * size);
	if (ms_order_objects(min_order, size) > MS_SLUB_MAX_OBJS)
		return (int)ms_get_order((unsigned long)size *
					 MS_SLUB_MAX_OBJS) - 1;
	for (fraction = 16; fraction > 1; fraction /= 2) {
		order = ms_calc_slab_order_612(size, min_order,
					       MS_SLUB_MAX_ORDER, fraction);
		if (order <= MS_SLUB_MAX_ORDER)
			return (int)order;
	}
	order = ms_get_order(size);
	if (order < MS_SLUB_NR_ORDERS)
		return (int)order;
	return -1;
}

/*
 * calculate_order() of SERIES; *min_objects_used gets the min_objects it
 * started from (after the clamp both series apply).
 */
static inline int ms_calculate_order(enum ms_series series,
				     unsigned int size, unsigned int nr_cpus,
				     unsigned int *min_objects_used)
{
	unsigned int min_objects = ms_slub_min_objects(nr_cpus);
	unsigned int max_objects = ms_order_objects(MS_SLUB_MAX_ORDER, size);

	if (series != MS_SERIES_6_1 && max_objects < 1)
		max_objects = 1;
	if (min_objects > max_objects)
		min_objects = max_objects;
	if (min_objects_used)
		*min_objects_used = min_objects;
	if (series == MS_SERIES_6_1)
		return ms_calculate_order_61(size, min_objects);
	return ms_calculate_order_612(size, min_objects);
}

/*
 * Geometry of a cache created with object_size, align and flags on a
 * machine with nr_cpus present CPUs.  Returns false when the kernel would
 * refuse the cache (no order fits, or object_size 0).
 */
static inline bool ms_slub_geometry(enum ms_series series,
				    unsigned int object_size,
				    unsigned int align, unsigned int flags,
				    unsigned int nr_cpus,
				    struct ms_slub_geometry *g)
{
	unsigned int size;
	unsigned int nr_slabs;

	if (object_size == 0 || object_size > (1u << 30))
		return false;
	g->object_size = object_size;
	g->align = ms_slab_alignment(flags, align, object_size);
	g->red_left_pad = 0;

	size = ms_align_up(object_size, MS_SLUB_WORD);
	if ((flags & MS_SLAB_RED_ZONE) && size == object_size)
		size += MS_SLUB_WORD;
	g->inuse = size;

	if ((flags & (MS_SLAB_TYPESAFE_RCU | MS_SLAB_POISON | MS_SLAB_CTOR)) ||
	    ((flags & MS_SLAB_RED_ZONE) &&
	     (object_size < MS_SLUB_WORD ||
	      (series == MS_SERIES_6_12 && (flags & MS_SLAB_STORE_USER) &&
	       (flags & MS_SLAB_KMALLOC))))) {
		g->offset = size;
		size += MS_SLUB_WORD;
	} else {
		g->offset = object_size / 2 / MS_SLUB_WORD * MS_SLUB_WORD;
	}

	if (flags & MS_SLAB_STORE_USER) {
		size += 2 * MS_SLUB_TRACK_SIZE;
		if (flags & MS_SLAB_KMALLOC)
			size += series == MS_SERIES_6_1 ? 4u : 8u;
	}

	if (flags & MS_SLAB_RED_ZONE) {
		size += MS_SLUB_WORD;
		g->red_left_pad = ms_align_up(MS_SLUB_WORD, g->align);
		size += g->red_left_pad;
	}

	size = ms_align_up(size, g->align);
	g->size = size;
	g->order = ms_calculate_order(series, size, nr_cpus, &g->min_objects);
	if (g->order < 0)
		return false;
	g->objects = ms_order_objects((unsigned int)g->order, size);
	if (g->objects == 0)
		return false;
	g->min_order = ms_get_order(size);
	g->waste = (MS_SLUB_PAGE_SIZE << g->order) - g->objects * size;

	g->min_partial = ms_ilog2(size) / 2;
	if (g->min_partial > 10)
		g->min_partial = 10;
	if (g->min_partial < 5)
		g->min_partial = 5;

	if (size >= MS_SLUB_PAGE_SIZE)
		g->cpu_partial = 6;
	else if (size >= 1024)
		g->cpu_partial = 24;
	else if (size >= 256)
		g->cpu_partial = 52;
	else
		g->cpu_partial = 120;
	nr_slabs = (g->cpu_partial * 2 + g->objects - 1) / g->objects;
	g->cpu_partial_slabs = nr_slabs;
	return true;
}

#endif /* MEMSCOPE_COMMON_SLUB_GEOMETRY_H */
