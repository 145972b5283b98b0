// SPDX-License-Identifier: GPL-2.0
/*
 * memsim: `compare SNAPSHOT_DIR` — the model's prediction beside the real
 * numbers of a memscope snapshot, per structure, with the differing lines
 * and an exact-match rate.  Exit 0 whenever it ran; 1 with "file:line:
 * message" on malformed input.
 *
 * This file is the command: options, the version file (which series to
 * model), the shared report and the results table. One file per
 * structure: compare_buddy.c (buddyinfo and pagetypeinfo from
 * freeblocks), compare_slab.c (slab geometry from slabinfo),
 * compare_pgtable.c (page-table pages from each pids/<PID>).
 */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"
#include "compare.h"
#include "util.h"
#include "../lib/fileio.h"
#include "../lib/formats.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

char *path_of(const struct cmpctx *c, const char *name)
{
	size_t n = strlen(c->dir) + strlen(name) + 2;
	char *p = xmalloc(n);

	snprintf(p, n, "%s/%s", c->dir, name);
	return p;
}

bool exists(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0;
}

struct result *new_result(struct cmpctx *c, const char *name)
{
	struct result *r;

	if (c->nres == (int)ARRAY_SIZE(c->res))
		c->nres--;	/* keep the last slot for the overflow */
	r = &c->res[c->nres++];
	memset(r, 0, sizeof(*r));
	snprintf(r->name, sizeof(r->name), "%s", name);
	return r;
}

