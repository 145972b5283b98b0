// SPDX-License-Identifier: GPL-2.0
/*
 * memsim: the SLUB model (the `slab` command: cmd_slab.c, its object
 * trace: slab_trace.c).
 *
 * The object simulation counts objects per slab (addresses inside a slab
 * do not matter for the lists; Debian enables CONFIG_SLAB_FREELIST_RANDOM
 * so the order inside a slab is random anyway).  Rules from mm/slub.c:
 *   allocation: CPU slab -> CPU partial list -> node partial list -> a new
 *               slab from the page allocator;
 *   free into a full slab: the slab goes to the CPU partial list
 *               (put_cpu_partial); when that list holds cpu_partial_slabs
 *               slabs it is drained to the node partial list;
 *   a slab that becomes empty on the node partial list is discarded when
 *               nr_partial >= min_partial; drained empty slabs likewise.
 * /proc/slabinfo counts objects in node-partial slabs as free and every
 * other object as active, as count_partial() does.
 */
#define _POSIX_C_SOURCE 200809L
#include "slub.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

#define NONE UINT32_MAX

int slab_parse_flags(const char *s, unsigned int *flags)
{
	static const struct name_bits names[] = {
		{ "hwcache", MS_SLAB_HWCACHE_ALIGN }, { "rcu", MS_SLAB_TYPESAFE_RCU },
		{ "poison", MS_SLAB_POISON }, { "redzone", MS_SLAB_RED_ZONE },
		{ "storeuser", MS_SLAB_STORE_USER }, { "kmalloc", MS_SLAB_KMALLOC },
		{ "ctor", MS_SLAB_CTOR }, { "none", 0 },
	};

	/* 127 characters at most, as before */
	if (strlen(s) >= 128)
		return -1;
	return parse_name_list(s, names, ARRAY_SIZE(names), flags) ? 0 : -1;
}

int scache_init(struct scache *c, const char *name, enum ms_series series,
		unsigned int size, unsigned int align, unsigned int flags,
		unsigned int nr_cpus)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->name, sizeof(c->name), "%s", name);
	c->flags = flags;
	if (!ms_slub_geometry(series, size, align, flags, nr_cpus, &c->g))
		return -1;
	c->cpu_slab = c->cpu_partial_head = c->node_partial_head = NONE;
	c->free_slot = NONE;
	return 0;
}

void scache_destroy(struct scache *c)
{
	free(c->slabs);
	c->slabs = NULL;
}

static void l_push(struct scache *c, uint32_t *head, uint32_t s)
{
	c->slabs[s].prev = NONE;
	c->slabs[s].next = *head;
	if (*head != NONE)
		c->slabs[*head].prev = s;
	*head = s;
}

static void l_del(struct scache *c, uint32_t *head, uint32_t s)
{
	struct sslab *x = &c->slabs[s];

	if (x->prev != NONE)
		c->slabs[x->prev].next = x->next;
	else
		*head = x->next;
	if (x->next != NONE)
		c->slabs[x->next].prev = x->prev;
	x->next = x->prev = NONE;
}

static uint32_t new_slab(struct scache *c)
{
	uint32_t s;

	if (c->free_slot != NONE) {
		s = c->free_slot;
		c->free_slot = c->slabs[s].next;
	} else {
		if (c->nslabs == c->nslabs_cap) {
			c->nslabs_cap = c->nslabs_cap ? c->nslabs_cap * 2 : 64;
			c->slabs = xrealloc(c->slabs, c->nslabs_cap * sizeof(*c->slabs));
		}
		s = c->nslabs++;
	}
	memset(&c->slabs[s], 0, sizeof(c->slabs[s]));
	c->slabs[s].next = c->slabs[s].prev = NONE;
	c->nr_slabs++;
	c->total_objects += c->g.objects;
	c->slabs_allocated++;
	return s;
}

static void discard_slab(struct scache *c, uint32_t s)
{
	c->slabs[s].where = SL_NONE;
	c->slabs[s].next = c->free_slot;
	c->free_slot = s;
	c->nr_slabs--;
	c->total_objects -= c->g.objects;
	c->slabs_freed++;
}

/* move a slab off the CPU into the node lists (deactivate/unfreeze) */
static void to_node(struct scache *c, uint32_t s)
{
	struct sslab *x = &c->slabs[s];

	if (x->inuse == 0 && c->nr_partial >= c->g.min_partial) {
		discard_slab(c, s);
	} else if (x->inuse < c->g.objects) {
		x->where = SL_NODE_PARTIAL;
		l_push(c, &c->node_partial_head, s);
		c->nr_partial++;
	} else {
		x->where = SL_FULL;
	}
}

