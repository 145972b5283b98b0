// SPDX-License-Identifier: GPL-2.0
/*
 * memscope slab: the SLUB caches from memscope's slabinfo, as a table in
 * the manner of the kernel's tools/mm/slabinfo.c: memory per cache (sizes
 * in K/M/G), waste and efficiency, optionally partial slabs per node.
 *
 *   memscope slab [-s name|size|objects|waste|eff|partial] [-n LINES] [-N]
 *
 * The global --json (or --json after "slab") prints every parsed field.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msclient.h"
#include "../lib/formats.h"

#define PAGE_BYTES	4096UL

static unsigned long cache_bytes(const struct ms_slab *c)
{
	return c->active_slabs * c->pagesperslab * PAGE_BYTES;
}

/* Per cent of the cache's memory that holds live objects' payload. */
static unsigned int cache_eff(const struct ms_slab *c)
{
	unsigned long total = cache_bytes(c);

	return total ? (unsigned int)((c->active_objs * c->object_size * 100) /
				      total) : 100;
}

/* 1536 -> "1.5K"; bytes below 1K stay plain. */
static void human(char *buf, size_t n, unsigned long v)
{
	static const char unit[] = "KMGT";
	double d = (double)v;
	int u = -1;

	while (d >= 1024 && u < 3) {
		d /= 1024;
		u++;
	}
	if (u < 0)
		snprintf(buf, n, "%lu", v);
	else if (d < 10)
		snprintf(buf, n, "%.1f%c", d, unit[u]);
	else
		snprintf(buf, n, "%.0f%c", d, unit[u]);
}

static int sort_key;

enum { BY_SIZE, BY_NAME, BY_OBJECTS, BY_WASTE, BY_EFF, BY_PARTIAL };

static int cmp_ul(unsigned long a, unsigned long b)
{
	return a < b ? 1 : a > b ? -1 : 0;	/* descending */
}

static int compare(const void *pa, const void *pb)
{
	const struct ms_slab *a = pa, *b = pb;
	int r = 0;

	switch (sort_key) {
	case BY_SIZE:
		r = cmp_ul(cache_bytes(a), cache_bytes(b));
		break;
	case BY_OBJECTS:
		r = cmp_ul(a->active_objs, b->active_objs);
		break;
	case BY_WASTE:
		r = cmp_ul(a->waste_total, b->waste_total);
		break;
	case BY_EFF:
		r = -cmp_ul(cache_eff(a), cache_eff(b));
		break;
	case BY_PARTIAL:
		r = cmp_ul(a->partial, b->partial);
		break;
	}
	return r ? r : strcmp(a->name, b->name);
}

static void print_json(const struct ms_slab *c, int nc)
{
	int i, j;

	printf("[");
	for (i = 0; i < nc; i++, c++) {
		printf("%s{\"name\":", i ? "," : "");
		ms_json_str(stdout, c->name);
		printf(",\"active_objs\":%lu,\"num_objs\":%lu,\"objsize\":%lu,"
		       "\"objperslab\":%lu,\"pagesperslab\":%lu,\"slabs\":%lu,"
		       "\"order\":%u,\"object_size\":%u,\"slab_size\":%u,"
		       "\"align\":%u,\"cpu_partial_slabs\":%lu,"
		       "\"waste_per_slab\":%lu,\"waste_total\":%lu,"
		       "\"bytes\":%lu,\"efficiency\":%u,\"flags\":",
		       c->active_objs, c->num_objs, c->objsize, c->objperslab,
		       c->pagesperslab, c->active_slabs, c->order, c->object_size,
		       c->slab_size, c->align, c->cpu_partial, c->waste_slab,
		       c->waste_total, cache_bytes(c), cache_eff(c));
		ms_json_str(stdout, c->flags);
		printf(",\"partial\":%lu,\"node_partial\":{", c->partial);
		for (j = 0; j < c->nr_nodes; j++)
			printf("%s\"%d\":%lu", j ? "," : "", c->node[j],
			       c->node_partial[j]);
		printf("}}");
	}
	printf("]\n");
}

