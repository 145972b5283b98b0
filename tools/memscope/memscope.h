/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memscope client: shared declarations. Every subcommand is a
 * struct ms_cmd in main.c's table; add yours there.
 */
#ifndef MEMSCOPE_CLIENT_H
#define MEMSCOPE_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct ms_opts {
	bool json;		/* --json: one JSON document on stdout */
	const char *root;	/* debugfs directory ($MEMSCOPE_ROOT) */
};

struct ms_cmd {
	const char *name;
	/* argv[0] is the command name; return the exit status. */
	int (*fn)(int argc, char **argv, const struct ms_opts *o);
	const char *args;	/* e.g. "PID|self" */
	const char *help;	/* one line */
};

/* Exit statuses. */
#define MS_EXIT_OK	0
#define MS_EXIT_FAIL	1	/* runtime error: message on stderr */
#define MS_EXIT_USAGE	2	/* bad arguments */

extern const char *ms_prog;

/* Messages to stderr, prefixed with the program name. */
void ms_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int ms_usage_err(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Check root and the module; print why not and return false. */
bool ms_ready(const struct ms_opts *o);

/* Read a whole file; returns length or -errno, *buf malloc'd. */
ssize_t ms_slurp(const char *path, char **buf);

/*
 * A process to look at: "self" or a PID. ms_target_begin() tracks the
 * PID if needed and fills dir; ms_target_end() untracks what it tracked.
 */
struct ms_target {
	char dir[256];
	char pid[24];
	bool tracked_by_us;
};
int ms_parse_target(const char *s, struct ms_target *t);
int ms_target_begin(const struct ms_opts *o, struct ms_target *t);
void ms_target_end(const struct ms_opts *o, struct ms_target *t);

/* JSON helpers: a string with escapes. */
void ms_json_str(const char *s);

/* Subcommands. */
int cmd_maps(int argc, char **argv, const struct ms_opts *o);
int cmd_vmas(int argc, char **argv, const struct ms_opts *o);
int cmd_mm(int argc, char **argv, const struct ms_opts *o);
int cmd_pagetable(int argc, char **argv, const struct ms_opts *o);
int cmd_translate(int argc, char **argv, const struct ms_opts *o);
int cmd_snapshot(int argc, char **argv, const struct ms_opts *o);

#endif /* MEMSCOPE_CLIENT_H */
