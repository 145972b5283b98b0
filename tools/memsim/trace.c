// SPDX-License-Identifier: GPL-2.0
/* memsim: allocation trace parsing and buddy replay. */
#define _POSIX_C_SOURCE 200809L
#include "trace.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ull;
	return h;
}

void idtab_init(struct idtab *t)
{
	memset(t, 0, sizeof(*t));
}

void idtab_free(struct idtab *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->names[i]);
	free(t->names);
	free(t->keys);
	free(t->vals);
	memset(t, 0, sizeof(*t));
}

static void idtab_grow(struct idtab *t)
{
	size_t ncap = t->cap ? t->cap * 2 : 1024, i;
	char **nk = xcalloc(ncap, sizeof(char *));
	uint32_t *nv = xcalloc(ncap, sizeof(uint32_t));

	for (i = 0; i < t->cap; i++) {
		size_t j;

		if (!t->keys[i])
			continue;
		j = hash_str(t->keys[i]) & (ncap - 1);
		while (nk[j])
			j = (j + 1) & (ncap - 1);
		nk[j] = t->keys[i];
		nv[j] = t->vals[i];
	}
	free(t->keys);
	free(t->vals);
	t->keys = nk;
	t->vals = nv;
	t->cap = ncap;
	t->names = xrealloc(t->names, ncap * sizeof(char *));
}

uint32_t idtab_get(struct idtab *t, const char *key)
{
	size_t j;

	if ((t->n + 1) * 2 > t->cap)
		idtab_grow(t);
	j = hash_str(key) & (t->cap - 1);
	while (t->keys[j]) {
		if (!strcmp(t->keys[j], key))
			return t->vals[j];
		j = (j + 1) & (t->cap - 1);
	}
	t->names[t->n] = xstrdup(key);
	t->keys[j] = t->names[t->n];
	t->vals[j] = (uint32_t)t->n;
	return (uint32_t)t->n++;
}

void btrace_init(struct btrace *t)
{
	memset(t, 0, sizeof(*t));
	idtab_init(&t->ids);
}

void btrace_free(struct btrace *t)
{
	free(t->ops);
	idtab_free(&t->ids);
	memset(t, 0, sizeof(*t));
}

static struct bop *push(struct btrace *t)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 1024;
		t->ops = xrealloc(t->ops, t->cap * sizeof(*t->ops));
	}
	memset(&t->ops[t->n], 0, sizeof(t->ops[0]));
	return &t->ops[t->n++];
}

int show_parse(const char *list, unsigned int *mask)
{
	static const struct name_bits names[] = {
		{ "buddyinfo", SHOW_BUDDYINFO },
		{ "pagetypeinfo", SHOW_PAGETYPEINFO },
		{ "extfrag", SHOW_EXTFRAG },
		{ "freeblocks", SHOW_FREEBLOCKS },
		{ "freelists", SHOW_FREELISTS },
		{ "allocs", SHOW_ALLOCS },
		{ "summary", SHOW_SUMMARY },
		{ "all", SHOW_BUDDYINFO | SHOW_PAGETYPEINFO | SHOW_EXTFRAG |
			 SHOW_FREELISTS | SHOW_SUMMARY },
	};

	*mask = 0;
	if (!parse_name_list(list, names, ARRAY_SIZE(names), mask))
		return -1;
	return *mask ? 0 : -1;
}

/* size tokens have a unit; plain numbers are orders */
static int parse_order_or_size(const char *s, uint64_t page_size,
			       unsigned int max_order, unsigned int *order,
			       uint64_t *bytes)
{
	size_t n = strlen(s);
	uint64_t v;
	long o;

	if (n && (s[n - 1] == 'B' || s[n - 1] == 'b')) {
		char buf[64];

		if (n >= sizeof(buf))
			return -1;
		memcpy(buf, s, n - 1);
		buf[n - 1] = '\0';
		if (!parse_u64(buf, &v))
			return -1;
	} else if (n && strchr("kKmMgG", s[n - 1])) {
		if (!parse_size(s, &v))
			return -1;
	} else {
		if (!parse_int(s, 0, (long)max_order, &o))
			return -2;
		*order = (unsigned int)o;
		*bytes = page_size << o;
		return 0;
	}
	if (v == 0)
		return -1;
	*bytes = v;
	{
		uint64_t pages = (v + page_size - 1) / page_size;
		unsigned int k = 0;

		while ((1ull << k) < pages)
			k++;
		if (k > max_order)
			return -3;
		*order = k;
	}
	return 0;
}