static void print_table(const struct ms_slab *c, int nc, bool nodes)
{
	char space[16], waste[16], slabs[64];
	int i, j;

	if (!ms_opts.no_headers) {
		printf("%-24s %8s %7s %7s %16s %4s %2s %4s %7s %s",
		       "Name", "Objects", "Objsize", "Space", "Slabs/Part/Cpu",
		       "O/S", "O", "%Ef", "Waste", "Flg");
		if (nodes)
			printf("   Partial/node");
		printf("\n");
	}
	for (i = 0; i < nc; i++, c++) {
		human(space, sizeof(space), cache_bytes(c));
		human(waste, sizeof(waste), c->waste_total);
		snprintf(slabs, sizeof(slabs), "%lu/%lu/%lu", c->active_slabs,
			 c->partial, c->cpu_partial);
		printf("%-24s %8lu %7u %7s %16s %4lu %2u %3u%% %7s %s",
		       c->name, c->active_objs, c->object_size, space, slabs,
		       c->objperslab, c->order, cache_eff(c), waste, c->flags);
		if (nodes)
			for (j = 0; j < c->nr_nodes; j++)
				printf(" N%d=%lu", c->node[j],
				       c->node_partial[j]);
		printf("\n");
	}
}

static int sort_by(const char *s)
{
	static const char *const keys[] = {
		[BY_SIZE] = "size", [BY_NAME] = "name",
		[BY_OBJECTS] = "objects", [BY_WASTE] = "waste",
		[BY_EFF] = "eff", [BY_PARTIAL] = "partial",
	};
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (!strcmp(s, keys[i]))
			return (int)i;
	return -1;
}

int cmd_slab(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "sort", required_argument, NULL, 's' },
		{ "lines", required_argument, NULL, 'n' },
		{ "nodes", no_argument, NULL, 'N' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	struct ms_slab *caches = NULL;
	int nc = 0, cap = 0, lines = -1, lineno = 0, c;
	bool nodes = false;
	char *buf, *line, *save = NULL, *end;
	const char *bad;

	sort_key = BY_SIZE;
	optind = 1;
	while ((c = getopt_long(argc, argv, "s:n:Nj", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			sort_key = sort_by(optarg);
			if (sort_key < 0)
				return ms_error("slab: unknown sort key '%s' (size, name, objects, waste, eff, partial)",
						optarg);
			break;
		case 'n':
			lines = (int)strtol(optarg, &end, 10);
			if (*end || end == optarg || lines < 0)
				return ms_error("slab: -n wants a line count, not '%s'",
						optarg);
			break;
		case 'N':
			nodes = true;
			break;
		case 'j':
			ms_opts.json = true;
			break;
		default:
			return ms_error("usage: slab [-s size|name|objects|waste|eff|partial] [-n LINES] [-N] [--json]");
		}
	}
	if (optind != argc)
		return ms_error("slab: unexpected argument '%s'", argv[optind]);

	buf = ms_read("slabinfo", NULL);
	if (!buf)
		return 1;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		lineno++;
		if (lineno == 1 && !strcmp(line, "slabinfo - version: 2.1"))
			continue;
		if (lineno == 2 && line[0] == '#')
			continue;
		if (nc == cap) {
			struct ms_slab *n;

			cap = cap ? 2 * cap : 256;
			n = realloc(caches, cap * sizeof(*caches));
			if (!n) {
				free(caches);
				free(buf);
				return ms_error("out of memory");
			}
			caches = n;
		}
		if (lineno <= 2 ||
		    ms_slabinfo_parse(line, &caches[nc], true, &bad)) {
			ms_error("%s/slabinfo:%d: unexpected line", ms_opts.root,
				 lineno);
			free(caches);
			free(buf);
			return 1;
		}
		nc++;
	}
	free(buf);

	qsort(caches, nc, sizeof(*caches), compare);
	if (lines >= 0 && lines < nc)
		nc = lines;
	if (ms_opts.json)
		print_json(caches, nc);
	else
		print_table(caches, nc, nodes);
	free(caches);
	return 0;
}
