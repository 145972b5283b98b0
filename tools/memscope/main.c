// SPDX-License-Identifier: GPL-2.0
/*
 * memscope: the client. `memscope [--json] COMMAND ARGS...`
 *
 * Commands live in the table below, one {name, fn, args, help} each; to
 * add one, write `int cmd_x(int argc, char **argv, const struct ms_opts *o)`
 * (argv[0] is the command name), declare it in memscope.h and add a row.
 * A command checks its own arguments first (exit 2 with a usage message),
 * then calls ms_ready() (root, module loaded) before touching debugfs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memscope.h"

static const struct ms_cmd commands[] = {
	{ "maps", cmd_maps, "PID|self",
	  "the VMAs, exactly as /proc/PID/maps" },
	{ "vmas", cmd_vmas, "PID|self",
	  "VMAs with their kind and rss/swap/anon/file/THP/hugetlb counts" },
	{ "mm", cmd_mm, "PID|self",
	  "the mm_struct summary: segments, brk, mmap_base, counters" },
	{ "pagetable", cmd_pagetable, "PID|self",
	  "totals of a page-table walk: leaves, entries, tables per level" },
	{ "translate", cmd_translate, "PID|self ADDR",
	  "walk one virtual address down to its page" },
	{ "snapshot", cmd_snapshot, "DIR [PID...]",
	  "copy every memscope file (system + per PID) into DIR" },
};

#define NR_COMMANDS (sizeof(commands) / sizeof(commands[0]))

const char *ms_prog = "memscope";

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: %s [--json] COMMAND [ARGS...]\n\n", ms_prog);
	fprintf(f, "Show Linux memory management through the memscope module\n"
		   "(/sys/kernel/debug/memscope; root only).\n\ncommands:\n");
	for (i = 0; i < NR_COMMANDS; i++)
		fprintf(f, "  %-10s %-14s %s\n", commands[i].name,
			commands[i].args, commands[i].help);
	fprintf(f, "\noptions:\n"
		   "  -j, --json   machine-readable output (scripts should use it)\n"
		   "  -h, --help   this text; COMMAND -h: the command's usage\n"
		   "\nenvironment: MEMSCOPE_ROOT (default /sys/kernel/debug/memscope)\n"
		   "exit status: 0 ok, 1 error, 2 bad arguments\n");
}

const struct ms_cmd *ms_find_cmd(const char *name)
{
	size_t i;

	for (i = 0; i < NR_COMMANDS; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

int main(int argc, char **argv)
{
	struct ms_opts o = { .json = false };
	const struct ms_cmd *c;
	int i;

	o.root = getenv("MEMSCOPE_ROOT");
	if (!o.root || !*o.root)
		o.root = "/sys/kernel/debug/memscope";
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-j") || !strcmp(argv[i], "--json")) {
			o.json = true;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return MS_EXIT_OK;
		} else {
			fprintf(stderr, "%s: unknown option '%s'\n", ms_prog, argv[i]);
			usage(stderr);
			return MS_EXIT_USAGE;
		}
	}
	if (i == argc) {
		usage(stderr);
		return MS_EXIT_USAGE;
	}
	c = ms_find_cmd(argv[i]);
	if (!c) {
		fprintf(stderr, "%s: unknown command '%s' (try %s -h)\n",
			ms_prog, argv[i], ms_prog);
		return MS_EXIT_USAGE;
	}
	/* COMMAND -h / --help, and options after the command. */
	{
		int j, n = 0;
		char **args = calloc(argc - i + 1, sizeof(*args));

		if (!args)
			return MS_EXIT_FAIL;
		for (j = i; j < argc; j++) {
			if (j > i && (!strcmp(argv[j], "-h") ||
				      !strcmp(argv[j], "--help"))) {
				printf("usage: %s [--json] %s %s\n  %s\n", ms_prog,
				       c->name, c->args, c->help);
				free(args);
				return MS_EXIT_OK;
			}
			if (j > i && (!strcmp(argv[j], "-j") ||
				      !strcmp(argv[j], "--json"))) {
				o.json = true;
				continue;
			}
			args[n++] = argv[j];
		}
		j = c->fn(n, args, &o);
		free(args);
		return j;
	}
}
