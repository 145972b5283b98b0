// SPDX-License-Identifier: GPL-2.0
/* memsim: the `buddy` command - options, the trace replay, its output. */
#define _POSIX_C_SOURCE 200809L
#include "buddy.h"
#include "buddy_opts.h"
#include "cli.h"
#include "svg.h"
#include "trace.h"
#include "util.h"

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

/* the model, the trace through it, what --show asks for: 0 or -1 */
static int buddy_run(struct mem_opts *m, unsigned int show, const char *svg,
		     struct buddy *b, struct btrace *t)
{
	if (mem_build(m, b))
		return -1;
	if (m->trace) {
		if (btrace_parse(t, m->trace, m->page_size, b->nr_orders - 1))
			return -1;
		if (btrace_replay(b, t, m->json ? (show & SHOW_ALLOCS) : show, stdout))
			return -1;
	}
	buddy_show(b, show & ~SHOW_ALLOCS, m->json, stdout);
	if (svg && svg_buddy(b, svg))
		return -1;
	return 0;
}

int cmd_buddy(int argc, char **argv)
{
	static const struct option lo[] = {
		MEM_LONGOPTS,
		{ "show", required_argument, NULL, 's' },
		{ "svg", required_argument, NULL, 1100 },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct mem_opts m;
	struct buddy b;
	struct btrace t;
	const char *svg = NULL;
	unsigned int show = SHOW_BUDDYINFO;
	int c, ret, r;

	mem_defaults(&m);
	optind = 1;
	while ((c = getopt_long(argc, argv, "p:l:k:t:s:jh", lo, NULL)) != -1) {
		r = mem_opt(&m, c, optarg);
		if (r < 0)
			return 2;
		if (r)
			continue;
		switch (c) {
		case 's':
			if (show_parse(optarg, &show)) {
				perr(NULL, 0, "bad --show '%s'", optarg);
				return 2;
			}
			break;
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
	ret = buddy_run(&m, show, svg, &b, &t) ? 1 : 0;
	btrace_free(&t);
	buddy_destroy(&b);
	return ret;
}