void say(const struct cmpctx *c, const char *fmt, ...)
{
	va_list ap;

	if (c->json)
		return;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

/* split text into lines (in place) */
size_t split_lines(char *text, char ***out)
{
	size_t n = 0, cap = 64;
	char **v = xmalloc(cap * sizeof(char *)), *p = text;

	while (*p) {
		char *nl = strchr(p, '\n');

		if (n == cap) {
			cap *= 2;
			v = xrealloc(v, cap * sizeof(char *));
		}
		v[n++] = p;
		if (!nl)
			break;
		*nl = '\0';
		p = nl + 1;
	}
	*out = v;
	return n;
}

void diff_lines(struct cmpctx *c, struct result *r, char **model,
		       size_t nm, char **real, size_t nr)
{
	size_t i, n = nm > nr ? nm : nr;
	unsigned int shown = 0;

	for (i = 0; i < n; i++) {
		const char *a = i < nm ? model[i] : "(none)";
		const char *b = i < nr ? real[i] : "(none)";

		r->compared++;
		if (!strcmp(a, b)) {
			r->matched++;
			continue;
		}
		if (shown++ < c->max_lines)
			say(c, "  - real:  %s\n  + model: %s\n", b, a);
	}
	if (shown > c->max_lines)
		say(c, "  ... %u more differing lines\n", shown - c->max_lines);
}

/* ---- version ---- */

static void version_series(struct cmpctx *c, const char *kernel)
{
	enum ms_series k;

	if (c->series_given) {
		say(c, "version: kernel %s; model series %s (--kernel)\n", kernel,
		    ms_series_name(c->series));
	} else if (ms_series_parse(kernel, &k)) {
		say(c, "version: kernel %s is neither 6.1 nor 6.12; model series 6.12\n", kernel);
		c->series = MS_SERIES_6_12;
	} else {
		c->series = k;
		say(c, "version: kernel %s -> model series %s\n", kernel,
		    ms_series_name(k));
	}
}

static int read_version(struct cmpctx *c)
{
	char *p = path_of(c, "version"), *t;
	struct ms_version v;
	int ret = 0;

	if (ms_read_file(p, &t) < 0) {
		say(c, "version: absent; model series %s%s\n",
		    ms_series_name(c->series),
		    c->series_given ? " (--kernel)" : " (default)");
		free(p);
		return 0;
	}
	if (ms_version_parse(t, &v))
		ret = perr(p, 1, "expected 'memscope <version> abi <n> kernel <release>'");
	else if (strcmp(v.abi, "1"))
		ret = perr(p, 1, "unsupported ABI %s (memsim reads ABI 1)", v.abi);
	else
		version_series(c, v.kernel);
	free(t);
	free(p);
	return ret;
}

/* the results table: one row per structure, or the JSON summary */
static void report(const struct cmpctx *c)
{
	int i;

	if (c->json) {
		printf("{\"snapshot\": ");
		ms_json_str(stdout, c->dir);
		printf(", \"kernel_series\": \"%s\", \"structures\": [",
		       ms_series_name(c->series));
	} else {
		printf("\n%-28s %10s %10s %8s  %s\n", "structure", "compared", "matched", "match", "note");
	}
	for (i = 0; i < c->nres; i++) {
		const struct result *r = &c->res[i];
		double rate = r->compared ? 100.0 * (double)r->matched / (double)r->compared : 0.0;

		if (c->json) {
			printf("%s{\"name\": ", i ? ", " : "");
			ms_json_str(stdout, r->name);
			printf(", \"skipped\": %s, \"compared\": %lu, \"matched\": %lu, \"match_rate\": %.1f, \"note\": ",
			       r->skipped ? "true" : "false", r->compared, r->matched, rate);
			ms_json_str(stdout, r->note);
			printf("}");
		} else if (r->skipped) {
			printf("%-28s %10s %10s %8s  %s\n", r->name, "-", "-", "skipped", r->note);
		} else {
			printf("%-28s %10lu %10lu %7.1f%%  %s\n", r->name, r->compared,
			       r->matched, rate, r->note);
		}
	}
	if (c->json)
		printf("]}\n");
}

static void compare_usage(FILE *f)
{
	fprintf(f,
"usage: memsim compare [options] SNAPSHOT_DIR\n"
"  For each structure present in a memscope snapshot: the model's prediction\n"
"  beside the real numbers, the differing lines and an exact-match rate.\n"
"  Exit 0 when it ran (whatever the match), 1 on malformed input.\n"
"  -k, --kernel 6.1|6.12   model series (default: from the version file)\n"
"  -n, --max-lines N       differing lines shown per structure (default 10)\n"
"  -j, --json              JSON summary\n"
"  -h, --help\n");
}

int cmd_compare(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "kernel", required_argument, NULL, 'k' },
		{ "max-lines", required_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cmpctx *c = xcalloc(1, sizeof(*c));
	int o, ret = 1;
	long v;
	struct stat st;

	c->series = MS_SERIES_6_12;
	c->max_lines = 10;
	optind = 1;
	while ((o = getopt_long(argc, argv, "k:n:jh", lo, NULL)) != -1) {
		switch (o) {
		case 'k':
			if (ms_series_parse(optarg, &c->series)) {
				perr(NULL, 0, "--kernel is 6.1 or 6.12");
				goto out2;
			}
			c->series_given = true;
			break;
		case 'n':
			if (!parse_int(optarg, 0, 100000, &v)) {
				perr(NULL, 0, "bad --max-lines");
				goto out2;
			}
			c->max_lines = (unsigned int)v;
			break;
		case 'j': c->json = 1; break;
		case 'h': compare_usage(stdout); ret = 0; goto out;
		default: compare_usage(stderr); goto out2;
		}
	}
	if (optind != argc - 1) {
		compare_usage(stderr);
		goto out2;
	}
	c->dir = argv[optind];
	if (stat(c->dir, &st) || !S_ISDIR(st.st_mode)) {
		perr(c->dir, 0, "not a snapshot directory");
		goto out;
	}
	say(c, "memsim compare %s\n", c->dir);
	if (read_version(c) || compare_buddy(c) || compare_slab(c) || compare_pids(c))
		goto out;
	report(c);
	ret = 0;
	goto out;
out2:
	ret = 2;
out:
	free(c);
	return ret;
}
