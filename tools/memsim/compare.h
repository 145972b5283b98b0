/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memsim compare: what its structures share - the context, the results
 * table, the report (nothing in JSON mode), the line diff. compare.c is
 * the command; compare_buddy.c, compare_slab.c and compare_pgtable.c
 * compare one structure each.
 */
#ifndef MEMSIM_COMPARE_H
#define MEMSIM_COMPARE_H

#include <stdbool.h>
#include <stddef.h>

#include "../lib/kseries.h"

struct result {
	char name[64];
	unsigned long compared, matched;
	bool skipped;
	char note[160];
};

struct cmpctx {
	const char *dir;
	int json;
	unsigned int max_lines;
	struct result res[256];
	int nres;
	enum ms_series series;
	bool series_given;
};

/* DIR/NAME, malloc'd */
char *path_of(const struct cmpctx *c, const char *name);
bool exists(const char *path);
/* a new row of the results table (the last one is reused when full) */
struct result *new_result(struct cmpctx *c, const char *name);
/* the report, on stdout unless --json */
void say(const struct cmpctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* split TEXT into lines in place; *out malloc'd */
size_t split_lines(char *text, char ***out);
/* count and show (up to --max-lines) the lines where MODEL and REAL differ */
void diff_lines(struct cmpctx *c, struct result *r, char **model,
		size_t nm, char **real, size_t nr);

/* each returns 0, or -1 after "file:line: message" on malformed input */
int compare_buddy(struct cmpctx *c);
int compare_slab(struct cmpctx *c);
int compare_pids(struct cmpctx *c);

#endif
