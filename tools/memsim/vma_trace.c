// SPDX-License-Identifier: GPL-2.0
/* memsim: the VMA trace replayed through the layout model (vma_trace.h). */
#define _POSIX_C_SOURCE 200809L
#include "vma_trace.h"
#include "trace.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

#define PAGE		4096ull
#define MAX_FILES	64

/* one malloc'd chunk */
struct mchunk {
	uint64_t addr, len;
	bool mmapped;
};

/* the replay: the model, the file names seen and the live chunks */
struct vtrace {
	struct vma_set *vs;
	const struct lreader *lr;	/* the line being replayed */
	uint64_t thresh;
	struct idtab ids;
	struct mchunk *ch;
	size_t chcap;
	char files[MAX_FILES][64];
	int nfiles;
};

static int parse_prot(const char *s, uint32_t *prot)
{
	*prot = 0;
	if (!strcmp(s, "-") || !strcmp(s, "none"))
		return 0;
	for (; *s; s++) {
		if (*s == 'r')
			*prot |= VM_READ;
		else if (*s == 'w')
			*prot |= VM_WRITE;
		else if (*s == 'x')
			*prot |= VM_EXEC;
		else if (*s != '-')
			return -1;
	}
	return 0;
}

/* the options of an mmap line, after its five fields */
struct mmap_opts {
	bool fixed;
	const char *fname;
	uint64_t off, ino;
	unsigned int dmaj, dmin;
};

static int mmap_options(struct vtrace *t, char **tok, int nt,
			struct mmap_opts *o)
{
	int k;

	memset(o, 0, sizeof(*o));
	o->dmaj = 8;
	o->dmin = 1;
	for (k = 5; k < nt; k++) {
		if (!strcmp(tok[k], "fixed"))
			o->fixed = true;
		else if (!strncmp(tok[k], "file=", 5) && tok[k][5] && strlen(tok[k]) < 68)
			o->fname = tok[k] + 5;
		else if (!strncmp(tok[k], "off=", 4) && parse_size(tok[k] + 4, &o->off) && !(o->off & (PAGE - 1)))
			;
		else if (!strncmp(tok[k], "ino=", 4) && parse_u64(tok[k] + 4, &o->ino))
			;
		else if (!strncmp(tok[k], "dev=", 4) &&
			 sscanf(tok[k] + 4, "%x:%x", &o->dmaj, &o->dmin) == 2 &&
			 o->dmaj < 4096 && o->dmin < (1u << 20))
			;
		else
			return perr(t->lr->name, t->lr->lineno, "bad mmap option '%s'", tok[k]);
	}
	return 0;
}

/* the file index of NAME, a new one the first time; -1 when full */
static int file_index(struct vtrace *t, const char *name)
{
	int file;

	for (file = 0; file < t->nfiles; file++)
		if (!strcmp(t->files[file], name))
			return file;
	if (t->nfiles == MAX_FILES)
		return perr(t->lr->name, t->lr->lineno, "too many files");
	strcpy(t->files[t->nfiles++], name);
	return file;
}

static int op_mmap(struct vtrace *t, char **tok, int nt)
{
	struct mmap_opts o;
	uint64_t addr = 0, len = 0, r;
	uint32_t prot, flags;
	int file = -1;

	if (nt < 5 || (strcmp(tok[1], "-") && !parse_hex_u64(tok[1], &addr)) ||
	    !parse_size(tok[2], &len) || !len || parse_prot(tok[3], &prot) ||
	    (strcmp(tok[4], "private") && strcmp(tok[4], "shared")))
		return perr(t->lr->name, t->lr->lineno, "usage: mmap ADDR|- LEN PROT private|shared [fixed] [file=NAME off=N ino=N]");
	flags = prot | (tok[4][0] == 's' ? VM_SHARED : 0);
	if (mmap_options(t, tok, nt, &o))
		return -1;
	if (o.fixed && !strcmp(tok[1], "-"))
		return perr(t->lr->name, t->lr->lineno, "fixed needs an address");
	if (o.fname) {
		file = file_index(t, o.fname);
		if (file < 0)
			return -1;
		if (!o.ino)
			o.ino = 1000 + (uint64_t)file;
	}
	r = vs_mmap(t->vs, o.fixed ? addr : 0, len, flags, o.fixed, file,
		    o.off / PAGE, o.fname, o.ino);
	if (!r)
		fprintf(stderr, "%s:%lu: mmap failed (ENOMEM)\n", t->lr->name, t->lr->lineno);
	else if (file >= 0)
		vs_set_dev(t->vs, r, o.dmaj, o.dmin);
	return 0;
}

static int op_munmap(struct vtrace *t, char **tok, int nt)
{
	uint64_t addr, len;

	if (nt != 3 || !parse_hex_u64(tok[1], &addr) || !parse_size(tok[2], &len) ||
	    vs_munmap(t->vs, addr, len))
		return perr(t->lr->name, t->lr->lineno, "usage: munmap ADDR LEN (page-aligned, in range)");
	return 0;
}

