// SPDX-License-Identifier: GPL-2.0
/*
 * memscope pagetypes|extfrag|zones|meminfo|layout: the physical memory
 * view (pagetypeinfo, extfrag, zoneinfo, meminfo, kernel_layout) as
 * aligned tables or --json. Every parser is strict: a line it does not
 * expect is an error naming the file and line, never a silent skip.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msclient.h"
#include "../lib/formats.h"

#define MAX_ORDERS MS_MAX_ORDERS	/* tools/lib parses at most these */
#define MAX_TYPES 8
#define MAX_ROWS 256
#define MAX_TOK 40
#define PAGE_KB 4

/* Split LINE in place at blanks; a trailing ',' is dropped from tokens. */
static int split(char *line, char **tok)
{
	int n = 0;
	char *p = line;

	while (*p) {
		size_t len;

		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		if (n == MAX_TOK)
			return -1;
		tok[n++] = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		len = p - tok[n - 1];
		if (*p)
			*p++ = '\0';
		if (len > 1 && tok[n - 1][len - 1] == ',')
			tok[n - 1][len - 1] = '\0';
	}
	return n;
}

static int parse_ul(const char *s, unsigned long *v)
{
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	*v = strtoul(s, &end, 10);
	return *end ? -1 : 0;
}

static int parse_int(const char *s, int *v)
{
	unsigned long u;

	if (parse_ul(s, &u) || u > 1 << 20)
		return -1;
	*v = (int)u;
	return 0;
}

static void size_label(char *buf, size_t n, int order)
{
	unsigned long kb = (unsigned long)PAGE_KB << order;

	if (kb >= 1024)
		snprintf(buf, n, "%luM", kb / 1024);
	else
		snprintf(buf, n, "%luK", kb);
}

void ms_order_header(int nr_orders)
{
	char l[24];
	int o;

	for (o = 0; o < nr_orders; o++) {
		size_label(l, sizeof(l), o);
		printf(" %6s", l);
	}
}

static int bad_line(const char *file, int lineno, const char *line)
{
	return ms_error("%s/%s:%d: unexpected line '%s'", ms_opts.root, file,
			lineno, line);
}

/*
 * Iterate over the lines of FILE, calling FN with the line whole and its
 * blank-separated tokens; stops at the first error.
 */
static int for_each_line(const char *file, void *ctx,
			 int (*fn)(void *ctx, const char *line, char **tok,
				   int n))
{
	char *buf, *line, *save = NULL, *tok[MAX_TOK], *whole = NULL;
	char copy[512];
	int lineno = 0, n, ret = 0;

	buf = ms_read(file, NULL);
	if (!buf)
		return 1;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		lineno++;
		snprintf(copy, sizeof(copy), "%s", line);
		free(whole);
		whole = strdup(line);
		if (!whole) {
			ret = ms_error("out of memory");
			break;
		}
		n = split(line, tok);
		if (n < 0 || fn(ctx, whole, tok, n)) {
			ret = bad_line(file, lineno, copy);
			break;
		}
	}
	free(whole);
	free(buf);
	return ret;
}

/* --- pagetypes -------------------------------------------------------- */

struct pt_row {
	int node;
	char zone[16];
	char type[16];
	int nr_orders;
	unsigned long count[MAX_ORDERS];
	unsigned int capped;	/* bit per order: count is a lower bound */
	long blocks;		/* pageblocks of this type, -1 unknown */
};

struct pt_ctx {
	struct pt_row rows[MAX_ROWS];
	int nrows;
	char types[MAX_TYPES][16];
	int ntypes;
};

static struct pt_row *pt_find(struct pt_ctx *c, int node, const char *zone,
			      const char *type)
{
	int i;

	for (i = 0; i < c->nrows; i++)
		if (c->rows[i].node == node && !strcmp(c->rows[i].zone, zone) &&
		    !strcmp(c->rows[i].type, type))
			return &c->rows[i];
	return NULL;
}

