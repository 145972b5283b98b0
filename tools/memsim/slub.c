// SPDX-License-Identifier: GPL-2.0
/*
 * memsim: SLUB model and the `slab` command.
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
#include "cli.h"
#include "trace.h"
#include "util.h"

#include <getopt.h>
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

static void slab_usage(FILE *f)
{
	fprintf(f,
"usage: memsim slab [options]\n"
"  SLUB cache geometry (calculate_sizes/calculate_order of the series), or a\n"
"  replay of object alloc/free traces over slabs.\n"
"  -k, --kernel 6.1|6.12   series (default 6.12)\n"
"  -c, --cpus N            present CPUs (min_objects = 4 * (fls(N) + 1)), default 2\n"
"  -S, --size N            one cache of object size N\n"
"  -a, --align N           requested alignment (default 8)\n"
"  -f, --flags LIST        hwcache,rcu,ctor,poison,redzone,storeuser,kmalloc\n"
"      --table FROM:TO:STEP  geometry for a range of sizes\n"
"  -t, --trace FILE        object trace (see simulator.rst):\n"
"                            cache NAME SIZE [align=N] [FLAG...]\n"
"                            alloc NAME ID | free NAME ID | show\n"
"  -j, --json              JSON output\n"
"  -h, --help              this text\n");
}

static void geom_json(const char *name, const struct ms_slub_geometry *g, FILE *f)
{
	fprintf(f, "{\"name\": ");
	json_str(f, name);
	fprintf(f, ", \"object_size\": %u, \"align\": %u, \"offset\": %u, \"slab_size\": %u, \"order\": %d, \"objs_per_slab\": %u, \"min_objects\": %u, \"waste\": %u, \"min_partial\": %u, \"cpu_partial\": %u, \"cpu_partial_slabs\": %u}",
		g->object_size, g->align, g->offset, g->size, g->order, g->objects,
		g->min_objects, g->waste, g->min_partial, g->cpu_partial,
		g->cpu_partial_slabs);
}

struct strace_cache {
	struct scache c;
	struct idtab ids;
	uint32_t *slab_of;	/* per id; NONE when free */
	size_t cap;
};

static int slab_trace(const char *path, enum ms_series series,
		      unsigned int cpus, int json)
{
	struct lreader lr;
	struct strace_cache *cs = NULL;
	int nc = 0, r, ret = 0, i;
	char *line, *tok[12];

	if (lr_open(&lr, path, true))
		return -1;
	while ((r = lr_next(&lr, &line)) > 0) {
		int nt = split_ws(line, tok, 10);

		if (nt == 0)
			continue;
		if (nt > 10) {
			ret = perr(lr.name, lr.lineno, "too many fields");
			break;
		}
		if (!strcmp(tok[0], "cache")) {
			uint64_t size;
			unsigned int align = 8, flags = 0;
			int k;

			if (nt < 3 || strlen(tok[1]) > 63 || !parse_u64(tok[2], &size) ||
			    size == 0 || size > (1u << 22)) {
				ret = perr(lr.name, lr.lineno, "usage: cache NAME SIZE [align=N] [FLAG...] (size 1..4M)");
				break;
			}
			for (i = 0; i < nc; i++)
				if (!strcmp(cs[i].c.name, tok[1]))
					break;
			if (i < nc) {
				ret = perr(lr.name, lr.lineno, "cache %s defined twice", tok[1]);
				break;
			}
			for (k = 3; k < nt; k++) {
				uint64_t a;

				if (!strncmp(tok[k], "align=", 6)) {
					if (!parse_u64(tok[k] + 6, &a) || !a || (a & (a - 1)) || a > 4096) {
						ret = perr(lr.name, lr.lineno, "bad align '%s'", tok[k] + 6);
						goto out;
					}
					align = (unsigned int)a;
				} else if (slab_parse_flags(tok[k], &flags)) {
					ret = perr(lr.name, lr.lineno, "unknown flag '%s'", tok[k]);
					goto out;
				}
			}
			cs = xrealloc(cs, (size_t)(nc + 1) * sizeof(*cs));
			memset(&cs[nc], 0, sizeof(cs[nc]));
			if (scache_init(&cs[nc].c, tok[1], series, (unsigned int)size,
					align, flags, cpus)) {
				ret = perr(lr.name, lr.lineno, "the kernel would refuse this cache");
				break;
			}
			idtab_init(&cs[nc].ids);
			nc++;
		} else if (!strcmp(tok[0], "alloc") || !strcmp(tok[0], "free")) {
			struct strace_cache *x = NULL;
			uint32_t id;

			if (nt != 3) {
				ret = perr(lr.name, lr.lineno, "usage: %s CACHE ID", tok[0]);
				break;
			}
			for (i = 0; i < nc; i++)
				if (!strcmp(cs[i].c.name, tok[1]))
					x = &cs[i];
			if (!x) {
				ret = perr(lr.name, lr.lineno, "unknown cache '%s'", tok[1]);
				break;
			}
			if (strlen(tok[2]) > 63) {
				ret = perr(lr.name, lr.lineno, "ID longer than 63 bytes");
				break;
			}
			id = idtab_get(&x->ids, tok[2]);
			if (id >= x->cap) {
				size_t ncap = x->cap ? x->cap * 2 : 1024;

				while (ncap <= id)
					ncap *= 2;
				x->slab_of = xrealloc(x->slab_of, ncap * sizeof(uint32_t));
				memset(x->slab_of + x->cap, 0xff, (ncap - x->cap) * sizeof(uint32_t));
				x->cap = ncap;
			}
			if (tok[0][0] == 'a') {
				if (x->slab_of[id] != NONE) {
					ret = perr(lr.name, lr.lineno, "ID '%s' is still allocated", tok[2]);
					break;
				}
				x->slab_of[id] = scache_alloc(&x->c);
			} else {
				if (x->slab_of[id] == NONE) {
					ret = perr(lr.name, lr.lineno, "free of '%s', which is not allocated", tok[2]);
					break;
				}
				scache_free(&x->c, x->slab_of[id]);
				x->slab_of[id] = NONE;
			}
		} else if (!strcmp(tok[0], "show") && nt == 1) {
			for (i = 0; i < nc; i++)
				scache_print_slabinfo(&cs[i].c, stdout);
		} else {
			ret = perr(lr.name, lr.lineno, "unknown operation '%s'", tok[0]);
			break;
		}
	}
	if (r < 0)
		ret = -1;
	if (!ret) {
		if (json) {
			printf("[");
			for (i = 0; i < nc; i++) {
				printf("%s{\"geometry\": ", i ? ", " : "");
				geom_json(cs[i].c.name, &cs[i].c.g, stdout);
				printf(", \"slabs\": %llu, \"objects\": %llu, \"active\": %llu, \"node_partial\": %u, \"cpu_partial\": %u}",
				       (unsigned long long)cs[i].c.nr_slabs,
				       (unsigned long long)cs[i].c.total_objects,
				       (unsigned long long)cs[i].c.active_objects,
				       cs[i].c.nr_partial, cs[i].c.cpu_partial_count);
			}
			printf("]\n");
		} else {
			printf("slabinfo - version: 2.1\n");
			printf("# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>\n");
			for (i = 0; i < nc; i++)
				scache_print_slabinfo(&cs[i].c, stdout);
		}
	}
out:
	for (i = 0; i < nc; i++) {
		scache_destroy(&cs[i].c);
		idtab_free(&cs[i].ids);
		free(cs[i].slab_of);
	}
	free(cs);
	lr_close(&lr);
	return ret;
}