uint32_t scache_alloc(struct scache *c)
{
	uint32_t s = c->cpu_slab;

	if (s == NONE || c->slabs[s].inuse == c->g.objects) {
		if (s != NONE) {
			c->slabs[s].where = SL_FULL;	/* full slab leaves the CPU */
			c->cpu_slab = NONE;
		}
		if (c->cpu_partial_head != NONE) {
			s = c->cpu_partial_head;
			l_del(c, &c->cpu_partial_head, s);
			c->cpu_partial_count--;
		} else if (c->node_partial_head != NONE) {
			s = c->node_partial_head;
			l_del(c, &c->node_partial_head, s);
			c->nr_partial--;
		} else {
			s = new_slab(c);
		}
		c->slabs[s].where = SL_CPU;
		c->cpu_slab = s;
	}
	c->slabs[s].inuse++;
	c->active_objects++;
	c->allocs++;
	return s;
}

void scache_free(struct scache *c, uint32_t s)
{
	struct sslab *x = &c->slabs[s];
	bool was_full = x->inuse == c->g.objects && x->where == SL_FULL;

	x->inuse--;
	c->active_objects--;
	c->frees++;
	if (x->where == SL_CPU || x->where == SL_CPU_PARTIAL)
		return;
	if (was_full) {
		/* put_cpu_partial(): drain first when the list is full */
		if (c->g.cpu_partial_slabs && c->cpu_partial_count >= c->g.cpu_partial_slabs) {
			while (c->cpu_partial_head != NONE) {
				uint32_t t = c->cpu_partial_head;

				l_del(c, &c->cpu_partial_head, t);
				to_node(c, t);
			}
			c->cpu_partial_count = 0;
		}
		if (c->g.cpu_partial_slabs) {
			x->where = SL_CPU_PARTIAL;
			l_push(c, &c->cpu_partial_head, s);
			c->cpu_partial_count++;
		} else {
			to_node(c, s);
		}
		return;
	}
	if (x->where == SL_NODE_PARTIAL && x->inuse == 0 &&
	    c->nr_partial >= c->g.min_partial) {
		l_del(c, &c->node_partial_head, s);
		c->nr_partial--;
		discard_slab(c, s);
	}
}

void scache_print_slabinfo(const struct scache *c, FILE *f)
{
	uint64_t nfree = 0;
	uint32_t s;

	for (s = c->node_partial_head; s != NONE; s = c->slabs[s].next)
		nfree += c->g.objects - c->slabs[s].inuse;
	/* same layout as mm/slab_common.c cache_show() */
	fprintf(f, "%-17s %6lu %6lu %6u %4u %4d : tunables %4u %4u %4u : slabdata %6lu %6lu %6lu\n",
		c->name, (unsigned long)(c->total_objects - nfree),
		(unsigned long)c->total_objects, c->g.size, c->g.objects,
		1 << c->g.order, 0u, 0u, 0u, (unsigned long)c->nr_slabs,
		(unsigned long)c->nr_slabs, 0ul);
}

void slab_print_geometry_header(FILE *f)
{
	fprintf(f, "%-20s %8s %6s %6s %6s %5s %7s %7s %6s %8s %7s %8s\n", "name",
		"objsize", "align", "offset", "size", "order", "objects", "minobj",
		"waste", "minpart", "cpupart", "cpuslabs");
}

void slab_print_geometry(const char *name, const struct ms_slub_geometry *g,
			 FILE *f)
{
	fprintf(f, "%-20s %8u %6u %6u %6u %5d %7u %7u %6u %8u %7u %8u\n", name,
		g->object_size, g->align, g->offset, g->size, g->order,
		g->objects, g->min_objects, g->waste, g->min_partial,
		g->cpu_partial, g->cpu_partial_slabs);
}

void slab_print_geometry_json(const char *name,
			      const struct ms_slub_geometry *g, FILE *f)
{
	fprintf(f, "{\"name\": ");
	ms_json_str(f, name);
	fprintf(f, ", \"object_size\": %u, \"align\": %u, \"offset\": %u, \"slab_size\": %u, \"order\": %d, \"objs_per_slab\": %u, \"min_objects\": %u, \"waste\": %u, \"min_partial\": %u, \"cpu_partial\": %u, \"cpu_partial_slabs\": %u}",
		g->object_size, g->align, g->offset, g->size, g->order, g->objects,
		g->min_objects, g->waste, g->min_partial, g->cpu_partial,
		g->cpu_partial_slabs);
}
