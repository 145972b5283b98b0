// SPDX-License-Identifier: GPL-2.0
/*
 * memsim compare, buddy: freeblocks loaded into the model (list order
 * kept); the model's buddyinfo lines and pagetypeinfo free-list lines
 * compared with the snapshot's files, line for line.
 */
#define _POSIX_C_SOURCE 200809L
#include "buddy.h"
#include "compare.h"
#include "freeblocks.h"
#include "util.h"
#include "../lib/fileio.h"
#include "../lib/formats.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define NR_ORDERS	11	/* the orders both series print on x86_64 */

/* validates buddyinfo and collects its zones: 0 or -1 */
static int parse_buddyinfo(const char *path, char **lines, size_t n,
			   struct zone_hint *z, int *nz)
{
	struct ms_zone_counts zc;
	size_t i;

	*nz = 0;
	for (i = 0; i < n; i++) {
		if (!lines[i][0])
			continue;
		if (ms_buddyinfo_parse(lines[i], &zc))
			return perr(path, i + 1, "not a buddyinfo line");
		if (zc.nr < NR_ORDERS)
			return perr(path, i + 1, "expected 11 free counts");
		if (zc.nr > NR_ORDERS || *zc.rest)
			return perr(path, i + 1, "trailing data after 11 counts");
		if (*nz < BUDDY_MAX_ZONES) {
			z[*nz].node = zc.node;
			strcpy(z[*nz].name, zc.zone);
			z[*nz].pageblocks = 0;
			(*nz)++;
		}
	}
	return 0;
}

/* the pageblock rows of pagetypeinfo: pageblocks per zone */
static void pageblock_hints(char **lines, size_t n, struct zone_hint *z, int nz)
{
	char types[MS_MAX_ORDERS][16];
	struct ms_pagetype_line l;
	size_t i;
	bool in = false;

	for (i = 0; i < n; i++) {
		unsigned long total = 0;
		int k;

		if (ms_pagetypeinfo_types(lines[i], types, MS_MAX_ORDERS)) {
			in = true;
			continue;
		}
		if (!in || ms_pagetypeinfo_parse(lines[i], &l) != MS_PT_BLOCKS)
			continue;
		for (k = 0; k < l.nr; k++)
			total += l.v[k];
		for (k = 0; k < nz; k++)
			if (z[k].node == l.node && !strcmp(z[k].name, l.zone))
				z[k].pageblocks = total;
	}
}

static char *capture_buddy(void (*fn)(const struct buddy *, FILE *),
			   const struct buddy *b)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f) {
		fprintf(stderr, "memsim: open_memstream failed\n");
		exit(2);
	}
	fn(b, f);
	fclose(f);
	return buf;
}

static int keep_typed_lines(char **v, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		if (!strncmp(v[i], "Node", 4) && strstr(v[i], ", type "))
			v[k++] = v[i];
	return (int)k;
}

/* the model's free lists per migratetype against pagetypeinfo's lines LP */
static void compare_free_lists(struct cmpctx *c, const struct buddy *b,
			       char **lp, size_t np)
{
	char *mp = capture_buddy(buddy_print_pagetypeinfo, b), **lmp;
	size_t nmp = split_lines(mp, &lmp);
	struct result *r;

	nmp = (size_t)keep_typed_lines(lmp, nmp);
	np = (size_t)keep_typed_lines(lp, np);
	say(c, "== buddy: pagetypeinfo free lists per migratetype\n");
	r = new_result(c, "buddy pagetypeinfo");
	diff_lines(c, r, lmp, nmp, lp, np);
	say(c, "  match %lu/%lu lines\n", r->matched, r->compared);
	free(lmp);
	free(mp);
}

int compare_buddy(struct cmpctx *c)
{
	char *pb = path_of(c, "buddyinfo"), *pf = path_of(c, "freeblocks");
	char *pp = path_of(c, "pagetypeinfo");
	char *tb = NULL, *tp = NULL, *mb = NULL;
	char **lb = NULL, **lp = NULL, **lmb = NULL;
	size_t nb = 0, np = 0, nmb;
	struct zone_hint hints[BUDDY_MAX_ZONES];
	int nh = 0, ret = 0;
	bool has_cma = false;
	struct buddy b;
	unsigned long loaded, skipped;
	struct result *r;
	ssize_t n;

	memset(&b, 0, sizeof(b));
	if (!exists(pf) || !exists(pb)) {
		r = new_result(c, "buddy");
		r->skipped = true;
		snprintf(r->note, sizeof(r->note), "%s absent", exists(pf) ? "buddyinfo" : "freeblocks");
		say(c, "== buddy: skipped, %s\n", r->note);
		goto out;
	}
	n = ms_read_file(pb, &tb);
	if (n < 0) {
		ret = perr(pb, 0, "cannot read: %s", strerror((int)-n));
		goto out;
	}
	nb = split_lines(tb, &lb);
	if (parse_buddyinfo(pb, lb, nb, hints, &nh)) {
		ret = -1;
		goto out;
	}
	if (exists(pp)) {
		ms_read_file(pp, &tp);
		has_cma = tp && strstr(tp, ", type          CMA ");
		if (tp) {
			np = split_lines(tp, &lp);
			pageblock_hints(lp, np, hints, nh);
		}
	}
	buddy_init(&b, c->series, 11, 9);
	/* CMA lists only where the real kernel prints them (CONFIG_CMA) */
	b.has_cma = has_cma;
	if (freeblocks_load(&b, pf, hints, nh, &loaded, &skipped)) {
		ret = -1;
		goto out;
	}
	mb = capture_buddy(buddy_print_buddyinfo, &b);
	nmb = split_lines(mb, &lmb);
	while (nb && !lb[nb - 1][0])
		nb--;
	while (nmb && !lmb[nmb - 1][0])
		nmb--;
	say(c, "== buddy: buddyinfo from freeblocks (%lu blocks loaded, %lu inconsistent skipped)\n",
	    loaded, skipped);
	r = new_result(c, "buddy buddyinfo");
	diff_lines(c, r, lmb, nmb, lb, nb);
	say(c, "  match %lu/%lu lines\n", r->matched, r->compared);
	if (tp)
		compare_free_lists(c, &b, lp, np);
	else
		say(c, "== buddy: pagetypeinfo absent, per-type lists not compared\n");
out:
	buddy_destroy(&b);
	free(lb); free(lp); free(lmb);
	free(tb); free(tp); free(mb);
	free(pb); free(pf); free(pp);
	return ret;
}

