// SPDX-License-Identifier: GPL-2.0
/*
 * memsim compare, pgtable: per pids/<PID>, the leaves of `pages` put
 * into the page-table model, table pages per level compared with
 * `pagetable`, pgtables_bytes with `mm`.
 */
#define _POSIX_C_SOURCE 200809L
#include "compare.h"
#include "pgtable.h"
#include "util.h"
#include "vma.h"

#include <ctype.h>
#include <dirent.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static const char *const lvl_names[PT_LEVELS] = { "pte", "pmd", "pud", "p4d", "pgd" };

struct words_each {
	int (*fn)(void *ctx, const struct lreader *lr, char **tok, int nt);
	void *ctx;
};

static int words_line(void *ctx, const struct lreader *lr, char *line)
{
	struct words_each *w = ctx;
	char *tok[8];
	int nt = split_ws(line, tok, 7);

	if (nt == 0 || tok[0][0] == '#')
		return 0;
	return w->fn(w->ctx, lr, tok, nt);
}

/*
 * FN(CTX, reader, words, count) for each line of PATH that has words and
 * is not a '#' comment; FN returns 0, or -1 after its own message.
 * Returns 0 or -1.
 */
static int words_for_each(const char *path,
			  int (*fn)(void *ctx, const struct lreader *lr,
				    char **tok, int nt),
			  void *ctx)
{
	struct words_each w = { fn, ctx };

	return lr_each(path, false, words_line, &w);
}

struct kv_want {
	const char *key;
	uint64_t *val;
	bool *found;
};

static int kv_line(void *ctx, const struct lreader *lr, char **tok, int nt)
{
	struct kv_want *w = ctx;
	size_t kl = strlen(tok[0]);

	if (kl && tok[0][kl - 1] == ':')
		tok[0][kl - 1] = '\0';
	if (strcmp(tok[0], w->key))
		return 0;
	if (nt < 2 || !parse_u64(tok[nt - 1], w->val))
		return perr(lr->name, lr->lineno, "bad value for %s", w->key);
	*w->found = true;
	return 0;
}

/* key-value file: finds "<level>_pages"-style keys; -1 malformed */
static int parse_kv(const char *path, const char *want, uint64_t *val, bool *found)
{
	struct kv_want w = { want, val, found };

	*found = false;
	return words_for_each(path, kv_line, &w);
}

/* the files of one pids/<PID> */
struct pid_files {
	char *maps, *pages, *pagetable, *mm;
};

static char *pid_file(const struct cmpctx *c, const char *pid, const char *f)
{
	char sub[512];

	snprintf(sub, sizeof(sub), "pids/%s/%s", pid, f);
	return path_of(c, sub);
}

/* one VMA of maps into the set (they tell anonymous THPs, which deposit a table) */
static int add_vma(void *ctx, const struct lreader *lr, struct vma *v)
{
	struct vma_set *vs = ctx;

	if (v->start >= vs->task_size)
		return 0;	/* [vsyscall] lives in the kernel half */
	if (vs->n && v->start < vs->v[vs->n - 1].end)
		return perr(lr->name, lr->lineno, "maps lines out of order");
	if (vs->n == vs->cap) {
		vs->cap = vs->cap ? vs->cap * 2 : 64;
		vs->v = xrealloc(vs->v, vs->cap * sizeof(*vs->v));
	}
	vs->v[vs->n++] = *v;
	return 0;
}

/* the level of a pages line (swap and other entries map a pte): 0 or -1 */
static int page_level(char **tok, int nt, enum pt_level *lv)
{
	*lv = PT_PTE;
	if (nt >= 3 && !strcmp(tok[2], "pmd"))
		*lv = PT_PMD;
	else if (nt >= 3 && !strcmp(tok[2], "pud"))
		*lv = PT_PUD;
	else if (nt >= 3 && strcmp(tok[2], "pte") && strcmp(tok[1], "swap") &&
		 strcmp(tok[1], "migration") && strcmp(tok[1], "hwpoison") &&
		 strcmp(tok[1], "marker"))
		return -1;
	return 0;
}

struct pages_ctx {
	struct pgtable *pt;
	const struct vma_set *vs;
};

/* one line of pages: its leaf into the model */
static int page_line(void *ctx, const struct lreader *lr, char **tok, int nt)
{
	struct pages_ctx *p = ctx;
	enum pt_level lv;
	uint64_t va;

	if (nt < 2 || !parse_hex_u64(tok[0], &va))
		return perr(lr->name, lr->lineno, "expected 'vaddr pfn level flags' or 'vaddr swap ...'");
	if (va >= p->vs->task_size)
		return 0;
	if (page_level(tok, nt, &lv))
		return perr(lr->name, lr->lineno, "unknown level '%s'", tok[2]);
	if (lv == PT_PMD) {
		const struct vma *v = vs_find(p->vs, va);

		if (v && v->ino) {
			/* file THP: tables above, no deposit */
			pt_map(p->pt, va, PT_PMD);
			p->pt->deposited--;
			return 0;
		}
	}
	pt_map(p->pt, va, lv);
	return 0;
}

