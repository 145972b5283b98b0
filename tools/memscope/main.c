// SPDX-License-Identifier: GPL-2.0
/*
 * memscope: read memscope's debugfs files (or a snapshot of them) and
 * print them for people (aligned columns) or machines (--json).
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msclient.h"

struct ms_opts ms_opts = { .root = MS_DEFAULT_ROOT };
const char *ms_prog = "memscope";

static const struct ms_command commands[] = {
	{ "version", cmd_version, "", "module, ABI and kernel versions" },
	{ "buddy", cmd_buddy, "",
	  "free blocks per order and zone, with free memory per zone" },
	{ "pagetypes", cmd_pagetypes, "",
	  "free blocks per migratetype and order, pageblocks per type" },
	{ "extfrag", cmd_extfrag, "",
	  "unusable free space and fragmentation index per order" },
	{ "zones", cmd_zones, "", "zone sizes and watermarks (pages)" },
	{ "meminfo", cmd_meminfo, "", "what free(1) shows, in kB" },
	{ "layout", cmd_layout, "",
	  "kernel virtual address regions, KASLR applied" },
	{ "slab", cmd_slab, "[-s KEY] [-n N] [-N]",
	  "SLUB caches by memory, with waste" },
	{ "snapshot", cmd_snapshot, "DIR [PID...]",
	  "copy every memscope file (and those of PIDs) into DIR" },
	{ "maps", cmd_maps, "PID|self", "VMAs exactly as /proc/PID/maps" },
	{ "vmas", cmd_vmas, "PID|self",
	  "VMAs: kind, rss/swap/anon/file/THP/hugetlb" },
	{ "mm", cmd_mm, "PID|self", "mm_struct: segments, brk, mmap_base, rss" },
	{ "pagetable", cmd_pagetable, "PID|self",
	  "page-table walk: leaves, entries, tables" },
	{ "translate", cmd_translate, "PID|self ADDR",
	  "one address down the page table to its page" },
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f,
		"usage: memscope [options] COMMAND [ARGS]\n"
		"\n"
		"Show Linux memory management through memscope's debugfs files.\n"
		"\n"
		"Options:\n"
		"  -r, --root DIR     read DIR instead of %s\n"
		"                     (a snapshot directory works too)\n"
		"  -j, --json         JSON output (use this from scripts)\n"
		"  -n, --no-headers   no column headers\n"
		"  -h, --help         this text\n"
		"\n"
		"Commands:\n", MS_DEFAULT_ROOT);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-10s %-16s %s\n", commands[i].name,
			commands[i].args, commands[i].summary);
	fprintf(f, "\nEnvironment: MEMSCOPE_ROOT sets the default root.\n");
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "root", required_argument, NULL, 'r' },
		{ "json", no_argument, NULL, 'j' },
		{ "no-headers", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *env = getenv("MEMSCOPE_ROOT");
	size_t i;
	int c;

	if (env && *env)
		ms_opts.root = env;
	/* '+': stop at the subcommand; its own options follow it. */
	while ((c = getopt_long(argc, argv, "+r:jnh", longopts, NULL)) != -1) {
		switch (c) {
		case 'r':
			ms_opts.root = optarg;
			break;
		case 'j':
			ms_opts.json = true;
			break;
		case 'n':
			ms_opts.no_headers = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return 2;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(argv[optind], commands[i].name) == 0) {
			optind++;
			return commands[i].run(argc - optind + 1,
					       argv + optind - 1);
		}
	}
	fprintf(stderr, "memscope: unknown command '%s' (try memscope -h)\n",
		argv[optind]);
	return 2;
}