/* A free-list line: a row of its own. */
static int pt_free(struct pt_ctx *c, const struct ms_pagetype_line *l)
{
	struct pt_row *r;

	if (c->nrows == MAX_ROWS || !l->nr || *l->rest)
		return -1;
	r = &c->rows[c->nrows++];
	memset(r, 0, sizeof(*r));
	r->node = l->node;
	snprintf(r->zone, sizeof(r->zone), "%s", l->zone);
	snprintf(r->type, sizeof(r->type), "%s", l->type);
	r->blocks = -1;
	r->nr_orders = l->nr;
	r->capped = l->capped;
	memcpy(r->count, l->v, l->nr * sizeof(l->v[0]));
	return 0;
}

/* "Node N, zone Z  b0 b1 ...": pageblocks per type, one per row. */
static int pt_blocks(struct pt_ctx *c, const struct ms_pagetype_line *l)
{
	int i;

	if (l->nr != c->ntypes || *l->rest)
		return -1;
	for (i = 0; i < c->ntypes; i++) {
		struct pt_row *r = pt_find(c, l->node, l->zone, c->types[i]);

		if (!r)
			return -1;
		r->blocks = (long)l->v[i];
	}
	return 0;
}

static int pt_line(void *ctx, const char *line, char **tok, int n)
{
	struct pt_ctx *c = ctx;
	struct ms_pagetype_line l;
	int t;

	if (n == 0 || !strcmp(tok[0], "Page") || !strcmp(tok[0], "Pages") ||
	    !strcmp(tok[0], "Free"))
		return 0;
	t = ms_pagetypeinfo_types(line, c->types, MAX_TYPES);
	if (t) {
		c->ntypes = t > 0 ? t : 0;
		return t > 0 ? 0 : -1;
	}
	switch (ms_pagetypeinfo_parse(line, &l)) {
	case MS_PT_FREE:
		return pt_free(c, &l);
	case MS_PT_BLOCKS:
		return pt_blocks(c, &l);
	default:
		return -1;
	}
}

int cmd_pagetypes(int argc, char **argv)
{
	static struct pt_ctx c;
	int i, o;

	(void)argv;
	if (argc != 1)
		return ms_error("pagetypes takes no arguments");
	if (for_each_line("pagetypeinfo", &c, pt_line))
		return 1;
	if (ms_opts.json) {
		printf("[");
		for (i = 0; i < c.nrows; i++) {
			struct pt_row *r = &c.rows[i];

			printf("%s{\"node\":%d,\"zone\":", i ? "," : "", r->node);
			ms_json_str(stdout, r->zone);
			printf(",\"type\":");
			ms_json_str(stdout, r->type);
			printf(",\"free_blocks\":[");
			for (o = 0; o < r->nr_orders; o++)
				printf("%s%lu", o ? "," : "", r->count[o]);
			printf("],\"capped_orders\":[");
			for (o = 0; o < r->nr_orders; o++)
				if (r->capped & (1u << o))
					printf("%s%d", (r->capped & ((1u << o) - 1)) ? "," : "", o);
			printf("],\"pageblocks\":%ld}", r->blocks);
		}
		printf("]\n");
		return 0;
	}
	if (!ms_opts.no_headers && c.nrows) {
		printf("%-4s %-8s %-12s", "NODE", "ZONE", "TYPE");
		ms_order_header(c.rows[0].nr_orders);
		printf(" %10s %7s\n", "FREE", "BLOCKS");
	}
	for (i = 0; i < c.nrows; i++) {
		struct pt_row *r = &c.rows[i];
		unsigned long kb = 0;

		printf("%-4d %-8s %-12s", r->node, r->zone, r->type);
		for (o = 0; o < r->nr_orders; o++) {
			kb += r->count[o] * ((unsigned long)PAGE_KB << o);
			if (r->capped & (1u << o))
				printf(" >%5lu", r->count[o]);
			else
				printf(" %6lu", r->count[o]);
		}
		printf(" %8lukB %7ld\n", kb, r->blocks);
	}
	return 0;
}

