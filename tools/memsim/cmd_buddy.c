// SPDX-License-Identifier: GPL-2.0
/* memsim: the `buddy` and `frag` commands. */
#define _POSIX_C_SOURCE 200809L
#include "buddy.h"
#include "cli.h"
#include "freeblocks.h"
#include "partition.h"
#include "svg.h"
#include "trace.h"
#include "util.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static void buddy_usage(FILE *f)
{
	fprintf(f,
"usage: memsim buddy [options]\n"
"  Replays an allocation trace through a model of the Linux buddy allocator\n"
"  and prints the free areas in the kernel's formats.\n"
"memory (one of):\n"
"  -p, --pages N            one zone 'Normal' of N pages from pfn 0, boot-like\n"
"      --mem SIZE           the same, given in bytes (K/M/G suffixes)\n"
"      --layout x86         split --pages/--mem into DMA [1,4096), DMA32 (<4G), Normal\n"
"      --zone N:NAME:START:PAGES  add a zone (repeatable), boot-like\n"
"  -l, --load FILE          start from a freeblocks snapshot (list order kept)\n"
"      --reserve START:COUNT  keep a pfn range allocated at boot (repeatable)\n"
"model:\n"
"  -k, --kernel 6.1|6.12    kernel series to follow (default 6.12)\n"
"      --max-order N        largest order (default 10)\n"
"      --pageblock-order N  pageblock order (default 9, at most max-order)\n"
"      --page-size SIZE     page size for SIZE allocations (default 4096)\n"
"      --min-free-kbytes N  watermarks from this instead of the kernel formula\n"
"input/output:\n"
"  -t, --trace FILE         allocation trace ('-' for stdin), see simulator.rst\n"
"  -s, --show LIST          buddyinfo,pagetypeinfo,extfrag,freeblocks,freelists,\n"
"                           allocs,summary,all (default buddyinfo)\n"
"  -j, --json               JSON instead of the text formats\n"
"      --svg FILE           draw the free-area map\n"
"  -h, --help               this text\n");
}

struct mem_opts {
	uint64_t pages;
	bool x86;
	struct { int node; char name[16]; uint64_t start, pages; } zones[BUDDY_MAX_ZONES];
	int nzones;
	uint64_t reserved[64][2];
	int nreserved;
	const char *load;
	enum kseries series;
	unsigned int max_order, pb_order;
	bool pb_set;
	uint64_t page_size;
	uint64_t min_free_kb;
};

int parse_kernel(const char *s, enum kseries *k)
{
	if (!strcmp(s, "6.1") || !strncmp(s, "6.1.", 4) || !strncmp(s, "6.1-", 4)) {
		*k = KS_6_1;
		return 0;
	}
	if (!strcmp(s, "6.12") || !strncmp(s, "6.12.", 5) || !strncmp(s, "6.12-", 5)) {
		*k = KS_6_12;
		return 0;
	}
	return -1;
}

