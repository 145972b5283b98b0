/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memsim: SLUB model.  Geometry comes from module/common/slub_geometry.h;
 * the object-level simulation keeps, for one CPU and one node, the CPU
 * slab, the per-CPU partial list (bounded by cpu_partial_slabs) and the
 * node partial list (empty slabs kept up to min_partial), as mm/slub.c
 * does without debugging.
 */
#ifndef MEMSIM_SLUB_H
#define MEMSIM_SLUB_H

#include <stdint.h>
#include <stdio.h>

#include "../lib/kseries.h"	/* enum ms_series, module/common/slub_geometry.h */

struct sslab {
	uint32_t inuse;
	int where;		/* SL_CPU, SL_CPU_PARTIAL, SL_NODE_PARTIAL, SL_FULL */
	uint32_t next, prev;	/* list links (indices), UINT32_MAX none */
};

enum { SL_NONE, SL_CPU, SL_CPU_PARTIAL, SL_NODE_PARTIAL, SL_FULL };

struct scache {
	char name[64];
	unsigned int flags;
	struct ms_slub_geometry g;
	struct sslab *slabs;
	uint32_t nslabs_cap, nslabs;	/* slot count; free slots on a list */
	uint32_t free_slot;
	uint32_t cpu_slab;		/* UINT32_MAX none */
	uint32_t cpu_partial_head;
	uint32_t cpu_partial_count;
	uint32_t node_partial_head;
	uint32_t nr_partial;
	uint64_t nr_slabs, total_objects, active_objects;
	uint64_t allocs, frees, slabs_allocated, slabs_freed;
};

int scache_init(struct scache *c, const char *name, enum ms_series series,
		unsigned int size, unsigned int align, unsigned int flags,
		unsigned int nr_cpus);
void scache_destroy(struct scache *c);
/* returns slab index of the object allocated */
uint32_t scache_alloc(struct scache *c);
void scache_free(struct scache *c, uint32_t slab);
/* /proc/slabinfo line (16 fields) as the kernel prints it */
void scache_print_slabinfo(const struct scache *c, FILE *f);
void slab_print_geometry_header(FILE *f);
void slab_print_geometry(const char *name, const struct ms_slub_geometry *g,
			 FILE *f);
void slab_print_geometry_json(const char *name,
			      const struct ms_slub_geometry *g, FILE *f);
int slab_parse_flags(const char *s, unsigned int *flags);

#endif