/* --- extfrag ---------------------------------------------------------- */

struct ef_row {
	int node;
	char zone[16];
	int nr_orders;
	int unusable[MAX_ORDERS];	/* thousandths */
	int frag[MAX_ORDERS];
	int have;		/* bit 0 unusable, bit 1 fragmentation */
};

struct ef_ctx {
	struct ef_row rows[MAX_ROWS];
	int nrows;
	int section;		/* 0 none, 1 unusable_index, 2 extfrag_index */
};

/*
 * An index as the kernel prints it: "%d.%03d" of v / 1000 and v % 1000,
 * v in thousandths from -1000 to 1000. A fragmentation index between -1
 * and 0 (a zone whose one free block is too small) comes out as
 * "0.-500"; that is read too. Anything the kernel would not print
 * ("+0.5", ".500", "1.") is refused: it must print back identically.
 */
static int parse_index(const char *s, int *v)
{
	char back[24];
	int i, f, n = 0;

	if (sscanf(s, "%d.%d%n", &i, &f, &n) != 2 || s[n] || i < -1 ||
	    i > 1 || f <= -1000 || f >= 1000)
		return -1;
	*v = i * 1000 + f;
	if (*v < -1000 || *v > 1000)
		return -1;
	snprintf(back, sizeof(back), "%d.%03d", *v / 1000, *v % 1000);
	return strcmp(back, s) ? -1 : 0;
}

/* Thousandths as a number: "-0.500", "0.193", "-1.000". */
static void fmt_index(char *buf, size_t n, int v)
{
	snprintf(buf, n, "%s%d.%03d", v < 0 ? "-" : "", abs(v) / 1000,
		 abs(v) % 1000);
}

static int ef_line(void *ctx, const char *line, char **tok, int n)
{
	struct ef_ctx *c = ctx;
	struct ef_row *r = NULL;
	int node, i;

	(void)line;
	if (n == 1 && !strcmp(tok[0], "unusable_index")) {
		c->section = 1;
		return 0;
	}
	if (n == 1 && !strcmp(tok[0], "extfrag_index")) {
		c->section = 2;
		return 0;
	}
	if (!c->section || n < 5 || n - 4 > MAX_ORDERS ||
	    strcmp(tok[0], "Node") || strcmp(tok[2], "zone") ||
	    parse_int(tok[1], &node) || strlen(tok[3]) > 15)
		return -1;
	for (i = 0; i < c->nrows; i++)
		if (c->rows[i].node == node && !strcmp(c->rows[i].zone, tok[3]))
			r = &c->rows[i];
	if (!r) {
		if (c->nrows == MAX_ROWS)
			return -1;
		r = &c->rows[c->nrows++];
		memset(r, 0, sizeof(*r));
		r->node = node;
		snprintf(r->zone, sizeof(r->zone), "%s", tok[3]);
		r->nr_orders = n - 4;
	}
	if (n - 4 != r->nr_orders || (r->have & c->section))
		return -1;
	r->have |= c->section;
	for (i = 0; i < r->nr_orders; i++) {
		int *v = c->section == 1 ? &r->unusable[i] : &r->frag[i];

		if (parse_index(tok[4 + i], v) || (c->section == 1 && *v < 0))
			return -1;	/* unusable: 0 .. 1 */
	}
	return 0;
}

static void ef_json_array(const int *v, int n)
{
	char num[16];
	int o;

	printf("[");
	for (o = 0; o < n; o++) {
		fmt_index(num, sizeof(num), v[o]);
		printf("%s%s", o ? "," : "", num);
	}
	printf("]");
}

