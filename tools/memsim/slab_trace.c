// SPDX-License-Identifier: GPL-2.0
/* memsim: the object trace replayed through the SLUB model (slab_trace.h). */
#define _POSIX_C_SOURCE 200809L
#include "slab_trace.h"
#include "trace.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

#define NONE UINT32_MAX

struct strace_cache {
	struct scache c;
	struct idtab ids;
	uint32_t *slab_of;	/* per id; NONE when free */
	size_t cap;
};

struct strace {
	const struct lreader *lr;	/* the line being replayed */
	enum ms_series series;
	unsigned int cpus;
	struct strace_cache *cs;
	int nc;
};

static struct strace_cache *find_cache(struct strace *t, const char *name)
{
	int i;

	for (i = 0; i < t->nc; i++)
		if (!strcmp(t->cs[i].c.name, name))
			return &t->cs[i];
	return NULL;
}

/* align=N and flag words after "cache NAME SIZE" */
static int cache_options(struct strace *t, char **tok, int nt,
			 unsigned int *align, unsigned int *flags)
{
	int k;

	for (k = 3; k < nt; k++) {
		uint64_t a;

		if (!strncmp(tok[k], "align=", 6)) {
			if (!parse_u64(tok[k] + 6, &a) || !a || (a & (a - 1)) || a > 4096)
				return perr(t->lr->name, t->lr->lineno, "bad align '%s'", tok[k] + 6);
			*align = (unsigned int)a;
		} else if (slab_parse_flags(tok[k], flags)) {
			return perr(t->lr->name, t->lr->lineno, "unknown flag '%s'", tok[k]);
		}
	}
	return 0;
}

static int op_cache(struct strace *t, char **tok, int nt)
{
	unsigned int align = 8, flags = 0;
	struct strace_cache *x;
	uint64_t size;

	if (nt < 3 || strlen(tok[1]) > 63 || !parse_u64(tok[2], &size) ||
	    size == 0 || size > (1u << 22))
		return perr(t->lr->name, t->lr->lineno, "usage: cache NAME SIZE [align=N] [FLAG...] (size 1..4M)");
	if (find_cache(t, tok[1]))
		return perr(t->lr->name, t->lr->lineno, "cache %s defined twice", tok[1]);
	if (cache_options(t, tok, nt, &align, &flags))
		return -1;
	t->cs = xrealloc(t->cs, (size_t)(t->nc + 1) * sizeof(*t->cs));
	x = &t->cs[t->nc];
	memset(x, 0, sizeof(*x));
	if (scache_init(&x->c, tok[1], t->series, (unsigned int)size, align,
			flags, t->cpus))
		return perr(t->lr->name, t->lr->lineno, "the kernel would refuse this cache");
	idtab_init(&x->ids);
	t->nc++;
	return 0;
}

/* the slab slot of ID in X, grown to hold it */
static uint32_t *slab_of(struct strace_cache *x, uint32_t id)
{
	if (id >= x->cap) {
		size_t ncap = x->cap ? x->cap * 2 : 1024;

		while (ncap <= id)
			ncap *= 2;
		x->slab_of = xrealloc(x->slab_of, ncap * sizeof(uint32_t));
		memset(x->slab_of + x->cap, 0xff, (ncap - x->cap) * sizeof(uint32_t));
		x->cap = ncap;
	}
	return &x->slab_of[id];
}

/* alloc CACHE ID and free CACHE ID */
static int op_object(struct strace *t, char **tok, int nt)
{
	struct strace_cache *x;
	uint32_t *slab;

	if (nt != 3)
		return perr(t->lr->name, t->lr->lineno, "usage: %s CACHE ID", tok[0]);
	x = find_cache(t, tok[1]);
	if (!x)
		return perr(t->lr->name, t->lr->lineno, "unknown cache '%s'", tok[1]);
	if (strlen(tok[2]) > 63)
		return perr(t->lr->name, t->lr->lineno, "ID longer than 63 bytes");
	slab = slab_of(x, idtab_get(&x->ids, tok[2]));
	if (tok[0][0] == 'a') {
		if (*slab != NONE)
			return perr(t->lr->name, t->lr->lineno, "ID '%s' is still allocated", tok[2]);
		*slab = scache_alloc(&x->c);
	} else {
		if (*slab == NONE)
			return perr(t->lr->name, t->lr->lineno, "free of '%s', which is not allocated", tok[2]);
		scache_free(&x->c, *slab);
		*slab = NONE;
	}
	return 0;
}

static int strace_line(void *ctx, const struct lreader *lr, char *line)
{
	struct strace *t = ctx;
	char *tok[12];
	int nt = split_ws(line, tok, 10), i;

	if (nt == 0)
		return 0;
	t->lr = lr;
	if (nt > 10)
		return perr(lr->name, lr->lineno, "too many fields");
	if (!strcmp(tok[0], "cache"))
		return op_cache(t, tok, nt);
	if (!strcmp(tok[0], "alloc") || !strcmp(tok[0], "free"))
		return op_object(t, tok, nt);
	if (!strcmp(tok[0], "show") && nt == 1) {
		for (i = 0; i < t->nc; i++)
			scache_print_slabinfo(&t->cs[i].c, stdout);
		return 0;
	}
	return perr(lr->name, lr->lineno, "unknown operation '%s'", tok[0]);
}

static void strace_print(const struct strace *t, int json)
{
	int i;

	if (!json) {
		printf("slabinfo - version: 2.1\n");
		printf("# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>\n");
		for (i = 0; i < t->nc; i++)
			scache_print_slabinfo(&t->cs[i].c, stdout);
		return;
	}
	printf("[");
	for (i = 0; i < t->nc; i++) {
		const struct scache *c = &t->cs[i].c;

		printf("%s{\"geometry\": ", i ? ", " : "");
		slab_print_geometry_json(c->name, &c->g, stdout);
		printf(", \"slabs\": %llu, \"objects\": %llu, \"active\": %llu, \"node_partial\": %u, \"cpu_partial\": %u}",
		       (unsigned long long)c->nr_slabs,
		       (unsigned long long)c->total_objects,
		       (unsigned long long)c->active_objects,
		       c->nr_partial, c->cpu_partial_count);
	}
	printf("]\n");
}

int slab_trace(const char *path, enum ms_series series, unsigned int cpus,
	       int json)
{
	struct strace t = { .series = series, .cpus = cpus };
	int ret, i;

	ret = lr_each(path, true, strace_line, &t);
	if (!ret)
		strace_print(&t, json);
	for (i = 0; i < t.nc; i++) {
		scache_destroy(&t.cs[i].c);
		idtab_free(&t.cs[i].ids);
		free(t.cs[i].slab_of);
	}
	free(t.cs);
	return ret;
}