static int op_mprotect(struct vtrace *t, char **tok, int nt)
{
	uint64_t addr, len;
	uint32_t prot;

	if (nt != 4 || !parse_hex_u64(tok[1], &addr) || !parse_size(tok[2], &len) ||
	    parse_prot(tok[3], &prot))
		return perr(t->lr->name, t->lr->lineno, "usage: mprotect ADDR LEN PROT");
	if (vs_mprotect(t->vs, addr, len, prot))
		fprintf(stderr, "%s:%lu: mprotect failed (ENOMEM)\n", t->lr->name, t->lr->lineno);
	return 0;
}

/* brk ADDR and touch ADDR */
static int op_addr(struct vtrace *t, char **tok, int nt)
{
	uint64_t addr;

	if (nt != 2 || !parse_hex_u64(tok[1], &addr))
		return perr(t->lr->name, t->lr->lineno, "usage: %s ADDR", tok[0]);
	if (tok[0][0] == 'b')
		vs_brk(t->vs, addr);
	else
		vs_touch(t->vs, addr);
	return 0;
}

/* the chunk slot of ID, grown to hold it */
static struct mchunk *chunk(struct vtrace *t, uint32_t id)
{
	if (id >= t->chcap) {
		size_t nc = t->chcap ? t->chcap * 2 : 256;

		while (nc <= id)
			nc *= 2;
		t->ch = xrealloc(t->ch, nc * sizeof(*t->ch));
		memset(t->ch + t->chcap, 0, (nc - t->chcap) * sizeof(*t->ch));
		t->chcap = nc;
	}
	return &t->ch[id];
}

static int op_malloc(struct vtrace *t, char **tok, int nt)
{
	struct vma_set *vs = t->vs;
	struct mchunk *c;
	uint64_t len;

	if (nt != 3 || strlen(tok[1]) > 63 || !parse_size(tok[2], &len) || !len)
		return perr(t->lr->name, t->lr->lineno, "usage: malloc ID SIZE");
	c = chunk(t, idtab_get(&t->ids, tok[1]));
	if (c->len)
		return perr(t->lr->name, t->lr->lineno, "ID '%s' is still allocated", tok[1]);
	if (len >= t->thresh) {
		/* glibc: mmap of size + header, page rounded */
		uint64_t l = (len + 16 + PAGE - 1) & ~(PAGE - 1);

		c->addr = vs_mmap(vs, 0, l, VM_READ | VM_WRITE, false, -1, 0, NULL, 0);
		c->len = l;
		c->mmapped = true;
		if (c->addr)
			vs_touch(vs, c->addr);
	} else {
		/* bump allocation from the heap, grown by brk
		 * with glibc's 128 KiB top pad */
		uint64_t need = (len + 16 + 15) & ~15ull;

		c->addr = vs->brk;
		c->len = need;
		c->mmapped = false;
		vs_brk(vs, vs->brk + need);
		vs_touch(vs, c->addr);
	}
	return 0;
}

static int op_free(struct vtrace *t, char **tok, int nt)
{
	uint32_t id;

	if (nt != 2)
		return perr(t->lr->name, t->lr->lineno, "usage: free ID");
	id = idtab_get(&t->ids, tok[1]);
	if (id >= t->chcap || !t->ch[id].len)
		return perr(t->lr->name, t->lr->lineno, "free of '%s', which is not allocated", tok[1]);
	if (t->ch[id].mmapped && t->ch[id].addr)
		vs_munmap(t->vs, t->ch[id].addr, t->ch[id].len);
	t->ch[id].len = 0;
	return 0;
}

/* one trace line: 0 or -1 (reported) */
static int vtrace_line(void *ctx, const struct lreader *lr, char *line)
{
	static const struct {
		const char *name;
		int (*fn)(struct vtrace *t, char **tok, int nt);
	} ops[] = {
		{ "mmap", op_mmap }, { "munmap", op_munmap },
		{ "mprotect", op_mprotect }, { "brk", op_addr },
		{ "touch", op_addr }, { "malloc", op_malloc },
		{ "free", op_free },
	};
	struct vtrace *t = ctx;
	char *tok[12];
	int nt = split_ws(line, tok, 11);
	size_t i;

	if (nt == 0)
		return 0;
	t->lr = lr;
	if (nt > 11)
		return perr(lr->name, lr->lineno, "too many fields");
	for (i = 0; i < ARRAY_SIZE(ops); i++)
		if (!strcmp(tok[0], ops[i].name))
			return ops[i].fn(t, tok, nt);
	if (!strcmp(tok[0], "show") && nt == 1) {
		vs_print_maps(t->vs, stdout);
		return 0;
	}
	return perr(lr->name, lr->lineno, "unknown operation '%s'", tok[0]);
}

int vtrace_replay(struct vma_set *vs, const char *path,
		  uint64_t mmap_threshold)
{
	struct vtrace t;
	int ret;

	memset(&t, 0, sizeof(t));
	t.vs = vs;
	t.thresh = mmap_threshold;
	idtab_init(&t.ids);
	ret = lr_each(path, true, vtrace_line, &t);
	idtab_free(&t.ids);
	free(t.ch);
	return ret;
}