/* one count against the model's: counted in RES, said */
static void count_row(const struct cmpctx *c, struct result *res,
		      const char *what, uint64_t real, uint64_t model)
{
	res->compared++;
	if (real == model)
		res->matched++;
	say(c, "  %s: real %" PRIu64 ", model %" PRIu64 "%s\n", what, real,
	    model, real == model ? "" : "  <- differs");
}

/* pagetable: table pages per level, under any of four key spellings */
static int compare_levels(const struct cmpctx *c, struct result *res,
			  const struct pgtable *pt, const char *path)
{
	static const char *const fmt[] = { "%s_pages", "%s_tables", "pages_%s", "tables_%s" };
	int l;

	for (l = 0; l < PT_LEVELS; l++) {
		uint64_t real = 0;
		bool found = false;
		char key[32], what[32];
		size_t k;

		for (k = 0; k < ARRAY_SIZE(fmt) && !found; k++) {
			snprintf(key, sizeof(key), fmt[k], lvl_names[l]);
			if (parse_kv(path, key, &real, &found))
				return -1;
		}
		if (!found)
			continue;
		snprintf(what, sizeof(what), "%s table pages", lvl_names[l]);
		count_row(c, res, what, real, pt_count(pt, (enum pt_level)l));
	}
	return 0;
}

/* mm: pgtables_bytes */
static int compare_bytes(const struct cmpctx *c, struct result *res,
			 const struct pgtable *pt, const char *path)
{
	uint64_t real;
	bool found;

	if (parse_kv(path, "pgtables_bytes", &real, &found))
		return -1;
	if (found)
		count_row(c, res, "pgtables_bytes", real, pt_pgtables_bytes(pt));
	return 0;
}

/* mm's paging levels (4 without an mm file): 0 or -1 (said) */
static int pid_levels(const struct pid_files *f, uint64_t *levels)
{
	bool found;

	*levels = 4;
	if (exists(f->mm) && parse_kv(f->mm, "levels", levels, &found))
		return -1;
	if (*levels != 4 && *levels != 5)
		return perr(f->mm, 0, "levels must be 4 or 5");
	return 0;
}

/* the model of one PID against its files; 0 or -1 */
static int pid_model(struct cmpctx *c, const struct pid_files *f,
		     const char *rname)
{
	struct pages_ctx pages;
	struct pgtable pt;
	struct vma_set vs;
	struct result *res;
	uint64_t levels;
	int ret = -1;

	if (pid_levels(f, &levels))
		return -1;
	pt_init(&pt, (int)levels);
	vs_init(&vs, MS_SERIES_6_12, levels == 5 ? 0x00fffffffffff000ull : 0x7ffffffff000ull, 0);
	pages.pt = &pt;
	pages.vs = &vs;
	if (maps_for_each(f->maps, false, add_vma, &vs) ||
	    words_for_each(f->pages, page_line, &pages))
		goto out;
	say(c, "== %s (%d-level, %zu VMAs)\n", rname, (int)levels, vs.n);
	res = new_result(c, rname);
	if (exists(f->pagetable) && compare_levels(c, res, &pt, f->pagetable))
		goto out;
	if (exists(f->mm) && compare_bytes(c, res, &pt, f->mm))
		goto out;
	if (!res->compared) {
		res->skipped = true;
		snprintf(res->note, sizeof(res->note), "no per-level counts or pgtables_bytes recognised");
		say(c, "  skipped: %s\n", res->note);
	}
	ret = 0;
out:
	pt_destroy(&pt);
	vs_destroy(&vs);
	return ret;
}

static int compare_pid(struct cmpctx *c, const char *pid)
{
	struct pid_files f = {
		pid_file(c, pid, "maps"), pid_file(c, pid, "pages"),
		pid_file(c, pid, "pagetable"), pid_file(c, pid, "mm"),
	};
	char rname[64];
	int ret = 0;

	snprintf(rname, sizeof(rname), "pgtable pid %s", pid);
	if (!exists(f.maps) || !exists(f.pages) ||
	    (!exists(f.pagetable) && !exists(f.mm))) {
		struct result *res = new_result(c, rname);

		res->skipped = true;
		snprintf(res->note, sizeof(res->note), "needs maps, pages and pagetable or mm");
		say(c, "== %s: skipped (%s)\n", rname, res->note);
	} else {
		ret = pid_model(c, &f, rname);
	}
	free(f.maps);
	free(f.pages);
	free(f.pagetable);
	free(f.mm);
	return ret;
}

int compare_pids(struct cmpctx *c)
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