int btrace_parse(struct btrace *t, const char *path, uint64_t page_size,
		 unsigned int max_order)
{
	struct lreader lr;
	char *line, *tok[8];
	uint8_t *live = NULL;
	size_t livecap = 0;
	int r, nt, ret = 0;

	t->file = path;
	if (lr_open(&lr, path, true))
		return -1;
	while ((r = lr_next(&lr, &line)) > 0) {
		struct bop *op;
		uint32_t id;

		nt = split_ws(line, tok, 6);
		if (nt == 0)
			continue;
		if (nt > 5) {
			ret = perr(lr.name, lr.lineno, "too many fields");
			break;
		}
		if (!strcmp(tok[0], "alloc")) {
			unsigned int order;
			uint64_t bytes;
			int k, e;

			if (nt < 3) {
				ret = perr(lr.name, lr.lineno, "usage: alloc ID ORDER|SIZE [MIGRATETYPE] [zone=NAME]");
				break;
			}
			if (strlen(tok[1]) > 63) {
				ret = perr(lr.name, lr.lineno, "ID longer than 63 bytes");
				break;
			}
			e = parse_order_or_size(tok[2], page_size, max_order, &order, &bytes);
			if (e) {
				ret = perr(lr.name, lr.lineno,
					   e == -2 ? "bad order '%s' (0..%u, or a size such as 34K)" :
					   e == -3 ? "size '%s' above the largest order %u" :
					   "bad size '%s'", tok[2], max_order);
				break;
			}
			op = push(t);
			op->kind = BOP_ALLOC;
			op->order = (uint8_t)order;
			op->arg = bytes;
			op->mt = MT_MOVABLE;
			op->zone = -1;
			for (k = 3; k < nt; k++) {
				int m = mt_parse(tok[k]);

				if (m >= 0 && m < MT_TYPES) {
					op->mt = (uint8_t)m;
				} else if (!strncmp(tok[k], "zone=", 5) && tok[k][5]) {
					int z;

					for (z = 0; z < t->nzone_names; z++)
						if (!strcmp(t->zone_names[z], tok[k] + 5))
							break;
					if (z == t->nzone_names) {
						if (z == 8 || strlen(tok[k] + 5) > 15) {
							ret = perr(lr.name, lr.lineno, "too many or too long zone names");
							goto out;
						}
						strcpy(t->zone_names[z], tok[k] + 5);
						t->nzone_names++;
					}
					op->zone = (int8_t)z;
				} else {
					ret = perr(lr.name, lr.lineno, "unknown migratetype or option '%s'", tok[k]);
					goto out;
				}
			}
			id = idtab_get(&t->ids, tok[1]);
			if (id >= livecap) {
				size_t nc = livecap ? livecap * 2 : 1024;

				while (nc <= id)
					nc *= 2;
				live = xrealloc(live, nc);
				memset(live + livecap, 0, nc - livecap);
				livecap = nc;
			}
			if (live[id]) {
				ret = perr(lr.name, lr.lineno, "ID '%s' is still allocated", tok[1]);
				break;
			}
			live[id] = 1;
			op->id = id;
		} else if (!strcmp(tok[0], "free")) {
			if (nt != 2) {
				ret = perr(lr.name, lr.lineno, "usage: free ID");
				break;
			}
			id = idtab_get(&t->ids, tok[1]);
			if (id >= livecap || !live[id]) {
				ret = perr(lr.name, lr.lineno, "free of '%s', which is not allocated", tok[1]);
				break;
			}
			live[id] = 0;
			op = push(t);
			op->kind = BOP_FREE;
			op->id = id;
		} else if (!strcmp(tok[0], "settype")) {
			uint64_t pfn;
			int m;

			if (nt != 3 || !parse_u64(tok[1], &pfn) || (m = mt_parse(tok[2])) < 0) {
				ret = perr(lr.name, lr.lineno, "usage: settype PFN MIGRATETYPE");
				break;
			}
			op = push(t);
			op->kind = BOP_SETTYPE;
			op->arg = pfn;
			op->mt = (uint8_t)m;
		} else if (!strcmp(tok[0], "show")) {
			unsigned int mask;

			if (nt != 2 || show_parse(tok[1], &mask)) {
				ret = perr(lr.name, lr.lineno, "usage: show buddyinfo|pagetypeinfo|extfrag|freeblocks|freelists[,...]");
				break;
			}
			op = push(t);
			op->kind = BOP_SHOW;
			op->arg = mask;
		} else {
			ret = perr(lr.name, lr.lineno, "unknown operation '%s'", tok[0]);
			break;
		}
		op->line = (uint32_t)lr.lineno;
	}
	if (r < 0)
		ret = -1;
out:
	free(live);
	lr_close(&lr);
	return ret;
}

