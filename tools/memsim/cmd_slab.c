// SPDX-License-Identifier: GPL-2.0
/* memsim: the `slab` command - geometry tables, or the object trace. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"
#include "slab_trace.h"
#include "slub.h"
#include "util.h"

#include <getopt.h>
#include <string.h>

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

struct slab_opts {
	enum ms_series series;
	long cpus;
	uint64_t size, align, from, to, step;
	unsigned int flags;
	const char *trace;
	int json;
};

/* --table FROM:TO:STEP; 0 or -1 */
static int parse_table(const char *arg, struct slab_opts *o)
{
	char buf[64], *p1, *p2;

	if (strlen(arg) >= sizeof(buf))
		return perr(NULL, 0, "bad --table");
	strcpy(buf, arg);
	p1 = strchr(buf, ':');
	p2 = p1 ? strchr(p1 + 1, ':') : NULL;
	if (!p2)
		return perr(NULL, 0, "--table wants FROM:TO:STEP");
	*p1++ = *p2++ = '\0';
	if (!parse_u64(buf, &o->from) || !parse_u64(p1, &o->to) ||
	    !parse_u64(p2, &o->step) || !o->from || !o->step || o->to < o->from ||
	    o->to > (1u << 22))
		return perr(NULL, 0, "bad --table");
	return 0;
}

/* one option; 0, or 2 (the exit status) after a message */
static int slab_opt(struct slab_opts *o, int c, const char *arg)
{
	switch (c) {
	case 'k':
		if (ms_series_parse(arg, &o->series))
			return perr(NULL, 0, "--kernel is 6.1 or 6.12"), 2;
		break;
	case 'c':
		if (!parse_int(arg, 1, 8192, &o->cpus))
			return perr(NULL, 0, "--cpus is 1..8192"), 2;
		break;
	case 'S':
		if (!parse_size(arg, &o->size) || !o->size || o->size > (1u << 22))
			return perr(NULL, 0, "bad --size"), 2;
		break;
	case 'a':
		if (!parse_u64(arg, &o->align) || !o->align ||
		    (o->align & (o->align - 1)) || o->align > 4096)
			return perr(NULL, 0, "--align is a power of two up to 4096"), 2;
		break;
	case 'f':
		if (slab_parse_flags(arg, &o->flags))
			return perr(NULL, 0, "bad --flags '%s'", arg), 2;
		break;
	case 1000:
		return parse_table(arg, o) ? 2 : 0;
	case 't': o->trace = arg; break;
	case 'j': o->json = 1; break;
	default: slab_usage(stderr); return 2;
	}
	return 0;
}

/* the geometry of every size FROM..TO by STEP */
static void print_geometries(const struct slab_opts *o)
{
	uint64_t size;

	if (o->json)
		printf("[");
	else
		slab_print_geometry_header(stdout);
	for (size = o->from; size <= o->to; size += o->step) {
		struct ms_slub_geometry g;
		char name[32];

		snprintf(name, sizeof(name), "size-%llu", (unsigned long long)size);
		if (!ms_slub_geometry(o->series, (unsigned int)size,
				      (unsigned int)o->align, o->flags,
				      (unsigned int)o->cpus, &g)) {
			fprintf(stderr, "memsim: size %llu: no slab order fits\n",
				(unsigned long long)size);
			continue;
		}
		if (o->json) {
			if (size != o->from)
				printf(", ");
			slab_print_geometry_json(name, &g, stdout);
		} else {
			slab_print_geometry(name, &g, stdout);
		}
	}
	if (o->json)
		printf("]\n");
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
	struct slab_opts o = {
		.series = MS_SERIES_6_12, .cpus = 2, .align = 8,
	};
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "k:c:S:a:f:t:jh", lo, NULL)) != -1) {
		if (c == 'h') {
			slab_usage(stdout);
			return 0;
		}
		if (slab_opt(&o, c, optarg))
			return 2;
	}
	if (optind < argc)
		return perr(NULL, 0, "unexpected argument '%s'", argv[optind]), 2;
	if (o.trace)
		return slab_trace(o.trace, o.series, (unsigned int)o.cpus, o.json) ? 1 : 0;
	if (!o.size && !o.from) {
		perr(NULL, 0, "give --size, --table or --trace (see -h)");
		return 2;
	}
	if (!o.from) {
		o.from = o.to = o.size;
		o.step = 1;
	}
	print_geometries(&o);
	return 0;
}
