/* SPDX-License-Identifier: GPL-2.0 */
/* memsim: small helpers shared by every model (errors, parsing, lines). */
#ifndef MEMSIM_UTIL_H
#define MEMSIM_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../lib/json.h"	/* ms_json_str() */

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* fatal out-of-memory: the only error memsim does not report by line */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t sz);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

/* bytes currently held through the x*alloc helpers that count (see bench) */
extern size_t memsim_bytes_counted;
void *counted_calloc(size_t n, size_t sz);
void counted_free(void *p, size_t bytes);

/* error report "file:line: message" to stderr; returns -1 */
int perr(const char *file, unsigned long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Line reader: reads a text file line by line, strips the newline, a
 * trailing '\r', and '#' comments when strip_comments is set.
 * Returns 1 with a line, 0 at end, -1 on error (message printed).
 */
struct lreader {
	FILE *f;
	const char *name;
	unsigned long lineno;
	char *buf;
	size_t cap;
	bool strip_comments;
	bool own;
};

int lr_open(struct lreader *lr, const char *path, bool strip_comments);
void lr_close(struct lreader *lr);
int lr_next(struct lreader *lr, char **line);
/*
 * FN(CTX, reader, line) for each line of PATH ('-': stdin) until FN
 * returns non-zero (-1, after its own message). Returns 0 or -1.
 */
int lr_each(const char *path, bool strip_comments,
	    int (*fn)(void *ctx, const struct lreader *lr, char *line),
	    void *ctx);

/* split line in place on blanks; returns the number of tokens (<= max) or
 * max + 1 when there were more */
int split_ws(char *line, char **tok, int max);

/* strict number parsing: whole token, no overflow */
bool parse_u64(const char *s, uint64_t *v);	/* decimal or 0x hex */
bool parse_hex_u64(const char *s, uint64_t *v);	/* hex, optional 0x */
bool parse_int(const char *s, long min, long max, long *v);
/* size with optional K/M/G suffix (binary units) */
bool parse_size(const char *s, uint64_t *v);

/* One name of a comma-separated list of option names and its bits. */
struct name_bits {
	const char *name;
	unsigned int bits;
};
/*
 * OR into *bits the bits of every name in the comma-separated LIST;
 * false (and *bits partly updated) on a name not in NAMES or a list
 * longer than 255 characters.
 */
bool parse_name_list(const char *list, const struct name_bits *names,
		     size_t nnames, unsigned int *bits);

#endif
