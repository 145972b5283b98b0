/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memscope client: what the subcommands share.
 */
#ifndef MSCLIENT_H
#define MSCLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "../lib/json.h"	/* ms_json_str(), ms_json_value() */

#define MS_DEFAULT_ROOT "/sys/kernel/debug/memscope"

/* Options every subcommand sees (parsed before the subcommand name). */
struct ms_opts {
	const char *root;	/* debugfs dir, or a snapshot dir */
	bool json;		/* machine-readable output */
	bool no_headers;	/* omit column headers */
};

extern struct ms_opts ms_opts;
extern const char *ms_prog;

/* One subcommand: run(argc, argv) with argv[0] the subcommand's name. */
struct ms_command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *args;
	const char *summary;
};

/*
 * Read ms_opts.root/REL whole into a malloc'd NUL-terminated buffer.
 * On failure prints a message that says what to do (load the module, run
 * as root, ...) and returns NULL.
 */
char *ms_read(const char *rel, size_t *len);

/* Print "memscope: <msg>" to stderr. Returns 1 (the exit status). */
int ms_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* cmd_phys.c: " %6s" block-size labels (4K, 8K, ... 4M) for NR_ORDERS. */
void ms_order_header(int nr_orders);

int cmd_version(int argc, char **argv);
int cmd_buddy(int argc, char **argv);
int cmd_snapshot(int argc, char **argv);
/* cmd_slab.c: SLUB caches */
int cmd_slab(int argc, char **argv);
/* cmd_phys.c: the physical memory view */
int cmd_pagetypes(int argc, char **argv);
int cmd_extfrag(int argc, char **argv);
int cmd_zones(int argc, char **argv);
int cmd_meminfo(int argc, char **argv);
int cmd_layout(int argc, char **argv);
/* cmd_proc.c: the per-process view (exit 2 on bad arguments) */
int cmd_maps(int argc, char **argv);
int cmd_vmas(int argc, char **argv);
int cmd_mm(int argc, char **argv);
int cmd_pagetable(int argc, char **argv);
int cmd_translate(int argc, char **argv);

#endif /* MSCLIENT_H */