int cmd_extfrag(int argc, char **argv)
{
	static struct ef_ctx c;
	int i, o;

	(void)argv;
	if (argc != 1)
		return ms_error("extfrag takes no arguments");
	if (for_each_line("extfrag", &c, ef_line))
		return 1;
	for (i = 0; i < c.nrows; i++)
		if (c.rows[i].have != 3)
			return ms_error("%s/extfrag: node %d zone %s lacks a section",
					ms_opts.root, c.rows[i].node,
					c.rows[i].zone);
	if (ms_opts.json) {
		printf("[");
		for (i = 0; i < c.nrows; i++) {
			printf("%s{\"node\":%d,\"zone\":", i ? "," : "",
			       c.rows[i].node);
			ms_json_str(stdout, c.rows[i].zone);
			printf(",\"unusable_index\":");
			ef_json_array(c.rows[i].unusable, c.rows[i].nr_orders);
			printf(",\"fragmentation_index\":");
			ef_json_array(c.rows[i].frag, c.rows[i].nr_orders);
			printf("}");
		}
		printf("]\n");
		return 0;
	}
	if (!ms_opts.no_headers && c.nrows) {
		printf("%-4s %-8s %-9s", "NODE", "ZONE", "INDEX");
		ms_order_header(c.rows[0].nr_orders);
		printf("\n");
	}
	for (i = 0; i < c.nrows; i++) {
		char num[16];

		printf("%-4d %-8s %-9s", c.rows[i].node, c.rows[i].zone,
		       "unusable");
		for (o = 0; o < c.rows[i].nr_orders; o++) {
			fmt_index(num, sizeof(num), c.rows[i].unusable[o]);
			printf(" %6s", num);
		}
		printf("\n%-4d %-8s %-9s", c.rows[i].node, c.rows[i].zone,
		       "fragment");
		for (o = 0; o < c.rows[i].nr_orders; o++) {
			fmt_index(num, sizeof(num), c.rows[i].frag[o]);
			printf(" %6s", num);
		}
		printf("\n");
	}
	return 0;
}

/* --- zones ------------------------------------------------------------- */

static const char *const zone_keys[] = {
	"start_pfn", "spanned", "present", "managed", "free", "boost", "min",
	"low", "high",
};
#define NR_ZONE_KEYS (sizeof(zone_keys) / sizeof(zone_keys[0]))

struct zn_row {
	int node;
	char zone[16];
	unsigned long v[NR_ZONE_KEYS];
	unsigned int have;	/* bit per key */
	char types[MAX_TYPES][16];
	unsigned long blocks[MAX_TYPES];
	int ntypes;
	unsigned long nr_free[MAX_ORDERS];
	int nr_orders;
};

struct zn_ctx {
	struct zn_row rows[MAX_ROWS];
	int nrows;
};

static int zn_line(void *ctx, const char *line, char **tok, int n)
{
	struct zn_ctx *c = ctx;
	struct zn_row *r = c->nrows ? &c->rows[c->nrows - 1] : NULL;
	size_t k;
	int i;

	(void)line;
	if (n == 4 && !strcmp(tok[0], "Node") && !strcmp(tok[2], "zone")) {
		if (c->nrows == MAX_ROWS || strlen(tok[3]) > 15)
			return -1;
		r = &c->rows[c->nrows++];
		memset(r, 0, sizeof(*r));
		snprintf(r->zone, sizeof(r->zone), "%s", tok[3]);
		return parse_int(tok[1], &r->node);
	}
	if (!r || n < 2)
		return -1;
	if (!strcmp(tok[0], "pageblocks")) {
		if (n % 2 == 0 || (n - 1) / 2 > MAX_TYPES || r->ntypes)
			return -1;
		r->ntypes = (n - 1) / 2;
		for (i = 0; i < r->ntypes; i++) {
			if (strlen(tok[1 + 2 * i]) > 15 ||
			    parse_ul(tok[2 + 2 * i], &r->blocks[i]))
				return -1;
			snprintf(r->types[i], 16, "%s", tok[1 + 2 * i]);
		}
		return 0;
	}
	if (!strcmp(tok[0], "nr_free")) {
		if (n - 1 > MAX_ORDERS || r->nr_orders)
			return -1;
		r->nr_orders = n - 1;
		for (i = 0; i < r->nr_orders; i++)
			if (parse_ul(tok[1 + i], &r->nr_free[i]))
				return -1;
		return 0;
	}
	for (k = 0; k < NR_ZONE_KEYS; k++)
		if (n == 2 && !strcmp(tok[0], zone_keys[k]) &&
		    !(r->have & (1u << k))) {
			r->have |= 1u << k;
			return parse_ul(tok[1], &r->v[k]);
		}
	return -1;
}