/* common memory/model options; returns 1 when handled, 0 unknown, -1 bad */
static int mem_opt(struct mem_opts *m, int c, const char *arg)
{
	long v;
	uint64_t u;

	switch (c) {
	case 'p':
		if (!parse_u64(arg, &m->pages) || !m->pages)
			return perr(NULL, 0, "bad --pages '%s'", arg);
		return 1;
	case 1000:
		if (!parse_size(arg, &u) || u < 4096)
			return perr(NULL, 0, "bad --mem '%s'", arg);
		m->pages = u / 4096;
		return 1;
	case 1001:
		if (strcmp(arg, "x86") && strcmp(arg, "flat"))
			return perr(NULL, 0, "--layout is x86 or flat");
		m->x86 = !strcmp(arg, "x86");
		return 1;
	case 1002: {
		char buf[128], *a, *bn, *cs, *d;
		uint64_t s, n;

		if (m->nzones == BUDDY_MAX_ZONES || strlen(arg) >= sizeof(buf))
			return perr(NULL, 0, "too many --zone");
		strcpy(buf, arg);
		a = buf;
		bn = strchr(a, ':');
		cs = bn ? strchr(bn + 1, ':') : NULL;
		d = cs ? strchr(cs + 1, ':') : NULL;
		if (!d)
			return perr(NULL, 0, "--zone wants NODE:NAME:START:PAGES");
		*bn++ = *cs++ = *d++ = '\0';
		if (!parse_int(a, 0, 1023, &v) || strlen(bn) > 15 || !*bn ||
		    !parse_u64(cs, &s) || !parse_u64(d, &n) || !n)
			return perr(NULL, 0, "bad --zone '%s'", arg);
		m->zones[m->nzones].node = (int)v;
		strcpy(m->zones[m->nzones].name, bn);
		m->zones[m->nzones].start = s;
		m->zones[m->nzones].pages = n;
		m->nzones++;
		return 1;
	}
	case 1003: {
		char buf[64], *c2;

		if (m->nreserved == 64 || strlen(arg) >= sizeof(buf))
			return perr(NULL, 0, "too many --reserve");
		strcpy(buf, arg);
		c2 = strchr(buf, ':');
		if (!c2)
			return perr(NULL, 0, "--reserve wants START:COUNT");
		*c2++ = '\0';
		if (!parse_u64(buf, &m->reserved[m->nreserved][0]) ||
		    !parse_u64(c2, &m->reserved[m->nreserved][1]))
			return perr(NULL, 0, "bad --reserve '%s'", arg);
		m->nreserved++;
		return 1;
	}
	case 'l':
		m->load = arg;
		return 1;
	case 'k':
		if (parse_kernel(arg, &m->series))
			return perr(NULL, 0, "--kernel is 6.1 or 6.12");
		return 1;
	case 1004:
		if (!parse_int(arg, 2, BUDDY_MAX_ORDERS - 1, &v))
			return perr(NULL, 0, "--max-order is 2..%d", BUDDY_MAX_ORDERS - 1);
		m->max_order = (unsigned int)v;
		return 1;
	case 1005:
		if (!parse_int(arg, 2, BUDDY_MAX_ORDERS - 1, &v))
			return perr(NULL, 0, "--pageblock-order is 2..%d", BUDDY_MAX_ORDERS - 1);
		m->pb_order = (unsigned int)v;
		m->pb_set = true;
		return 1;
	case 1006:
		if (!parse_size(arg, &m->page_size) || m->page_size == 0 ||
		    (m->page_size & (m->page_size - 1)))
			return perr(NULL, 0, "--page-size must be a power of two");
		return 1;
	case 1007:
		if (!parse_u64(arg, &m->min_free_kb))
			return perr(NULL, 0, "bad --min-free-kbytes");
		return 1;
	}
	return 0;
}

static void mem_defaults(struct mem_opts *m)
{
	memset(m, 0, sizeof(*m));
	m->series = KS_6_12;
	m->max_order = 10;
	m->pb_order = 9;
	m->page_size = 4096;
}

/* build the model from the options; 0 or -1 */
static int mem_build(struct mem_opts *m, struct buddy *b)
{
	int i;

	if (!m->pb_set && m->pb_order > m->max_order)
		m->pb_order = m->max_order;
	if (m->pb_order > m->max_order)
		return perr(NULL, 0, "--pageblock-order above --max-order");
	buddy_init(b, m->series, m->max_order + 1, m->pb_order);
	for (i = 0; i < m->nzones; i++)
		if (buddy_add_zone(b, m->zones[i].node, m->zones[i].name,
				   m->zones[i].start, m->zones[i].pages))
			return -1;
	if (m->pages) {
		if (m->nzones)
			return perr(NULL, 0, "--pages/--mem and --zone exclude each other");
		if (m->x86 && m->pages > 4096) {
			uint64_t e32 = m->pages < (1ull << 20) ? m->pages : 1ull << 20;

			if (buddy_add_zone(b, 0, "DMA", 1, 4095) ||
			    buddy_add_zone(b, 0, "DMA32", 4096, e32 - 4096))
				return -1;
			if (m->pages > (1ull << 20) &&
			    buddy_add_zone(b, 0, "Normal", 1ull << 20, m->pages - (1ull << 20)))
				return -1;
		} else if (buddy_add_zone(b, 0, "Normal", 0, m->pages)) {
			return -1;
		}
	}
	if (m->load) {
		unsigned long loaded, skipped;

		if (m->nreserved)
			return perr(NULL, 0, "--reserve applies to a boot-like start, not --load");
		if (freeblocks_load(b, m->load, NULL, 0, &loaded, &skipped))
			return -1;
		if (skipped)
			fprintf(stderr, "memsim: %s: %lu inconsistent blocks skipped\n",
				m->load, skipped);
	} else {
		if (!b->nzones)
			return perr(NULL, 0, "no memory: give --pages, --mem, --zone or --load (see -h)");
		buddy_boot(b, (const uint64_t (*)[2])m->reserved, m->nreserved);
	}
	if (m->min_free_kb)
		buddy_set_watermarks(b, m->min_free_kb);
	return 0;
}

