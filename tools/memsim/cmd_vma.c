// SPDX-License-Identifier: GPL-2.0
/* memsim: the `vma` command - options, the replay, its output. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"
#include "svg.h"
#include "util.h"
#include "vma.h"
#include "vma_trace.h"

#include <getopt.h>
#include <inttypes.h>
#include <string.h>

#define PAGE		4096ull

static void vma_usage(FILE *f)
{
	fprintf(f,
"usage: memsim vma --trace FILE [options]\n"
"  Replays mmap/munmap/mprotect/brk (or malloc/free) traces through the VMA\n"
"  layout model and prints /proc/PID/maps.\n"
"  -k, --kernel 6.1|6.12       series (default 6.12)\n"
"      --no-thp                a kernel without CONFIG_TRANSPARENT_HUGEPAGE\n"
"                              (no 2 MiB alignment of anonymous mappings)\n"
"      --mmap-base HEX         default: from --stack-rlimit, ASLR off\n"
"      --stack-rlimit SIZE     default 8M\n"
"      --task-size HEX         default 0x7ffffffff000 (4-level)\n"
"      --brk HEX               start_brk (default 0x555555559000... see doc)\n"
"      --mmap-threshold SIZE   malloc threshold (default 128K)\n"
"  -j, --json                  JSON instead of maps lines\n"
"      --svg FILE              address-space picture\n"
"      --maps FILE             initial VMAs from a /proc/PID/maps copy\n"
"      --expect FILE           compare the result with a maps file:\n"
"                              differing lines and the exact-match rate\n"
"  -h, --help\n"
"trace lines:\n"
"  mmap ADDR|- LEN PROT private|shared [fixed]\n"
"       [file=NAME [off=N] [ino=N] [dev=MAJ:MIN]]   (dev hex, default 08:01)\n"
"  munmap ADDR LEN | mprotect ADDR LEN PROT | brk ADDR | touch ADDR\n"
"  malloc ID SIZE | free ID | show      (PROT: r,w,x letters or -)\n");
}

struct vma_opts {
	enum ms_series series;
	uint64_t base, rlim, task, brk0, thresh;
	const char *trace, *svg, *maps, *expect;
	int json;
	bool no_thp;
};

/* one option; 0, or 2 (the exit status) after a message */
static int vma_opt(struct vma_opts *o, int c, const char *arg)
{
	switch (c) {
	case 'k':
		if (ms_series_parse(arg, &o->series))
			return perr(NULL, 0, "--kernel is 6.1 or 6.12"), 2;
		break;
	case 1000:
		if (!parse_hex_u64(arg, &o->base) || (o->base & (PAGE - 1)))
			return perr(NULL, 0, "bad --mmap-base"), 2;
		break;
	case 1001:
		if (!parse_size(arg, &o->rlim))
			return perr(NULL, 0, "bad --stack-rlimit"), 2;
		break;
	case 1002:
		if (!parse_hex_u64(arg, &o->task) || (o->task & (PAGE - 1)) ||
		    o->task < (1ull << 32))
			return perr(NULL, 0, "bad --task-size"), 2;
		break;
	case 1003:
		if (!parse_hex_u64(arg, &o->brk0))
			return perr(NULL, 0, "bad --brk"), 2;
		break;
	case 1004:
		if (!parse_size(arg, &o->thresh))
			return perr(NULL, 0, "bad --mmap-threshold"), 2;
		break;
	case 't': o->trace = arg; break;
	case 'j': o->json = 1; break;
	case 1005: o->svg = arg; break;
	case 1006: o->maps = arg; break;
	case 1007: o->expect = arg; break;
	case 1008: o->no_thp = true; break;
	default: vma_usage(stderr); return 2;
	}
	return 0;
}

static void vma_json(const struct vma_set *vs)
{
	size_t i;

	printf("{\"mmap_base\": \"%" PRIx64 "\", \"brk\": \"%" PRIx64 "\", \"vmas\": [", vs->mmap_base, vs->brk);
	for (i = 0; i < vs->n; i++) {
		printf("%s{\"start\": \"%" PRIx64 "\", \"end\": \"%" PRIx64 "\", \"flags\": %u, \"pgoff\": %" PRIu64 ", \"anon_vma\": %u, \"name\": ",
		       i ? ", " : "", vs->v[i].start, vs->v[i].end, vs->v[i].flags,
		       vs->v[i].pgoff, vs->v[i].anon_vma);
		ms_json_str(stdout, vs->v[i].name);
		printf("}");
	}
	printf("]}\n");
}

/* the model from the options, the maps file and the trace: 0 or -1 */
static int vma_run(const struct vma_opts *o, struct vma_set *vs)
{
	uint64_t base = o->base ? o->base : vs_mmap_base(o->task, o->rlim);

	vs_init(vs, o->series, o->task, base);
	vs->no_thp = o->no_thp;
	vs->start_brk = vs->brk = o->brk0;
	if (o->maps && vs_load_maps(vs, o->maps))
		return -1;
	if (vtrace_replay(vs, o->trace, o->thresh))
		return -1;
	if (o->json)
		vma_json(vs);
	else if (!o->expect)
		vs_print_maps(vs, stdout);
	if (o->expect && vs_expect(vs, o->expect))
		return -1;
	if (o->svg && svg_vmas(vs, o->svg, o->trace))
		return -1;
	return 0;
}

int cmd_vma(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "kernel", required_argument, NULL, 'k' },
		{ "mmap-base", required_argument, NULL, 1000 },
		{ "stack-rlimit", required_argument, NULL, 1001 },
		{ "task-size", required_argument, NULL, 1002 },
		{ "brk", required_argument, NULL, 1003 },
		{ "mmap-threshold", required_argument, NULL, 1004 },
		{ "trace", required_argument, NULL, 't' },
		{ "json", no_argument, NULL, 'j' },
		{ "svg", required_argument, NULL, 1005 },
		{ "maps", required_argument, NULL, 1006 },
		{ "expect", required_argument, NULL, 1007 },
		{ "no-thp", no_argument, NULL, 1008 },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct vma_opts o = {
		.series = MS_SERIES_6_12, .rlim = 8ull << 20,
		.task = 0x7ffffffff000ull, .brk0 = 0x555555559000ull,
		.thresh = 128ull << 10,
	};
	struct vma_set vs;
	int c, ret;

	optind = 1;
	while ((c = getopt_long(argc, argv, "k:t:jh", lo, NULL)) != -1) {
		if (c == 'h') {
			vma_usage(stdout);
			return 0;
		}
		if (vma_opt(&o, c, optarg))
			return 2;
	}
	if (!o.trace || optind < argc) {
		vma_usage(stderr);
		return 2;
	}
	ret = vma_run(&o, &vs) ? 1 : 0;
	vs_destroy(&vs);
	return ret;
}