int cmd_zones(int argc, char **argv)
{
	static struct zn_ctx c;
	size_t k;
	int i, t, o;

	(void)argv;
	if (argc != 1)
		return ms_error("zones takes no arguments");
	if (for_each_line("zoneinfo", &c, zn_line))
		return 1;
	for (i = 0; i < c.nrows; i++)
		if (c.rows[i].have != (1u << NR_ZONE_KEYS) - 1 ||
		    !c.rows[i].ntypes || !c.rows[i].nr_orders)
			return ms_error("%s/zoneinfo: node %d zone %s is incomplete",
					ms_opts.root, c.rows[i].node,
					c.rows[i].zone);
	if (ms_opts.json) {
		printf("[");
		for (i = 0; i < c.nrows; i++) {
			struct zn_row *r = &c.rows[i];

			printf("%s{\"node\":%d,\"zone\":", i ? "," : "", r->node);
			ms_json_str(stdout, r->zone);
			for (k = 0; k < NR_ZONE_KEYS; k++)
				printf(",\"%s\":%lu", zone_keys[k], r->v[k]);
			printf(",\"pageblocks\":{");
			for (t = 0; t < r->ntypes; t++) {
				printf("%s", t ? "," : "");
				ms_json_str(stdout, r->types[t]);
				printf(":%lu", r->blocks[t]);
			}
			printf("},\"nr_free\":[");
			for (o = 0; o < r->nr_orders; o++)
				printf("%s%lu", o ? "," : "", r->nr_free[o]);
			printf("]}");
		}
		printf("]\n");
		return 0;
	}
	/* pages, as /proc/zoneinfo counts them */
	if (!ms_opts.no_headers)
		printf("%-4s %-8s %10s %10s %10s %10s %10s %8s %8s %8s\n",
		       "NODE", "ZONE", "START_PFN", "SPANNED", "PRESENT",
		       "MANAGED", "FREE", "MIN", "LOW", "HIGH");
	for (i = 0; i < c.nrows; i++) {
		struct zn_row *r = &c.rows[i];

		printf("%-4d %-8s %10lu %10lu %10lu %10lu %10lu %8lu %8lu %8lu\n",
		       r->node, r->zone, r->v[0], r->v[1], r->v[2], r->v[3],
		       r->v[4], r->v[6], r->v[7], r->v[8]);
	}
	return 0;
}

/* --- meminfo ----------------------------------------------------------- */

static const char *const mem_keys[] = {
	"total", "used", "free", "shared", "buffers", "cached",
	"slab_reclaimable", "buff_cache", "available", "swap_total",
	"swap_used", "swap_free",
};
#define NR_MEM_KEYS (sizeof(mem_keys) / sizeof(mem_keys[0]))

struct mem_ctx {
	long v[NR_MEM_KEYS];	/* kB; -1 when the module prints "-" */
	unsigned int have;
};

static int mem_line(void *ctx, const char *line, char **tok, int n)
{
	struct mem_ctx *c = ctx;
	unsigned long v;
	size_t k;

	(void)line;
	for (k = 0; k < NR_MEM_KEYS; k++) {
		if (n != 2 || strcmp(tok[0], mem_keys[k]) ||
		    (c->have & (1u << k)))
			continue;
		c->have |= 1u << k;
		if (!strcmp(tok[1], "-")) {
			c->v[k] = -1;
			return 0;
		}
		if (parse_ul(tok[1], &v))
			return -1;
		c->v[k] = (long)v;
		return 0;
	}
	return -1;
}

static void mem_col(long v)
{
	if (v < 0)
		printf(" %11s", "-");
	else
		printf(" %11ld", v);
}

