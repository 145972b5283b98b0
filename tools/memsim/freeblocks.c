// SPDX-License-Identifier: GPL-2.0
/* memsim: loading a freeblocks snapshot. */
#define _POSIX_C_SOURCE 200809L
#include "freeblocks.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

struct fb_line {
	int node, mt;
	unsigned int order;
	int zone;		/* index into zl */
	uint64_t pfn;
	unsigned long line;
};

struct zl {
	int node;
	char name[16];
	uint64_t lo, hi;	/* pfn range seen */
	uint64_t pageblocks;
};

static int zl_find(struct zl *z, int n, int node, const char *name)
{
	int i;

	for (i = 0; i < n; i++)
		if (z[i].node == node && !strcmp(z[i].name, name))
			return i;
	return -1;
}

static void default_span(const struct buddy *b, const struct zl *z, int nz,
			 int k, uint64_t *start, uint64_t *end)
{
	uint64_t maxblk = 1ull << (b->nr_orders - 1);
	uint64_t pb = 1ull << b->pb_order;
	int zi = zone_idx_parse(z[k].name), i;
	bool have_normal = false;

	for (i = 0; i < nz; i++)
		if (z[i].node == z[k].node && !strcmp(z[i].name, "Normal"))
			have_normal = true;
	switch (zi) {
	case ZI_DMA:
		*start = 1;
		*end = 4096;
		break;
	case ZI_DMA32:
		*start = 4096;
		*end = have_normal ? 1ull << 20 : 0;
		break;
	case ZI_NORMAL:
		*start = z[k].lo < (1ull << 20) ? z[k].lo & ~(maxblk - 1) : 1ull << 20;
		*end = 0;
		break;
	default:
		*start = z[k].lo & ~(maxblk - 1);
		*end = 0;
		break;
	}
	if (z[k].lo != UINT64_MAX && z[k].lo < *start)
		*start = z[k].lo & ~(pb - 1);
	if (!*end) {
		*end = (z[k].hi + maxblk - 1) & ~(maxblk - 1);
		if (z[k].pageblocks &&
		    ((*start & ~(pb - 1)) + z[k].pageblocks * pb) > *end)
			*end = (*start & ~(pb - 1)) + z[k].pageblocks * pb;
		if (*end <= *start)
			*end = *start + pb;
	}
	if (z[k].hi > *end)
		*end = (z[k].hi + pb - 1) & ~(pb - 1);
}

int freeblocks_load(struct buddy *b, const char *path,
		    const struct zone_hint *hints, int nhints,
		    unsigned long *loaded, unsigned long *skipped)
{
	struct lreader lr;
	struct fb_line *v = NULL;
	size_t n = 0, cap = 0, i;
	struct zl zl[BUDDY_MAX_ZONES];
	int nz = 0, r, ret = 0, k;
	char *line, *tok[8];

	*loaded = *skipped = 0;
	for (k = 0; k < nhints && nz < BUDDY_MAX_ZONES; k++) {
		memset(&zl[nz], 0, sizeof(zl[nz]));
		zl[nz].node = hints[k].node;
		strcpy(zl[nz].name, hints[k].name);
		zl[nz].lo = UINT64_MAX;
		zl[nz].pageblocks = hints[k].pageblocks;
		nz++;
	}
	if (lr_open(&lr, path, true))
		return -1;
	while ((r = lr_next(&lr, &line)) > 0) {
		long node, order;
		int mt, zi;
		uint64_t pfn;
		int nt = split_ws(line, tok, 6);

		if (nt == 0)
			continue;
		if (nt != 5) {
			ret = perr(lr.name, lr.lineno, "expected 'node zone migratetype order pfn', got %d fields", nt > 5 ? 6 : nt);
			goto out;
		}
		if (!parse_int(tok[0], 0, 1023, &node)) {
			ret = perr(lr.name, lr.lineno, "bad node '%s'", tok[0]);
			goto out;
		}
		if (strlen(tok[1]) > 15) {
			ret = perr(lr.name, lr.lineno, "zone name too long");
			goto out;
		}
		mt = mt_parse(tok[2]);
		if (mt < 0) {
			ret = perr(lr.name, lr.lineno, "unknown migratetype '%s'", tok[2]);
			goto out;
		}
		if (!parse_int(tok[3], 0, (long)b->nr_orders - 1, &order)) {
			ret = perr(lr.name, lr.lineno, "bad order '%s' (0..%u)", tok[3], b->nr_orders - 1);
			goto out;
		}
		if (!parse_u64(tok[4], &pfn) || pfn > (1ull << 50)) {
			ret = perr(lr.name, lr.lineno, "bad pfn '%s'", tok[4]);
			goto out;
		}
		if (pfn & ((1ull << order) - 1)) {
			ret = perr(lr.name, lr.lineno, "pfn %llu not aligned to order %ld",
				   (unsigned long long)pfn, order);
			goto out;
		}
		zi = zl_find(zl, nz, (int)node, tok[1]);
		if (zi < 0) {
			if (nz == BUDDY_MAX_ZONES) {
				ret = perr(lr.name, lr.lineno, "too many zones");
				goto out;
			}
			zi = nz++;
			memset(&zl[zi], 0, sizeof(zl[zi]));
			zl[zi].node = (int)node;
			strcpy(zl[zi].name, tok[1]);
			zl[zi].lo = UINT64_MAX;
		}
		if (pfn < zl[zi].lo)
			zl[zi].lo = pfn;
		if (pfn + (1ull << order) > zl[zi].hi)
			zl[zi].hi = pfn + (1ull << order);
		if (n == cap) {
			cap = cap ? cap * 2 : 4096;
			v = xrealloc(v, cap * sizeof(*v));
		}
		v[n].node = (int)node;
		v[n].mt = mt;
		v[n].order = (unsigned int)order;
		v[n].zone = zi;
		v[n].pfn = pfn;
		v[n].line = lr.lineno;
		n++;
	}
	if (r < 0) {
		ret = -1;
		goto out;
	}
	/* create the zones the model does not have yet */
	{
		struct bzone *zmap[BUDDY_MAX_ZONES];

		for (k = 0; k < nz; k++) {
			zmap[k] = buddy_find_zone(b, zl[k].node, zl[k].name);
			if (!zmap[k]) {
				uint64_t s, e;

				default_span(b, zl, nz, k, &s, &e);
				if (buddy_add_zone(b, zl[k].node, zl[k].name, s, e - s)) {
					ret = perr(lr.name, 0, "cannot lay out zone %s", zl[k].name);
					goto out;
				}
				zmap[k] = &b->zones[b->nzones - 1];
			}
		}
		for (i = 0; i < n; i++) {
			const char *why = NULL;
			int e = buddy_load_block(b, zmap[v[i].zone], v[i].mt,
						 v[i].order, v[i].pfn, &why);

			if (e == -1) {
				ret = perr(lr.name, v[i].line, "%s", why);
				goto out;
			}
			if (e == -2) {
				if (*skipped < 5)
					fprintf(stderr, "%s:%lu: warning: skipped: %s\n",
						lr.name, v[i].line, why);
				(*skipped)++;
				continue;
			}
			(*loaded)++;
		}
	}
	buddy_load_finish(b);
out:
	free(v);
	lr_close(&lr);
	return ret;
}
