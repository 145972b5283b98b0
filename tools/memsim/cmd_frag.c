// SPDX-License-Identifier: GPL-2.0
/* memsim: the `frag` command - options, the replay (frag.c), the table. */
#define _POSIX_C_SOURCE 200809L
#include "buddy_opts.h"
#include "cli.h"
#include "frag.h"
#include "trace.h"
#include "util.h"

#include <string.h>

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

static void frag_print(const struct frag_result *res, int json)
{
	unsigned int o;
	int k;

	if (json)
		printf("{\"memory\": %llu, \"allocators\": [", (unsigned long long)res->memory);
	else
		printf("%-10s %8s %12s %12s %12s %8s  unusable index by order 0..%u\n",
		       "allocator", "failures", "waste", "free", "largest", "extfrag",
		       res->nr_orders - 1);
	for (k = 0; k < FRAG_ALLOCATORS; k++) {
		const struct frag_row *r = &res->rows[k];

		if (json)
			printf("%s{\"name\": \"%s\", \"failures\": %llu, \"internal_waste\": %llu, \"free\": %llu, \"largest_free\": %llu, \"unusable_index\": [",
			       k ? ", " : "", r->name, (unsigned long long)r->failures,
			       (unsigned long long)r->waste, (unsigned long long)r->free,
			       (unsigned long long)r->largest);
		else
			printf("%-10s %8llu %12llu %12llu %12llu %7.1f%% ", r->name,
			       (unsigned long long)r->failures, (unsigned long long)r->waste,
			       (unsigned long long)r->free, (unsigned long long)r->largest,
			       r->free ? 100.0 * (double)(r->free - r->largest) / (double)r->free : 0.0);
		for (o = 0; o < res->nr_orders; o++) {
			int v = r->unusable[o];

			if (json)
				printf("%s%d", o ? ", " : "", v);
			else
				printf(" %d.%03d", v / 1000, v % 1000);
		}
		printf(json ? "]}" : "\n");
	}
	if (json)
		printf("], \"live_bytes\": %llu}\n", (unsigned long long)res->live_bytes);
}

int cmd_frag(int argc, char **argv)
{
	static const struct option lo[] = {
		MEM_LONGOPTS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct frag_result res;
	struct mem_opts m;
	struct buddy b;
	struct btrace t;
	int c, ret = 1, r;

	mem_defaults(&m);
	optind = 1;
	while ((c = getopt_long(argc, argv, "p:k:t:jh", lo, NULL)) != -1) {
		r = mem_opt(&m, c, optarg);
		if (r < 0)
			return 2;
		if (!r) {
			frag_usage(c == 'h' ? stdout : stderr);
			return c == 'h' ? 0 : 2;
		}
	}
	if (!m.trace || !m.pages || m.nzones || m.load || m.x86) {
		perr(NULL, 0, "frag needs --pages or --mem (one flat zone) and --trace");
		frag_usage(stderr);
		return 2;
	}
	btrace_init(&t);
	memset(&b, 0, sizeof(b));
	if (!mem_build(&m, &b) &&
	    !btrace_parse(&t, m.trace, m.page_size, b.nr_orders - 1) &&
	    !frag_replay(&b, &t, m.trace, m.page_size, m.pages, &res)) {
		frag_print(&res, m.json);
		ret = 0;
	}
	btrace_free(&t);
	buddy_destroy(&b);
	return ret;
}