int cmd_meminfo(int argc, char **argv)
{
	struct mem_ctx c = { .have = 0 };
	size_t k;

	(void)argv;
	if (argc != 1)
		return ms_error("meminfo takes no arguments");
	if (for_each_line("meminfo", &c, mem_line))
		return 1;
	if (c.have != (1u << NR_MEM_KEYS) - 1)
		return ms_error("%s/meminfo: a key is missing", ms_opts.root);
	if (ms_opts.json) {
		printf("{");
		for (k = 0; k < NR_MEM_KEYS; k++) {
			if (c.v[k] < 0)
				printf("%s\"%s_kb\":null", k ? "," : "",
				       mem_keys[k]);
			else
				printf("%s\"%s_kb\":%ld", k ? "," : "",
				       mem_keys[k], c.v[k]);
		}
		printf("}\n");
		return 0;
	}
	/* free(1)'s layout, in kB */
	if (!ms_opts.no_headers)
		printf("%-5s %11s %11s %11s %11s %11s %11s\n", "", "total",
		       "used", "free", "shared", "buff/cache", "available");
	printf("%-5s", "Mem:");
	mem_col(c.v[0]);
	mem_col(c.v[1]);
	mem_col(c.v[2]);
	mem_col(c.v[3]);
	mem_col(c.v[7]);
	mem_col(c.v[8]);
	printf("\n%-5s", "Swap:");
	mem_col(c.v[9]);
	mem_col(c.v[10]);
	mem_col(c.v[11]);
	printf("\n");
	return 0;
}

/* --- layout ------------------------------------------------------------ */

struct region {
	char name[24];
	unsigned long long start, end;
};

struct lay_ctx {
	struct region r[32];
	int n;
};

static int lay_line(void *ctx, const char *line, char **tok, int n)
{
	struct lay_ctx *c = ctx;
	struct region *r;
	char *e1, *e2;

	(void)line;
	if (n != 3 || c->n == 32 || strlen(tok[0]) >= sizeof(r->name) ||
	    strlen(tok[1]) != 16 || strlen(tok[2]) != 16)
		return -1;
	r = &c->r[c->n];
	r->start = strtoull(tok[1], &e1, 16);
	r->end = strtoull(tok[2], &e2, 16);
	if (*e1 || *e2 || r->end < r->start)
		return -1;
	snprintf(r->name, sizeof(r->name), "%s", tok[0]);
	c->n++;
	return 0;
}

static void human(char *buf, size_t n, unsigned long long bytes)
{
	static const char *const unit[] = { "B", "K", "M", "G", "T", "P" };
	int u = 0;

	while (bytes >= 1024 && !(bytes % 1024) && u < 5) {
		bytes /= 1024;
		u++;
	}
	snprintf(buf, n, "%llu%s", bytes, unit[u]);
}

int cmd_layout(int argc, char **argv)
{
	struct lay_ctx c = { .n = 0 };
	char size[32];
	int i;

	(void)argv;
	if (argc != 1)
		return ms_error("layout takes no arguments");
	if (for_each_line("kernel_layout", &c, lay_line))
		return 1;
	if (ms_opts.json) {
		printf("[");
		for (i = 0; i < c.n; i++) {
			printf("%s{\"name\":", i ? "," : "");
			ms_json_str(stdout, c.r[i].name);
			printf(",\"start\":\"0x%016llx\",\"end\":\"0x%016llx\",\"bytes\":%llu}",
			       c.r[i].start, c.r[i].end,
			       c.r[i].end - c.r[i].start);
		}
		printf("]\n");
		return 0;
	}
	if (!ms_opts.no_headers)
		printf("%-14s %-18s %-18s %10s\n", "REGION", "START", "END",
		       "SIZE");
	for (i = 0; i < c.n; i++) {
		human(size, sizeof(size), c.r[i].end - c.r[i].start);
		printf("%-14s 0x%016llx 0x%016llx %10s\n", c.r[i].name,
		       c.r[i].start, c.r[i].end, size);
	}
	return 0;
}