#define MEM_LONGOPTS \
	{ "pages", required_argument, NULL, 'p' }, \
	{ "mem", required_argument, NULL, 1000 }, \
	{ "layout", required_argument, NULL, 1001 }, \
	{ "zone", required_argument, NULL, 1002 }, \
	{ "reserve", required_argument, NULL, 1003 }, \
	{ "load", required_argument, NULL, 'l' }, \
	{ "kernel", required_argument, NULL, 'k' }, \
	{ "max-order", required_argument, NULL, 1004 }, \
	{ "pageblock-order", required_argument, NULL, 1005 }, \
	{ "page-size", required_argument, NULL, 1006 }, \
	{ "min-free-kbytes", required_argument, NULL, 1007 }

int cmd_buddy(int argc, char **argv)
{
	static const struct option lo[] = {
		MEM_LONGOPTS,
		{ "trace", required_argument, NULL, 't' },
		{ "show", required_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ "svg", required_argument, NULL, 1100 },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct mem_opts m;
	struct buddy b;
	struct btrace t;
	const char *trace = NULL, *svg = NULL;
	unsigned int show = SHOW_BUDDYINFO;
	int c, json = 0, ret = 1, r;

	mem_defaults(&m);
	optind = 1;
	while ((c = getopt_long(argc, argv, "p:l:k:t:s:jh", lo, NULL)) != -1) {
		r = mem_opt(&m, c, optarg);
		if (r < 0)
			return 2;
		if (r)
			continue;
		switch (c) {
		case 't': trace = optarg; break;
		case 's':
			if (show_parse(optarg, &show)) {
				perr(NULL, 0, "bad --show '%s'", optarg);
				return 2;
			}
			break;
		case 'j': json = 1; break;
		case 1100: svg = optarg; break;
		case 'h': buddy_usage(stdout); return 0;
		default: buddy_usage(stderr); return 2;
		}
	}
	if (optind < argc) {
		perr(NULL, 0, "unexpected argument '%s'", argv[optind]);
		return 2;
	}
	btrace_init(&t);
	memset(&b, 0, sizeof(b));
	if (mem_build(&m, &b))
		goto out;
	if (trace) {
		if (btrace_parse(&t, trace, m.page_size, b.nr_orders - 1))
			goto out;
		if (btrace_replay(&b, &t, json ? (show & SHOW_ALLOCS) : show, stdout))
			goto out;
	}
	buddy_show(&b, show & ~SHOW_ALLOCS, json, stdout);
	if (svg && svg_buddy(&b, svg))
		goto out;
	ret = 0;
out:
	btrace_free(&t);
	buddy_destroy(&b);
	return ret;
}

/* ---- frag: one trace through buddy and the three partition policies ---- */

static void frag_usage(FILE *f)
{
	fprintf(f,
"usage: memsim frag (--pages N | --mem SIZE) --trace FILE [options]\n"
"  Runs one alloc/free trace through the buddy model and through first-fit,\n"
"  best-fit and worst-fit variable partitions of the same memory, and prints\n"
"  failures, internal waste, free space, largest hole, external\n"
"  fragmentation and the unusable free space index per order side by side.\n"
"  -k, --kernel 6.1|6.12, --max-order N, --pageblock-order N,\n"
"  --page-size SIZE (default 4096): as for `memsim buddy`\n"
"  -j, --json   JSON output\n"
"  -h, --help   this text\n");
}

int cmd_frag(int argc, char **argv)
{
	static const struct option lo[] = {
		MEM_LONGOPTS,
		{ "trace", required_argument, NULL, 't' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct mem_opts m;
	struct buddy b;
	struct btrace t;
	struct partition parts[3];
	const char *trace = NULL;
	uint64_t *ppos = NULL, *bpfn = NULL, total;
	size_t *aidx = NULL;
	uint64_t bwaste = 0, pwaste[3] = { 0 }, live_bytes = 0;
	int c, json = 0, ret = 1, r, k;
	size_t i;
	unsigned int o;

	mem_defaults(&m);
	optind = 1;
	while ((c = getopt_long(argc, argv, "p:k:t:jh", lo, NULL)) != -1) {
		r = mem_opt(&m, c, optarg);
		if (r < 0)
			return 2;
		if (r)
			continue;
		switch (c) {
		case 't': trace = optarg; break;
		case 'j': json = 1; break;
		case 'h': frag_usage(stdout); return 0;
		default: frag_usage(stderr); return 2;
		}
	}
	if (!trace || !m.pages || m.nzones || m.load || m.x86) {
		perr(NULL, 0, "frag needs --pages or --mem (one flat zone) and --trace");
		frag_usage(stderr);
		return 2;
	}
	btrace_init(&t);
	memset(&b, 0, sizeof(b));
	if (mem_build(&m, &b))
		goto out0;
	if (btrace_parse(&t, trace, m.page_size, b.nr_orders - 1))
		goto out0;
	total = m.pages * m.page_size;
	for (k = 0; k < 3; k++)
		part_init(&parts[k], (enum fit_policy)k, total, 1);
	ppos = xmalloc(3 * (t.ids.n + 1) * sizeof(uint64_t));
	bpfn = xmalloc((t.ids.n + 1) * sizeof(uint64_t));
	aidx = xmalloc((t.ids.n + 1) * sizeof(size_t));
	for (i = 0; i < t.n; i++) {
		const struct bop *op = &t.ops[i];

		if (op->kind == BOP_ALLOC) {
			aidx[op->id] = i;
			bpfn[op->id] = buddy_alloc(&b, op->order, op->mt, -1);
			if (bpfn[op->id] != UINT64_MAX) {
				bwaste += (m.page_size << op->order) - op->arg;
				live_bytes += op->arg;
			}
			for (k = 0; k < 3; k++)
				ppos[3 * op->id + (size_t)k] = part_alloc(&parts[k], op->arg);
		} else if (op->kind == BOP_FREE) {
			/* the parser guarantees a matching earlier alloc */
			size_t j = aidx[op->id];
			uint64_t bytes = t.ops[j].arg;

			if (bpfn[op->id] != UINT64_MAX) {
				buddy_free(&b, bpfn[op->id], t.ops[j].order, t.ops[j].mt);
				bwaste -= (m.page_size << t.ops[j].order) - bytes;
				live_bytes -= bytes;
			}
			for (k = 0; k < 3; k++)
				if (ppos[3 * op->id + (size_t)k] != UINT64_MAX)
					part_free(&parts[k], ppos[3 * op->id + (size_t)k], bytes);
		} else if (op->kind != BOP_SHOW) {
			perr(trace, op->line, "frag traces take alloc and free only");
			goto out;
		}
	}
	(void)pwaste;
	{
		const struct bzone *z = &b.zones[0];
		uint64_t bfree = z->free_pages * m.page_size, blargest = 0;

		for (o = 0; o < b.nr_orders; o++)
			if (z->nr_free[o])
				blargest = (m.page_size << o);
		if (json) {
			printf("{\"memory\": %llu, \"allocators\": [", (unsigned long long)total);
		} else {
			printf("%-10s %8s %12s %12s %12s %8s  unusable index by order 0..%u\n",
			       "allocator", "failures", "waste", "free", "largest", "extfrag",
			       b.nr_orders - 1);
		}
		for (k = -1; k < 3; k++) {
			uint64_t fails, waste, fr, lg;
			const char *name;

			if (k < 0) {
				name = "buddy";
				fails = b.st.failures;
				waste = bwaste;
				fr = bfree;
				lg = blargest;
			} else {
				name = fit_name((enum fit_policy)k);
				fails = parts[k].failures;
				waste = 0;
				fr = part_free_bytes(&parts[k]);
				lg = part_largest_hole(&parts[k]);
			}
			if (json) {
				printf("%s{\"name\": \"%s\", \"failures\": %llu, \"internal_waste\": %llu, \"free\": %llu, \"largest_free\": %llu, \"unusable_index\": [",
				       k >= 0 ? ", " : "", name, (unsigned long long)fails,
				       (unsigned long long)waste, (unsigned long long)fr,
				       (unsigned long long)lg);
			} else {
				printf("%-10s %8llu %12llu %12llu %12llu %7.1f%% ", name,
				       (unsigned long long)fails, (unsigned long long)waste,
				       (unsigned long long)fr, (unsigned long long)lg,
				       fr ? 100.0 * (double)(fr - lg) / (double)fr : 0.0);
			}
			for (o = 0; o < b.nr_orders; o++) {
				int v;

				if (k < 0) {
					uint64_t suitable = 0, fp = 0;
					unsigned int q;

					for (q = 0; q < b.nr_orders; q++) {
						fp += z->nr_free[q] << q;
						if (q >= o)
							suitable += z->nr_free[q] << (q - o);
					}
					v = fp ? (int)((fp - (suitable << o)) * 1000 / fp) : 1000;
				} else {
					v = part_unusable_index(&parts[k], m.page_size << o);
				}
				if (json)
					printf("%s%d", o ? ", " : "", v);
				else
					printf(" %d.%03d", v / 1000, v % 1000);
			}
			printf(json ? "]}" : "\n");
		}
		if (json)
			printf("], \"live_bytes\": %llu}\n", (unsigned long long)live_bytes);
	}
	ret = 0;
out:
	for (k = 0; k < 3; k++)
		part_destroy(&parts[k]);
out0:
	free(ppos);
	free(bpfn);
	free(aidx);
	btrace_free(&t);
	buddy_destroy(&b);
	return ret;
}
