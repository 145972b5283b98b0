// SPDX-License-Identifier: GPL-2.0
/*
 * memsim compare, slab: for each cache of slabinfo its objsize column is
 * s->size (the slab_size: mm/slab_common.c cache_show() prints s->size),
 * from which the model derives order and objects per slab with
 * calculate_order() of the series; compared with the objperslab and
 * pagesperslab columns. nr_cpus from the snapshot, or inferred (the
 * CPU-count class that explains the most caches; said so in the report).
 */
#define _POSIX_C_SOURCE 200809L
#include "compare.h"
#include "util.h"
#include "../lib/fileio.h"
#include "../lib/formats.h"
#include "../../module/common/slub_geometry.h"

#include <stdlib.h>
#include <string.h>

struct slabrow {
	char name[64];
	unsigned long objsize, objperslab, pagesperslab;
	unsigned long line;
};

/* one cache line of slabinfo into V: 0 or -1 (said) */
static int slab_line(const struct lreader *lr, char *line, struct slabrow *v)
{
	struct ms_slab s;
	const char *bad = NULL;

	switch (ms_slabinfo_parse(line, &s, false, &bad)) {
	case 0:
		break;
	case MS_SLAB_SHORT:
		return perr(lr->name, lr->lineno, "expected at least 6 slabinfo fields");
	default:
		return perr(lr->name, lr->lineno, "bad slabinfo field '%s'", bad);
	}
	if (s.objsize == 0 || s.objsize > (1u << 22) || s.pagesperslab == 0 ||
	    (s.pagesperslab & (s.pagesperslab - 1)))
		return perr(lr->name, lr->lineno, "implausible objsize/pagesperslab");
	strcpy(v->name, s.name);
	v->objsize = s.objsize;
	v->objperslab = s.objperslab;
	v->pagesperslab = s.pagesperslab;
	v->line = lr->lineno;
	return 0;
}

static int parse_slabinfo(const char *path, struct slabrow **rows, size_t *nrows)
{
	struct lreader lr;
	char *line;
	int r, ret = 0;
	size_t n = 0, cap = 0;
	struct slabrow *v = NULL;

	if (lr_open(&lr, path, false))
		return -1;
	while ((r = lr_next(&lr, &line)) > 0) {
		if (lr.lineno == 1 && !strncmp(line, "slabinfo - version:", 19))
			continue;
		if (line[0] == '#' || !line[0])
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 128;
			v = xrealloc(v, cap * sizeof(*v));
		}
		if (slab_line(&lr, line, &v[n])) {
			ret = -1;
			break;
		}
		n++;
	}
	if (r < 0)
		ret = -1;
	lr_close(&lr);
	if (ret) {
		free(v);
		return -1;
	}
	*rows = v;
	*nrows = n;
	return 0;
}

static unsigned long slab_matches(const struct slabrow *v, size_t n,
				  enum ms_series s, unsigned int cpus)
{
	unsigned long m = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		int o = ms_calculate_order(s, (unsigned int)v[i].objsize, cpus, NULL);

		if (o >= 0 && (1ul << o) == v[i].pagesperslab &&
		    ms_order_objects((unsigned int)o, (unsigned int)v[i].objsize) == v[i].objperslab)
			m++;
	}
	return m;
}

/* the snapshot's nr_cpus file: 0 or -1 (said) */
static int read_cpus(const char *path, long *cpus)
{
	char *t, *nl;
	int ret = 0;

	ms_read_file(path, &t);
	if (t && (nl = strchr(t, '\n')))
		*nl = '\0';
	if (!t || !parse_int(t, 1, 1 << 20, cpus))
		ret = perr(path, 1, "expected a CPU count");
	free(t);
	return ret;
}

/* min_objects only depends on fls(nr_cpus): the class that explains most */
static long infer_cpus(const struct slabrow *v, size_t n, enum ms_series s)
{
	unsigned long best = 0;
	long k, cpus = 0;

	for (k = 1; k <= (1 << 16); k *= 2) {
		unsigned long m = slab_matches(v, n, s, (unsigned int)k);

		if (m > best || !cpus) {
			cpus = k;
			best = m > best ? m : best;
		}
	}
	return cpus;
}

int compare_slab(struct cmpctx *c)
{
	char *ps = path_of(c, "slabinfo"), *pc = path_of(c, "nr_cpus");
	struct slabrow *v = NULL;
	size_t n = 0, i;
	long cpus = 0;
	enum ms_series s = c->series;
	struct result *r;
	int ret = 0;
	unsigned int shown = 0;
	const char *how = "nr_cpus";

	if (!exists(ps)) {
		r = new_result(c, "slab geometry");
		r->skipped = true;
		snprintf(r->note, sizeof(r->note), "slabinfo absent");
		say(c, "== slab: skipped, slabinfo absent\n");
		goto out;
	}
	if (parse_slabinfo(ps, &v, &n)) {
		ret = -1;
		goto out;
	}
	if (exists(pc)) {
		if (read_cpus(pc, &cpus)) {
			ret = -1;
			goto out;
		}
	} else {
		cpus = infer_cpus(v, n, s);
		how = "inferred: nr_cpus absent";
	}
	say(c, "== slab geometry (%zu caches, series %s, %ld CPUs, %s; objsize = s->size)\n",
	    n, ms_series_name(s), cpus, how);
	r = new_result(c, "slab geometry");
	for (i = 0; i < n; i++) {
		int o = ms_calculate_order(s, (unsigned int)v[i].objsize, (unsigned int)cpus, NULL);
		unsigned long mo = o >= 0 ? ms_order_objects((unsigned int)o, (unsigned int)v[i].objsize) : 0;
		unsigned long mp = o >= 0 ? 1ul << o : 0;

		r->compared++;
		if (mo == v[i].objperslab && mp == v[i].pagesperslab) {
			r->matched++;
			continue;
		}
		if (shown++ < c->max_lines)
			say(c, "  %-24s size %6lu: real %4lu objs %2lu pages, model %4lu objs %2lu pages\n",
			    v[i].name, v[i].objsize, v[i].objperslab, v[i].pagesperslab, mo, mp);
	}
	if (shown > c->max_lines)
		say(c, "  ... %u more differing caches\n", shown - c->max_lines);
	say(c, "  match %lu/%lu caches\n", r->matched, r->compared);
	snprintf(r->note, sizeof(r->note), "%ld CPUs (%s)", cpus, how);
out:
	free(v);
	free(ps);
	free(pc);
	return ret;
}