int cmd_slab(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "kernel", required_argument, NULL, 'k' },
		{ "cpus", required_argument, NULL, 'c' },
		{ "size", required_argument, NULL, 'S' },
		{ "align", required_argument, NULL, 'a' },
		{ "flags", required_argument, NULL, 'f' },
		{ "table", required_argument, NULL, 1000 },
		{ "trace", required_argument, NULL, 't' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	enum kseries ks = KS_6_12;
	long cpus = 2;
	uint64_t size = 0, align = 8, from = 0, to = 0, step = 0;
	unsigned int flags = 0;
	const char *trace = NULL;
	int c, json = 0;
	enum ms_series series;

	optind = 1;
	while ((c = getopt_long(argc, argv, "k:c:S:a:f:t:jh", lo, NULL)) != -1) {
		switch (c) {
		case 'k':
			if (parse_kernel(optarg, &ks))
				return perr(NULL, 0, "--kernel is 6.1 or 6.12"), 2;
			break;
		case 'c':
			if (!parse_int(optarg, 1, 8192, &cpus))
				return perr(NULL, 0, "--cpus is 1..8192"), 2;
			break;
		case 'S':
			if (!parse_size(optarg, &size) || !size || size > (1u << 22))
				return perr(NULL, 0, "bad --size"), 2;
			break;
		case 'a':
			if (!parse_u64(optarg, &align) || !align || (align & (align - 1)) || align > 4096)
				return perr(NULL, 0, "--align is a power of two up to 4096"), 2;
			break;
		case 'f':
			if (slab_parse_flags(optarg, &flags))
				return perr(NULL, 0, "bad --flags '%s'", optarg), 2;
			break;
		case 1000: {
			char buf[64], *p1, *p2;

			if (strlen(optarg) >= sizeof(buf))
				return perr(NULL, 0, "bad --table"), 2;
			strcpy(buf, optarg);
			p1 = strchr(buf, ':');
			p2 = p1 ? strchr(p1 + 1, ':') : NULL;
			if (!p2)
				return perr(NULL, 0, "--table wants FROM:TO:STEP"), 2;
			*p1++ = *p2++ = '\0';
			if (!parse_u64(buf, &from) || !parse_u64(p1, &to) ||
			    !parse_u64(p2, &step) || !from || !step || to < from ||
			    to > (1u << 22))
				return perr(NULL, 0, "bad --table"), 2;
			break;
		}
		case 't': trace = optarg; break;
		case 'j': json = 1; break;
		case 'h': slab_usage(stdout); return 0;
		default: slab_usage(stderr); return 2;
		}
	}
	if (optind < argc)
		return perr(NULL, 0, "unexpected argument '%s'", argv[optind]), 2;
	series = ks == KS_6_1 ? MS_SERIES_6_1 : MS_SERIES_6_12;
	if (trace)
		return slab_trace(trace, series, (unsigned int)cpus, json) ? 1 : 0;
	if (!size && !from) {
		perr(NULL, 0, "give --size, --table or --trace (see -h)");
		return 2;
	}
	if (!from)
		from = to = size, step = 1;
	if (json)
		printf("[");
	else
		slab_print_geometry_header(stdout);
	for (size = from; size <= to; size += step) {
		struct ms_slub_geometry g;
		char name[32];

		snprintf(name, sizeof(name), "size-%llu", (unsigned long long)size);
		if (!ms_slub_geometry(series, (unsigned int)size, (unsigned int)align,
				      flags, (unsigned int)cpus, &g)) {
			fprintf(stderr, "memsim: size %llu: no slab order fits\n",
				(unsigned long long)size);
			continue;
		}
		if (json) {
			if (size != from)
				printf(", ");
			geom_json(name, &g, stdout);
		} else {
			slab_print_geometry(name, &g, stdout);
		}
	}
	if (json)
		printf("]\n");
	return 0;
}
