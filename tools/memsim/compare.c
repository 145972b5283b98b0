// SPDX-License-Identifier: GPL-2.0
/*
 * memsim: `compare SNAPSHOT_DIR` — the model's prediction beside the real
 * numbers of a memscope snapshot, per structure, with the differing lines
 * and an exact-match rate.  Exit 0 whenever it ran; 1 with "file:line:
 * message" on malformed input.
 *
 * Structures:
 *   buddy    freeblocks loaded into the model (list order kept); the
 *            model's buddyinfo lines and pagetypeinfo free-list lines are
 *            compared with the snapshot's files, line for line.
 *   slab     for each cache of slabinfo: its objsize column is s->size
 *            (the slab_size: mm/slab_common.c cache_show() prints
 *            s->size), from which the model derives order and objects per
 *            slab with calculate_order() of the series; compared with the
 *            objperslab and pagesperslab columns.  nr_cpus from the
 *            snapshot, or inferred (the CPU-count class that explains the
 *            most caches; said so in the report).
 *   pgtable  per pids/<PID>: the leaves of `pages` put into the
 *            page-table model, table pages per level compared with
 *            `pagetable`, pgtables_bytes with `mm`.
 */
#define _POSIX_C_SOURCE 200809L
#include "buddy.h"
#include "cli.h"
#include "freeblocks.h"
#include "pgtable.h"
#include "util.h"
#include "vma.h"
#include "../../module/common/slub_geometry.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
	enum kseries series;
	bool series_given;
};

static char *path_of(const struct cmpctx *c, const char *name)
{
	size_t n = strlen(c->dir) + strlen(name) + 2;
	char *p = xmalloc(n);

	snprintf(p, n, "%s/%s", c->dir, name);
	return p;
}

static bool exists(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0;
}

static struct result *new_result(struct cmpctx *c, const char *name)
{
	struct result *r;

	if (c->nres == (int)ARRAY_SIZE(c->res))
		c->nres--;	/* keep the last slot for the overflow */
	r = &c->res[c->nres++];
	memset(r, 0, sizeof(*r));
	snprintf(r->name, sizeof(r->name), "%s", name);
	return r;
}