void buddy_show(const struct buddy *b, unsigned int mask, int json, FILE *out)
{
	if (json) {
		buddy_print_json(b, out);
		return;
	}
	if (mask & SHOW_BUDDYINFO)
		buddy_print_buddyinfo(b, out);
	if (mask & SHOW_PAGETYPEINFO)
		buddy_print_pagetypeinfo(b, out);
	if (mask & SHOW_EXTFRAG)
		buddy_print_extfrag(b, out);
	if (mask & SHOW_FREEBLOCKS)
		buddy_print_freeblocks(b, out);
	if (mask & SHOW_FREELISTS)
		buddy_print_freelists(b, out);
	if (mask & SHOW_SUMMARY)
		fprintf(out, "# allocs %llu frees %llu failures %llu fallbacks %llu claims %llu steals %llu\n",
			(unsigned long long)b->st.allocs, (unsigned long long)b->st.frees,
			(unsigned long long)b->st.failures, (unsigned long long)b->st.fallbacks,
			(unsigned long long)b->st.claims, (unsigned long long)b->st.steals);
}

int btrace_replay(struct buddy *b, const struct btrace *t, unsigned int show,
		  FILE *out)
{
	uint64_t *pfn = xmalloc((t->ids.n ? t->ids.n : 1) * sizeof(uint64_t));
	uint8_t *ord = xmalloc(t->ids.n ? t->ids.n : 1);
	uint8_t *amt = xmalloc(t->ids.n ? t->ids.n : 1);
	int zmap[8];
	size_t k;
	int z, ret = 0;

	for (z = 0; z < t->nzone_names; z++) {
		int i;

		zmap[z] = -1;
		for (i = 0; i < b->nzones; i++)
			if (b->zones[i].node == 0 && !strcmp(b->zones[i].name, t->zone_names[z]))
				zmap[z] = i;
	}
	for (k = 0; k < t->n; k++) {
		const struct bop *op = &t->ops[k];

		switch (op->kind) {
		case BOP_ALLOC: {
			int zp = -1;

			if (op->zone >= 0) {
				zp = zmap[op->zone];
				if (zp < 0) {
					ret = perr(t->file, op->line, "no zone %s in the model",
						   t->zone_names[(int)op->zone]);
					goto out;
				}
			}
			pfn[op->id] = buddy_alloc(b, op->order, op->mt, zp);
			ord[op->id] = op->order;
			amt[op->id] = op->mt;
			if (show & SHOW_ALLOCS) {
				if (pfn[op->id] == UINT64_MAX)
					fprintf(out, "alloc %s %u failed\n",
						t->ids.names[op->id], op->order);
				else
					fprintf(out, "alloc %s %u %llu\n",
						t->ids.names[op->id], op->order,
						(unsigned long long)pfn[op->id]);
			}
			break;
		}
		case BOP_FREE:
			if (pfn[op->id] != UINT64_MAX)
				buddy_free(b, pfn[op->id], ord[op->id], amt[op->id]);
			break;
		case BOP_SETTYPE: {
			int r = buddy_set_pageblock(b, op->arg, op->mt);

			if (r == -1) {
				ret = perr(t->file, op->line, "pfn %llu is in no zone",
					   (unsigned long long)op->arg);
				goto out;
			}
			if (r == -2) {
				ret = perr(t->file, op->line,
					   "pageblock of pfn %llu lies inside a larger free block (not modelled)",
					   (unsigned long long)op->arg);
				goto out;
			}
			break;
		}
		case BOP_SHOW:
			buddy_show(b, (unsigned int)op->arg, 0, out);
			break;
		}
	}
out:
	free(pfn);
	free(ord);
	free(amt);
	return ret;
}