static void say(const struct cmpctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void say(const struct cmpctx *c, const char *fmt, ...)
{
	va_list ap;

	if (c->json)
		return;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

/* split text into lines (in place) */
static size_t split_lines(char *text, char ***out)
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

/* ---- version ---- */

static int read_version(struct cmpctx *c)
{
	char *p = path_of(c, "version"), *t, *tok[8];
	int nt, ret = 0;
	enum kseries k;

	t = read_file_all(p, NULL);
	if (!t) {
		say(c, "version: absent; model series %s%s\n",
		    c->series == KS_6_1 ? "6.1" : "6.12",
		    c->series_given ? " (--kernel)" : " (default)");
		free(p);
		return 0;
	}
	{
		char *nl = strchr(t, '\n');

		if (nl)
			*nl = '\0';
	}
	nt = split_ws(t, tok, 6);
	if (nt != 6 || strcmp(tok[0], "memscope") || strcmp(tok[2], "abi") ||
	    strcmp(tok[4], "kernel")) {
		ret = perr(p, 1, "expected 'memscope <version> abi <n> kernel <release>'");
	} else if (strcmp(tok[3], "1")) {
		ret = perr(p, 1, "unsupported ABI %s (memsim reads ABI 1)", tok[3]);
	} else if (!c->series_given) {
		if (parse_kernel(tok[5], &k)) {
			say(c, "version: kernel %s is neither 6.1 nor 6.12; model series 6.12\n", tok[5]);
			c->series = KS_6_12;
		} else {
			c->series = k;
			say(c, "version: kernel %s -> model series %s\n", tok[5],
			    k == KS_6_1 ? "6.1" : "6.12");
		}
	} else {
		say(c, "version: kernel %s; model series %s (--kernel)\n", tok[5],
		    c->series == KS_6_1 ? "6.1" : "6.12");
	}
	free(t);
	free(p);
	return ret;
}

/* ---- buddy ---- */

/* validates buddyinfo and collects its zones; returns line count or -1 */
static int parse_buddyinfo(const char *path, char **lines, size_t n,
			   struct zone_hint *z, int *nz)
{
	size_t i;

	*nz = 0;
	for (i = 0; i < n; i++) {
		int node, pos = 0;
		char name[32];
		char *p;
		int k;

		if (!lines[i][0])
			continue;
		if (sscanf(lines[i], "Node %d, zone %31s%n", &node, name, &pos) != 2 ||
		    node < 0 || strlen(name) > 15)
			return perr(path, i + 1, "not a buddyinfo line");
		p = lines[i] + pos;
		for (k = 0; k < 11; k++) {
			char *end;

			while (*p == ' ')
				p++;
			if (!isdigit((unsigned char)*p))
				return perr(path, i + 1, "expected 11 free counts");
			strtoul(p, &end, 10);
			p = end;
		}
		while (*p == ' ')
			p++;
		if (*p)
			return perr(path, i + 1, "trailing data after 11 counts");
		if (*nz < BUDDY_MAX_ZONES) {
			z[*nz].node = node;
			strcpy(z[*nz].name, name);
			z[*nz].pageblocks = 0;
			(*nz)++;
		}
	}
	return 0;
}

/* "Number of blocks type" rows of pagetypeinfo: pageblocks per zone */
static void pageblock_hints(char **lines, size_t n, struct zone_hint *z, int nz)
{
	size_t i;
	bool in = false;

	for (i = 0; i < n; i++) {
		int node, pos = 0, k;
		char name[32];
		unsigned long total = 0;
		char *p;

		if (!strncmp(lines[i], "Number of blocks type", 21)) {
			in = true;
			continue;
		}
		if (!in || sscanf(lines[i], "Node %d, zone %31s%n", &node, name, &pos) != 2)
			continue;
		p = lines[i] + pos;
		for (;;) {
			char *end;
			unsigned long v = strtoul(p, &end, 10);

			if (end == p)
				break;
			total += v;
			p = end;
		}
		for (k = 0; k < nz; k++)
			if (z[k].node == node && !strcmp(z[k].name, name))
				z[k].pageblocks = total;
	}
}

static void diff_lines(struct cmpctx *c, struct result *r, char **model,
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

static int compare_buddy(struct cmpctx *c)
{
	char *pb = path_of(c, "buddyinfo"), *pf = path_of(c, "freeblocks");
	char *pp = path_of(c, "pagetypeinfo");
	char *tb = NULL, *tp = NULL, *mb = NULL, *mp = NULL;
	char **lb = NULL, **lp = NULL, **lmb = NULL, **lmp = NULL;
	size_t nb = 0, np = 0, nmb, nmp;
	struct zone_hint hints[BUDDY_MAX_ZONES];
	int nh = 0, ret = 0;
	bool has_cma = false;
	struct buddy b;
	unsigned long loaded, skipped;
	struct result *r;

	memset(&b, 0, sizeof(b));
	if (!exists(pf) || !exists(pb)) {
		r = new_result(c, "buddy");
		r->skipped = true;
		snprintf(r->note, sizeof(r->note), "%s absent", exists(pf) ? "buddyinfo" : "freeblocks");
		say(c, "== buddy: skipped, %s\n", r->note);
		goto out;
	}
	tb = read_file_all(pb, NULL);
	if (!tb) {
		ret = perr(pb, 0, "cannot read: %s", strerror(errno));
		goto out;
	}
	nb = split_lines(tb, &lb);
	if (parse_buddyinfo(pb, lb, nb, hints, &nh)) {
		ret = -1;
		goto out;
	}
	if (exists(pp)) {
		tp = read_file_all(pp, NULL);
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
	if (tp) {
		mp = capture_buddy(buddy_print_pagetypeinfo, &b);
		nmp = split_lines(mp, &lmp);
		nmp = (size_t)keep_typed_lines(lmp, nmp);
		np = (size_t)keep_typed_lines(lp, np);
		say(c, "== buddy: pagetypeinfo free lists per migratetype\n");
		r = new_result(c, "buddy pagetypeinfo");
		diff_lines(c, r, lmp, nmp, lp, np);
		say(c, "  match %lu/%lu lines\n", r->matched, r->compared);
	} else {
		say(c, "== buddy: pagetypeinfo absent, per-type lists not compared\n");
	}
out:
	buddy_destroy(&b);
	free(lb); free(lp); free(lmb); free(lmp);
	free(tb); free(tp); free(mb); free(mp);
	free(pb); free(pf); free(pp);
	return ret;
}

/* ---- slab ---- */

struct slabrow {
	char name[64];
	unsigned long objsize, objperslab, pagesperslab;
	unsigned long line;
};

static int parse_slabinfo(const char *path, struct slabrow **rows, size_t *nrows)
{
	struct lreader lr;
	char *line, *tok[40];
	int r, ret = 0;
	size_t n = 0, cap = 0;
	struct slabrow *v = NULL;

	if (lr_open(&lr, path, false))
		return -1;
	while ((r = lr_next(&lr, &line)) > 0) {
		int nt, k;
		uint64_t x[5];

		if (lr.lineno == 1 && !strncmp(line, "slabinfo - version:", 19))
			continue;
		if (line[0] == '#' || !line[0])
			continue;
		nt = split_ws(line, tok, 39);
		if (nt < 6) {
			ret = perr(lr.name, lr.lineno, "expected at least 6 slabinfo fields");
			break;
		}
		for (k = 0; k < 5; k++)
			if (!parse_u64(tok[k + 1], &x[k]))
				break;
		if (k < 5 || strlen(tok[0]) > 63) {
			ret = perr(lr.name, lr.lineno, "bad slabinfo field '%s'", k < 5 ? tok[k + 1] : tok[0]);
			break;
		}
		if (x[2] == 0 || x[2] > (1u << 22) || x[4] == 0 || (x[4] & (x[4] - 1))) {
			ret = perr(lr.name, lr.lineno, "implausible objsize/pagesperslab");
			break;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 128;
			v = xrealloc(v, cap * sizeof(*v));
		}
		strcpy(v[n].name, tok[0]);
		v[n].objsize = x[2];
		v[n].objperslab = x[3];
		v[n].pagesperslab = x[4];
		v[n].line = lr.lineno;
		n++;
	}
	if (r < 0)
		ret = -1;
	lr_close(&lr);
	if (ret) {
		free(v);
		return -1;
	}
	*rows = v;
	*nrows = n;
	return 0;
}

static unsigned long slab_matches(const struct slabrow *v, size_t n,
				  enum ms_series s, unsigned int cpus)
{
	unsigned long m = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		int o = ms_calculate_order(s, (unsigned int)v[i].objsize, cpus, NULL);

		if (o >= 0 && (1ul << o) == v[i].pagesperslab &&
		    ms_order_objects((unsigned int)o, (unsigned int)v[i].objsize) == v[i].objperslab)
			m++;
	}
	return m;
}

static int compare_slab(struct cmpctx *c)
{
	char *ps = path_of(c, "slabinfo"), *pc = path_of(c, "nr_cpus");
	struct slabrow *v = NULL;
	size_t n = 0, i;
	long cpus = 0;
	enum ms_series s = c->series == KS_6_1 ? MS_SERIES_6_1 : MS_SERIES_6_12;
	struct result *r;
	int ret = 0;
	unsigned int shown = 0;
	const char *how = "nr_cpus";

	if (!exists(ps)) {
		r = new_result(c, "slab geometry");
		r->skipped = true;
		snprintf(r->note, sizeof(r->note), "slabinfo absent");
		say(c, "== slab: skipped, slabinfo absent\n");
		goto out;
	}
	if (parse_slabinfo(ps, &v, &n)) {
		ret = -1;
		goto out;
	}
	if (exists(pc)) {
		char *t = read_file_all(pc, NULL), *nl;

		if (t && (nl = strchr(t, '\n')))
			*nl = '\0';
		if (!t || !parse_int(t, 1, 1 << 20, &cpus)) {
			ret = perr(pc, 1, "expected a CPU count");
			free(t);
			goto out;
		}
		free(t);
	} else {
		/* min_objects only depends on fls(nr_cpus): try each class */
		unsigned long best = 0;
		long k;

		for (k = 1; k <= (1 << 16); k *= 2) {
			unsigned long m = slab_matches(v, n, s, (unsigned int)k);

			if (m > best || !cpus) {
				if (m > best || !cpus)
					cpus = k;
				best = m > best ? m : best;
			}
		}
		how = "inferred: nr_cpus absent";
	}
	say(c, "== slab geometry (%zu caches, series %s, %ld CPUs, %s; objsize = s->size)\n",
	    n, s == MS_SERIES_6_1 ? "6.1" : "6.12", cpus, how);
	r = new_result(c, "slab geometry");
	for (i = 0; i < n; i++) {
		int o = ms_calculate_order(s, (unsigned int)v[i].objsize, (unsigned int)cpus, NULL);
		unsigned long mo = o >= 0 ? ms_order_objects((unsigned int)o, (unsigned int)v[i].objsize) : 0;
		unsigned long mp = o >= 0 ? 1ul << o : 0;

		r->compared++;
		if (mo == v[i].objperslab && mp == v[i].pagesperslab) {
			r->matched++;
			continue;
		}
		if (shown++ < c->max_lines)
			say(c, "  %-24s size %6lu: real %4lu objs %2lu pages, model %4lu objs %2lu pages\n",
			    v[i].name, v[i].objsize, v[i].objperslab, v[i].pagesperslab, mo, mp);
	}
	if (shown > c->max_lines)
		say(c, "  ... %u more differing caches\n", shown - c->max_lines);
	say(c, "  match %lu/%lu caches\n", r->matched, r->compared);
	snprintf(r->note, sizeof(r->note), "%ld CPUs (%s)", cpus, how);
out:
	free(v);
	free(ps);
	free(pc);
	return ret;
}

/* ---- page tables ---- */

static const char *const lvl_names[PT_LEVELS] = { "pte", "pmd", "pud", "p4d", "pgd" };

/* key-value file: finds "<level>_pages"-style keys; -1 malformed */
static int parse_kv(const char *path, const char *want, uint64_t *val, bool *found)
{
	struct lreader lr;
	char *line, *tok[8];
	int r, ret = 0;

	*found = false;
	if (lr_open(&lr, path, false))
		return -1;
	while ((r = lr_next(&lr, &line)) > 0) {
		int nt = split_ws(line, tok, 7);
		size_t kl;

		if (nt == 0 || tok[0][0] == '#')
			continue;
		kl = strlen(tok[0]);
		if (kl && tok[0][kl - 1] == ':')
			tok[0][kl - 1] = '\0';
		if (strcmp(tok[0], want))
			continue;
		if (nt < 2 || !parse_u64(tok[nt - 1], val)) {
			ret = perr(lr.name, lr.lineno, "bad value for %s", want);
			break;
		}
		*found = true;
	}
	if (r < 0)
		ret = -1;
	lr_close(&lr);
	return ret;
}

static int compare_pid(struct cmpctx *c, const char *pid)
{
	char sub[512], *pm, *pg, *pt_, *pmm;
	struct pgtable pt;
	struct vma_set vs;
	struct lreader lr;
	char *line, *tok[8];
	int r, ret = 0, l;
	uint64_t levels = 4;
	bool found;
	struct result *res;
	char rname[64];

	snprintf(sub, sizeof(sub), "pids/%s/maps", pid);
	pm = path_of(c, sub);
	snprintf(sub, sizeof(sub), "pids/%s/pages", pid);
	pg = path_of(c, sub);
	snprintf(sub, sizeof(sub), "pids/%s/pagetable", pid);
	pt_ = path_of(c, sub);
	snprintf(sub, sizeof(sub), "pids/%s/mm", pid);
	pmm = path_of(c, sub);
	memset(&vs, 0, sizeof(vs));
	pt_init(&pt, 4);
	snprintf(rname, sizeof(rname), "pgtable pid %s", pid);
	if (!exists(pm) || !exists(pg) || (!exists(pt_) && !exists(pmm))) {
		res = new_result(c, rname);
		res->skipped = true;
		snprintf(res->note, sizeof(res->note), "needs maps, pages and pagetable or mm");
		say(c, "== %s: skipped (%s)\n", rname, res->note);
		goto out;
	}
	if (exists(pmm) && parse_kv(pmm, "levels", &levels, &found)) {
		ret = -1;
		goto out;
	}
	if (levels != 4 && levels != 5) {
		ret = perr(pmm, 0, "levels must be 4 or 5");
		goto out;
	}
	pt_destroy(&pt);
	pt_init(&pt, (int)levels);
	vs_init(&vs, 612, levels == 5 ? 0x00fffffffffff000ull : 0x7ffffffff000ull, 0);
	/* maps: VMAs (used to tell anonymous THPs, which deposit a table) */
	if (lr_open(&lr, pm, false)) {
		ret = -1;
		goto out;
	}
	while ((r = lr_next(&lr, &line)) > 0) {
		struct vma v;

		if (!line[0])
			continue;
		if (maps_parse_line(line, &v)) {
			ret = perr(lr.name, lr.lineno, "not a maps line");
			break;
		}
		if (v.start >= vs.task_size)
			continue;	/* [vsyscall] lives in the kernel half */
		if (vs.n && v.start < vs.v[vs.n - 1].end) {
			ret = perr(lr.name, lr.lineno, "maps lines out of order");
			break;
		}
		if (vs.n == vs.cap) {
			vs.cap = vs.cap ? vs.cap * 2 : 64;
			vs.v = xrealloc(vs.v, vs.cap * sizeof(*vs.v));
		}
		vs.v[vs.n++] = v;
	}
	lr_close(&lr);
	if (r < 0 || ret) {
		ret = -1;
		goto out;
	}
	if (lr_open(&lr, pg, false)) {
		ret = -1;
		goto out;
	}
	while ((r = lr_next(&lr, &line)) > 0) {
		int nt = split_ws(line, tok, 7);
		uint64_t va;
		enum pt_level lv = PT_PTE;

		if (nt == 0 || tok[0][0] == '#')
			continue;
		if (nt < 2 || !parse_hex_u64(tok[0], &va)) {
			ret = perr(lr.name, lr.lineno, "expected 'vaddr pfn level flags' or 'vaddr swap ...'");
			break;
		}
		if (va >= vs.task_size)
			continue;
		if (nt >= 3 && !strcmp(tok[2], "pmd"))
			lv = PT_PMD;
		else if (nt >= 3 && !strcmp(tok[2], "pud"))
			lv = PT_PUD;
		else if (nt >= 3 && strcmp(tok[2], "pte") && strcmp(tok[1], "swap") &&
			 strcmp(tok[1], "migration") && strcmp(tok[1], "hwpoison") &&
			 strcmp(tok[1], "marker")) {
			ret = perr(lr.name, lr.lineno, "unknown level '%s'", tok[2]);
			break;
		}
		if (lv == PT_PMD) {
			const struct vma *v = vs_find(&vs, va);

			if (v && v->ino) {
				/* file THP: tables above, no deposit */
				pt_map(&pt, va, PT_PMD);
				pt.deposited--;
				continue;
			}
		}
		pt_map(&pt, va, lv);
	}
	lr_close(&lr);
	if (r < 0 || ret) {
		ret = -1;
		goto out;
	}
	say(c, "== %s (%d-level, %zu VMAs)\n", rname, (int)levels, vs.n);
	res = new_result(c, rname);
	if (exists(pt_)) {
		for (l = 0; l < PT_LEVELS; l++) {
			static const char *const fmt[] = { "%s_pages", "%s_tables", "pages_%s", "tables_%s" };
			uint64_t real = 0;
			size_t k;
			char key[32];

			found = false;
			for (k = 0; k < ARRAY_SIZE(fmt) && !found; k++) {
				snprintf(key, sizeof(key), fmt[k], lvl_names[l]);
				if (parse_kv(pt_, key, &real, &found)) {
					ret = -1;
					goto out;
				}
			}
			if (!found)
				continue;
			res->compared++;
			if (real == pt_count(&pt, (enum pt_level)l))
				res->matched++;
			say(c, "  %s table pages: real %" PRIu64 ", model %" PRIu64 "%s\n",
			    lvl_names[l], real, pt_count(&pt, (enum pt_level)l),
			    real == pt_count(&pt, (enum pt_level)l) ? "" : "  <- differs");
		}
	}
	if (exists(pmm)) {
		uint64_t real;

		if (parse_kv(pmm, "pgtables_bytes", &real, &found)) {
			ret = -1;
			goto out;
		}
		if (found) {
			res->compared++;
			if (real == pt_pgtables_bytes(&pt))
				res->matched++;
			say(c, "  pgtables_bytes: real %" PRIu64 ", model %" PRIu64 "%s\n",
			    real, pt_pgtables_bytes(&pt),
			    real == pt_pgtables_bytes(&pt) ? "" : "  <- differs");
		}
	}
	if (!res->compared) {
		res->skipped = true;
		snprintf(res->note, sizeof(res->note), "no per-level counts or pgtables_bytes recognised");
		say(c, "  skipped: %s\n", res->note);
	}
out:
	pt_destroy(&pt);
	vs_destroy(&vs);
	free(pm); free(pg); free(pt_); free(pmm);
	return ret;
}

static int compare_pids(struct cmpctx *c)
{
	char *pd = path_of(c, "pids");
	DIR *d = opendir(pd);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, i;
	int ret = 0;

	if (!d) {
		say(c, "== pgtable: skipped, no pids/ directory\n");
		free(pd);
		return 0;
	}
	while ((e = readdir(d))) {
		const char *s = e->d_name;

		if (s[0] == '.')
			continue;
		for (; *s; s++)
			if (!isdigit((unsigned char)*s) && strcmp(e->d_name, "self"))
				break;
		if (*s && strcmp(e->d_name, "self"))
			continue;
		names = xrealloc(names, (n + 1) * sizeof(char *));
		names[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	for (i = 0; i < n; i++) {
		if (!ret && compare_pid(c, names[i]))
			ret = -1;
		free(names[i]);
	}
	free(names);
	free(pd);
	return ret;
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
	int o, i, ret = 1;
	long v;
	struct stat st;

	c->series = KS_6_12;
	c->max_lines = 10;
	optind = 1;
	while ((o = getopt_long(argc, argv, "k:n:jh", lo, NULL)) != -1) {
		switch (o) {
		case 'k':
			if (parse_kernel(optarg, &c->series)) {
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
	if (c->json) {
		printf("{\"snapshot\": ");
		json_str(stdout, c->dir);
		printf(", \"kernel_series\": \"%s\", \"structures\": [",
		       c->series == KS_6_1 ? "6.1" : "6.12");
	} else {
		printf("\n%-28s %10s %10s %8s  %s\n", "structure", "compared", "matched", "match", "note");
	}
	for (i = 0; i < c->nres; i++) {
		struct result *r = &c->res[i];
		double rate = r->compared ? 100.0 * (double)r->matched / (double)r->compared : 0.0;

		if (c->json) {
			printf("%s{\"name\": ", i ? ", " : "");
			json_str(stdout, r->name);
			printf(", \"skipped\": %s, \"compared\": %lu, \"matched\": %lu, \"match_rate\": %.1f, \"note\": ",
			       r->skipped ? "true" : "false", r->compared, r->matched, rate);
			json_str(stdout, r->note);
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
	ret = 0;
	goto out;
out2:
	ret = 2;
out:
	free(c);
	return ret;
}
