// SPDX-License-Identifier: GPL-2.0
/*
 * memsim: the buddy allocator model.
 *
 * Follows mm/page_alloc.c of 6.1 and of 6.12 (Debian builds): expand()
 * keeps the lower half and puts the upper halves on the list heads,
 * __rmqueue_smallest() takes the list head, __free_one_page() merges with
 * pfn ^ (1 << order) and stops at >= pageblock_order when the two block
 * types differ and one of them cannot merge, tail placement by
 * buddy_merge_likely(), and the two series' fallback paths:
 *   6.1  __rmqueue_fallback() + steal_suitable_fallback(), which moves the
 *        free pages of the pageblock before deciding whether to claim it;
 *   6.12 __rmqueue_claim() (count first, move only when claimed) then
 *        __rmqueue_steal(), plus split_large_buddy() on free and the
 *        buddy retyping in __free_one_page().
 */
#define _POSIX_C_SOURCE 200809L
#include "buddy.h"
#include "util.h"
#include "../../module/common/frag_index.h"
#include "../../module/common/phys_format.h"

#include <stdlib.h>
#include <string.h>

const char *const mt_names[MT_TYPES] = {
	"Unmovable", "Movable", "Reclaimable", "HighAtomic", "CMA", "Isolate",
};

const char *const zone_names[ZI_TYPES] = { "DMA", "DMA32", "Normal", "Movable" };

int mt_parse(const char *s)
{
	static const char *const low[MT_TYPES] = {
		"unmovable", "movable", "reclaimable", "highatomic", "cma",
		"isolate",
	};
	int i;

	for (i = 0; i < MT_TYPES; i++)
		if (!strcmp(s, mt_names[i]) || !strcmp(s, low[i]))
			return i;
	return -1;
}

int zone_idx_parse(const char *s)
{
	int i;

	for (i = 0; i < ZI_TYPES; i++)
		if (!strcmp(s, zone_names[i]))
			return i;
	return -1;
}

#define ST_SHIFT	27
#define ST_MASK		(0xFu << ST_SHIFT)
#define LINK_MASK	BUDDY_NIL
#define PB_BIT		0x80000000u
#define ST_ALLOC_MOV	12u
#define ST_ALLOC_MOVH	13u

static inline uint32_t st_get(const struct bzone *z, uint64_t i)
{
	return (z->slot[i] >> ST_SHIFT) & 0xFu;
}

static inline void st_set(struct bzone *z, uint64_t i, uint32_t v)
{
	z->slot[i] = (z->slot[i] & ~ST_MASK) | (v << ST_SHIFT);
}

static inline uint32_t ln_get(const struct bzone *z, uint64_t i)
{
	return z->slot[i] & LINK_MASK;
}

static inline void ln_set(struct bzone *z, uint64_t i, uint32_t v)
{
	z->slot[i] = (z->slot[i] & ~LINK_MASK) | v;
}

static inline uint64_t prev_slot(uint64_t i, unsigned int order)
{
	return order ? i + 1 : i ^ 1;
}

static inline bool in_zone(const struct bzone *z, uint64_t pfn)
{
	return pfn >= z->start_pfn && pfn < z->end_pfn;
}

static inline bool mergeable(int mt)
{
	return mt < MT_PCPTYPES;
}

/* ---- pageblock types ---- */

static inline uint64_t pb_first(const struct buddy *b, const struct bzone *z,
				uint64_t pfn)
{
	return ((pfn >> b->pb_order) << b->pb_order) - z->base;
}

static int pb_get(const struct buddy *b, const struct bzone *z, uint64_t pfn)
{
	uint64_t i = pb_first(b, z, pfn);

	return (int)((z->slot[i] >> 31) | ((z->slot[i + 1] >> 31) << 1) |
		     ((z->slot[i + 2] >> 31) << 2));
}

static void pb_set(const struct buddy *b, struct bzone *z, uint64_t pfn, int mt)
{
	uint64_t i = pb_first(b, z, pfn);
	int k;

	for (k = 0; k < 3; k++) {
		if (mt & (1 << k))
			z->slot[i + k] |= PB_BIT;
		else
			z->slot[i + k] &= ~PB_BIT;
	}
}

int buddy_pb_mt(const struct buddy *b, const struct bzone *z, uint64_t pfn)
{
	return pb_get(b, z, pfn);
}

/* ---- free lists ---- */

static void list_add(struct bzone *z, uint64_t i, unsigned int o, int mt,
		     bool tail)
{
	uint32_t h;

	if (!tail) {
		h = z->head[o][mt];
		ln_set(z, i, h);
		ln_set(z, prev_slot(i, o), BUDDY_NIL);
		if (h != BUDDY_NIL)
			ln_set(z, prev_slot(h, o), (uint32_t)i);
		else
			z->tail[o][mt] = (uint32_t)i;
		z->head[o][mt] = (uint32_t)i;
	} else {
		h = z->tail[o][mt];
		ln_set(z, i, BUDDY_NIL);
		ln_set(z, prev_slot(i, o), h);
		if (h != BUDDY_NIL)
			ln_set(z, h, (uint32_t)i);
		else
			z->head[o][mt] = (uint32_t)i;
		z->tail[o][mt] = (uint32_t)i;
	}
	st_set(z, i, o + 1);
	z->nr_free[o]++;
	z->free_pages += 1ull << o;
}

/* which list holds i at its end (head or tail); -1 when neither */
static int list_of_end(const struct bzone *z, uint64_t i, unsigned int o,
		       bool tail)
{
	int mt;

	for (mt = 0; mt < MT_TYPES; mt++)
		if ((tail ? z->tail[o][mt] : z->head[o][mt]) == i)
			return mt;
	return -1;
}

static void list_del(struct bzone *z, uint64_t i, unsigned int o)
{
	uint32_t n = ln_get(z, i);
	uint32_t p = ln_get(z, prev_slot(i, o));
	int mt;

	if (p != BUDDY_NIL) {
		ln_set(z, p, n);
	} else {
		mt = list_of_end(z, i, o, false);
		z->head[o][mt] = n;
	}
	if (n != BUDDY_NIL) {
		ln_set(z, prev_slot(n, o), p);
	} else {
		mt = list_of_end(z, i, o, true);
		z->tail[o][mt] = p;
	}
	st_set(z, i, 0);
	z->nr_free[o]--;
	z->free_pages -= 1ull << o;
}

/* move_to_free_list(): to the tail of another type's list */
static void list_move_tail(struct bzone *z, uint64_t i, unsigned int o, int mt)
{
	list_del(z, i, o);
	list_add(z, i, o, mt, true);
}

static inline int free_order_at(const struct bzone *z, uint64_t i)
{
	uint32_t s = st_get(z, i);

	return (s >= 1 && s <= BUDDY_MAX_ORDERS) ? (int)s - 1 : -1;
}

int buddy_free_order(const struct bzone *z, uint64_t pfn)
{
	if (!in_zone(z, pfn))
		return -1;
	return free_order_at(z, pfn - z->base);
}

/* ---- zones ---- */

void buddy_init(struct buddy *b, enum ms_series series, unsigned int nr_orders,
		unsigned int pb_order)
{
	memset(b, 0, sizeof(*b));
	b->series = series;
	b->nr_orders = nr_orders;
	b->pb_order = pb_order;
}

int buddy_add_zone(struct buddy *b, int node, const char *name,
		   uint64_t start_pfn, uint64_t pages)
{
	struct bzone *z;
	uint64_t pb = 1ull << b->pb_order, end;
	int i, zi;

	if (b->nzones >= BUDDY_MAX_ZONES)
		return perr(NULL, 0, "too many zones (max %d)", BUDDY_MAX_ZONES);
	if (pages == 0)
		return perr(NULL, 0, "zone %s: no pages", name);
	if (pages > BUDDY_MAX_ZONE_PAGES)
		return perr(NULL, 0, "zone %s: %llu pages, the model holds at most %u per zone",
			    name, (unsigned long long)pages, BUDDY_MAX_ZONE_PAGES);
	if (strlen(name) >= sizeof(z->name) || !*name)
		return perr(NULL, 0, "bad zone name '%s'", name);
	if (start_pfn > (1ull << 50))
		return perr(NULL, 0, "zone %s: start pfn too large", name);
	end = start_pfn + pages;
	for (i = 0; i < b->nzones; i++) {
		struct bzone *o = &b->zones[i];

		if (o->node == node && !strcmp(o->name, name))
			return perr(NULL, 0, "zone %d/%s defined twice", node, name);
		if (start_pfn < o->end_pfn && o->start_pfn < end)
			return perr(NULL, 0, "zone %s overlaps zone %s", name, o->name);
	}
	z = &b->zones[b->nzones];
	memset(z, 0, sizeof(*z));
	z->node = node;
	zi = zone_idx_parse(name);
	z->zidx = zi < 0 ? ZI_NORMAL : zi;
	snprintf(z->name, sizeof(z->name), "%s", name);
	z->start_pfn = start_pfn;
	z->end_pfn = end;
	z->base = start_pfn & ~(pb - 1);
	z->nslots = ((end + pb - 1) & ~(pb - 1)) - z->base;
	if (z->nslots < 4)
		z->nslots = 4;
	z->slot = counted_calloc(z->nslots, sizeof(uint32_t));
	memset(z->head, 0xff, sizeof(z->head));
	memset(z->tail, 0xff, sizeof(z->tail));
	for (i = 0; i < BUDDY_MAX_ORDERS; i++) {
		int m;

		for (m = 0; m < MT_TYPES; m++)
			z->head[i][m] = z->tail[i][m] = BUDDY_NIL;
	}
	/* every pageblock starts MOVABLE, as memmap_init_zone does */
	{
		uint64_t pfn;

		for (pfn = z->base; pfn < z->base + z->nslots; pfn += pb)
			pb_set(b, z, pfn, MT_MOVABLE);
	}
	b->nzones++;
	return 0;
}

void buddy_destroy(struct buddy *b)
{
	int i;

	for (i = 0; i < b->nzones; i++)
		counted_free(b->zones[i].slot,
			     b->zones[i].nslots * sizeof(uint32_t));
	b->nzones = 0;
}

struct bzone *buddy_find_zone(struct buddy *b, int node, const char *name)
{
	int i;

	for (i = 0; i < b->nzones; i++)
		if (b->zones[i].node == node && !strcmp(b->zones[i].name, name))
			return &b->zones[i];
	return NULL;
}

struct bzone *buddy_zone_of(struct buddy *b, uint64_t pfn)
{
	int i;

	for (i = 0; i < b->nzones; i++)
		if (in_zone(&b->zones[i], pfn))
			return &b->zones[i];
	return NULL;
}

/* ---- freeing: __free_one_page() ---- */

static bool merge_likely(const struct buddy *b, const struct bzone *z,
			 uint64_t pfn, uint64_t buddy_pfn, unsigned int order)
{
	uint64_t higher, hb;

	if (order >= b->nr_orders - 2)
		return false;
	higher = buddy_pfn & pfn;
	hb = higher ^ (1ull << (order + 1));
	if (!in_zone(z, hb))
		return false;
	return free_order_at(z, hb - z->base) == (int)order + 1;
}

static void change_pb_range(const struct buddy *b, struct bzone *z,
			    uint64_t pfn, unsigned int order, int mt)
{
	uint64_t n = 1ull << (order - b->pb_order), k;

	for (k = 0; k < n; k++)
		pb_set(b, z, pfn + (k << b->pb_order), mt);
}

static void free_one_page(struct buddy *b, struct bzone *z, uint64_t pfn,
			  unsigned int order, int mt, bool to_tail)
{
	uint64_t buddy_pfn = 0;

	while (order < b->nr_orders - 1) {
		uint64_t bi;
		int bmt = mt;

		buddy_pfn = pfn ^ (1ull << order);
		if (!in_zone(z, buddy_pfn))
			break;
		bi = buddy_pfn - z->base;
		if (free_order_at(z, bi) != (int)order)
			break;
		if (order >= b->pb_order) {
			bmt = pb_get(b, z, buddy_pfn);
			if (mt != bmt && (!mergeable(mt) || !mergeable(bmt)))
				break;
		}
		list_del(z, bi, order);
		if (b->series == MS_SERIES_6_12 && bmt != mt)
			change_pb_range(b, z, buddy_pfn, order, mt);
		pfn &= buddy_pfn;
		order++;
	}
	if (!to_tail)
		to_tail = merge_likely(b, z, pfn, buddy_pfn, order);
	list_add(z, pfn - z->base, order, mt, to_tail);
}

/* free path entry: 6.1 free_one_page(), 6.12 split_large_buddy() */
static void free_pages_ok(struct buddy *b, struct bzone *z, uint64_t pfn,
			  unsigned int order, bool to_tail)
{
	if (b->series == MS_SERIES_6_12 && order > b->pb_order) {
		uint64_t end = pfn + (1ull << order);

		for (; pfn < end; pfn += 1ull << b->pb_order)
			free_one_page(b, z, pfn, b->pb_order,
				      pb_get(b, z, pfn), to_tail);
		return;
	}
	free_one_page(b, z, pfn, order, pb_get(b, z, pfn), to_tail);
}

static void clear_alloc_state(struct bzone *z, uint64_t i)
{
	uint32_t s = st_get(z, i);

	if (s == ST_ALLOC_MOV || s == ST_ALLOC_MOVH) {
		st_set(z, i, 0);
		if (s == ST_ALLOC_MOVH)
			ln_set(z, i, 0);
	}
}

void buddy_free(struct buddy *b, uint64_t pfn, unsigned int order, int alloc_mt)
{
	struct bzone *z = buddy_zone_of(b, pfn);

	(void)alloc_mt;
	if (!z)
		return;
	clear_alloc_state(z, pfn - z->base);
	b->st.frees++;
	free_pages_ok(b, z, pfn, order, false);
}

/* ---- boot ---- */

static unsigned int ffs_order(uint64_t pfn, unsigned int max)
{
	unsigned int o = 0;

	if (!pfn)
		return max;
	while (!(pfn & 1) && o < max) {
		pfn >>= 1;
		o++;
	}
	return o;
}

static void boot_free_range(struct buddy *b, struct bzone *z, uint64_t start,
			    uint64_t end)
{
	while (start < end) {
		unsigned int order = ffs_order(start, b->nr_orders - 1);

		while (start + (1ull << order) > end)
			order--;
		free_pages_ok(b, z, start, order, true);
		z->managed += 1ull << order;
		start += 1ull << order;
	}
}

void buddy_boot(struct buddy *b, const uint64_t (*reserved)[2], int nreserved)
{
	int zi, r;

	for (zi = 0; zi < b->nzones; zi++) {
		struct bzone *z = &b->zones[zi];
		uint64_t pfn = z->start_pfn;

		while (pfn < z->end_pfn) {
			uint64_t next = z->end_pfn, skip_to = 0;

			/* the nearest reserved range at or after pfn */
			for (r = 0; r < nreserved; r++) {
				uint64_t rs = reserved[r][0];
				uint64_t re = rs + reserved[r][1];

				if (re <= pfn || rs >= z->end_pfn)
					continue;
				if (rs <= pfn) {
					if (re > skip_to)
						skip_to = re;
				} else if (rs < next) {
					next = rs;
				}
			}
			if (skip_to) {
				pfn = skip_to;
				continue;
			}
			boot_free_range(b, z, pfn, next);
			pfn = next;
		}
	}
	buddy_set_watermarks(b, buddy_default_min_free_kbytes(b));
}

/* init_per_zone_wmark_min(): sqrt(lowmem_kbytes * 16), clamped */
uint64_t buddy_default_min_free_kbytes(const struct buddy *b)
{
	uint64_t kb = 0, r = 0;
	int i;

	for (i = 0; i < b->nzones; i++)
		if (b->zones[i].zidx != ZI_MOVABLE)
			kb += b->zones[i].managed * 4;
	kb *= 16;
	while ((r + 1) * (r + 1) <= kb)
		r++;
	if (r < 128)
		r = 128;
	if (r > 262144)
		r = 262144;
	return r;
}

/* __setup_per_zone_wmarks() with watermark_scale_factor 10 */
void buddy_set_watermarks(struct buddy *b, uint64_t min_free_kbytes)
{
	uint64_t pages_min = min_free_kbytes >> 2, lowmem = 0;
	int i;

	for (i = 0; i < b->nzones; i++)
		if (b->zones[i].zidx != ZI_MOVABLE)
			lowmem += b->zones[i].managed;
	for (i = 0; i < b->nzones; i++) {
		struct bzone *z = &b->zones[i];
		uint64_t tmp, t2;

		tmp = lowmem ? pages_min * z->managed / lowmem : 0;
		if (z->zidx == ZI_MOVABLE)
			tmp = z->managed / 1024 < 32 ? z->managed / 1024 : 32;
		z->wmark_min = tmp;
		t2 = tmp >> 2;
		if (z->managed * 10 / 10000 > t2)
			t2 = z->managed * 10 / 10000;
		z->wmark_low = tmp + t2;
		z->wmark_high = tmp + 2 * t2;
	}
}

/* ---- allocation ---- */

static void expand(struct bzone *z, uint64_t i, unsigned int low,
		   unsigned int high, int mt)
{
	while (high > low) {
		high--;
		list_add(z, i + (1ull << high), high, mt, false);
	}
}

static int64_t rmqueue_smallest(const struct buddy *b, struct bzone *z,
				unsigned int order, int mt)
{
	unsigned int o;

	for (o = order; o < b->nr_orders; o++) {
		uint32_t i = z->head[o][mt];

		if (i == BUDDY_NIL)
			continue;
		list_del(z, i, o);
		expand(z, i, order, o, mt);
		return i;
	}
	return -1;
}

static const int fallbacks[MT_PCPTYPES][2] = {
	[MT_UNMOVABLE] = { MT_RECLAIMABLE, MT_MOVABLE },
	[MT_MOVABLE] = { MT_RECLAIMABLE, MT_UNMOVABLE },
	[MT_RECLAIMABLE] = { MT_UNMOVABLE, MT_MOVABLE },
};

static bool can_steal_fallback(const struct buddy *b, unsigned int order,
			       int start_mt)
{
	if (order >= b->pb_order)
		return true;
	return order >= b->pb_order / 2 || start_mt == MT_RECLAIMABLE ||
	       start_mt == MT_UNMOVABLE;
}

static int find_suitable_fallback(const struct buddy *b, const struct bzone *z,
				  unsigned int order, int mt, bool *can_steal)
{
	int k;

	if (z->nr_free[order] == 0)
		return -1;
	*can_steal = false;
	for (k = 0; k < 2; k++) {
		int fmt = fallbacks[mt][k];

		if (z->head[order][fmt] == BUDDY_NIL)
			continue;
		if (can_steal_fallback(b, order, mt))
			*can_steal = true;
		return fmt;
	}
	return -1;
}

/* pages of the pageblock that the kernel would count as movable */
static uint64_t alloc_movable_span(const struct bzone *z, uint64_t i)
{
	uint32_t s = st_get(z, i);

	if (s == ST_ALLOC_MOV)
		return 1;
	if (s == ST_ALLOC_MOVH)
		return 1ull << ln_get(z, i);
	return 0;
}

/* 6.1 move_freepages_block(): move every free block, count movable */
static uint64_t move_freepages_block_61(const struct buddy *b, struct bzone *z,
					uint64_t pfn, int mt, uint64_t *movable)
{
	uint64_t pb = 1ull << b->pb_order;
	uint64_t start = pfn & ~(pb - 1), end = start + pb - 1, moved = 0;

	*movable = 0;
	if (!in_zone(z, start))
		start = pfn;
	if (!in_zone(z, end))
		return 0;
	for (pfn = start; pfn <= end;) {
		uint64_t i = pfn - z->base, span;
		int o = free_order_at(z, i);

		if (o < 0) {
			span = alloc_movable_span(z, i);
			if (span) {
				*movable += span;
				pfn += span;
			} else {
				pfn++;
			}
			continue;
		}
		list_move_tail(z, i, (unsigned int)o, mt);
		pfn += 1ull << o;
		moved += 1ull << o;
	}
	return moved;
}

static void steal_suitable_fallback_61(struct buddy *b, struct bzone *z,
				       uint64_t i, int start_mt, bool whole)
{
	unsigned int co = (unsigned int)free_order_at(z, i);
	uint64_t pfn = z->base + i, free_pages, movable, alike;
	int old = pb_get(b, z, pfn);

	if (old == MT_HIGHATOMIC)
		goto single;
	if (co >= b->pb_order) {
		change_pb_range(b, z, pfn, co, start_mt);
		b->st.claims++;
		goto single;
	}
	if (!whole)
		goto single;
	free_pages = move_freepages_block_61(b, z, pfn, start_mt, &movable);
	if (start_mt == MT_MOVABLE)
		alike = movable;
	else if (old == MT_MOVABLE)
		alike = (1ull << b->pb_order) - (free_pages + movable);
	else
		alike = 0;
	if (!free_pages)
		goto single;
	if (free_pages + alike >= (1ull << (b->pb_order - 1))) {
		pb_set(b, z, pfn, start_mt);
		b->st.claims++;
	}
	return;
single:
	list_move_tail(z, i, co, start_mt);
}

static bool rmqueue_fallback_61(struct buddy *b, struct bzone *z,
				unsigned int order, int start_mt, bool nofrag)
{
	int co, min_order = (int)order, fmt = -1;
	bool can_steal = false;

	if (order < b->pb_order && nofrag)
		min_order = (int)b->pb_order;
	for (co = (int)b->nr_orders - 1; co >= min_order; co--) {
		fmt = find_suitable_fallback(b, z, (unsigned int)co, start_mt,
					     &can_steal);
		if (fmt == -1)
			continue;
		if (!can_steal && start_mt == MT_MOVABLE && co > (int)order)
			goto find_smallest;
		goto do_steal;
	}
	return false;

find_smallest:
	for (co = (int)order; co < (int)b->nr_orders; co++) {
		fmt = find_suitable_fallback(b, z, (unsigned int)co, start_mt,
					     &can_steal);
		if (fmt != -1)
			break;
	}
	if (co == (int)b->nr_orders)
		return false;
do_steal:
	b->st.fallbacks++;
	steal_suitable_fallback_61(b, z, z->head[co][fmt], start_mt, can_steal);
	return true;
}

/* 6.12 prep_move_freepages_block() counting part */
static bool prep_move_612(const struct buddy *b, const struct bzone *z,
			  uint64_t pfn, uint64_t *start, uint64_t *nfree,
			  uint64_t *movable)
{
	uint64_t pb = 1ull << b->pb_order;
	uint64_t s = pfn & ~(pb - 1), e = s + pb;

	if (!in_zone(z, s) || !in_zone(z, e - 1))
		return false;
	*start = s;
	*nfree = *movable = 0;
	for (pfn = s; pfn < e;) {
		uint64_t i = pfn - z->base, span;
		int o = free_order_at(z, i);

		if (o >= 0) {
			*nfree += 1ull << o;
			pfn += 1ull << o;
			continue;
		}
		span = alloc_movable_span(z, i);
		if (span) {
			*movable += span;
			pfn += span;
		} else {
			pfn++;
		}
	}
	return true;
}

/* 6.12 __move_freepages_block(): move free blocks, then retype */
static void move_freepages_block_612(const struct buddy *b, struct bzone *z,
				     uint64_t start, int new_mt)
{
	uint64_t end = start + (1ull << b->pb_order), pfn;

	for (pfn = start; pfn < end;) {
		uint64_t i = pfn - z->base;
		int o = free_order_at(z, i);

		if (o < 0) {
			pfn++;
			continue;
		}
		list_move_tail(z, i, (unsigned int)o, new_mt);
		pfn += 1ull << o;
	}
	pb_set(b, z, start, new_mt);
}

static int64_t try_to_steal_block_612(struct buddy *b, struct bzone *z,
				      uint64_t i, unsigned int co,
				      unsigned int order, int start_mt)
{
	uint64_t pfn = z->base + i, start, nfree, movable, alike;
	int bt = pb_get(b, z, pfn);

	if (bt == MT_HIGHATOMIC)
		return -1;
	if (co >= b->pb_order) {
		list_del(z, i, co);
		change_pb_range(b, z, pfn, co, start_mt);
		expand(z, i, order, co, start_mt);
		b->st.claims++;
		return (int64_t)i;
	}
	if (!prep_move_612(b, z, pfn, &start, &nfree, &movable))
		return -1;
	if (start_mt == MT_MOVABLE)
		alike = movable;
	else if (bt == MT_MOVABLE)
		alike = (1ull << b->pb_order) - (nfree + movable);
	else
		alike = 0;
	if (nfree + alike >= (1ull << (b->pb_order - 1))) {
		move_freepages_block_612(b, z, start, start_mt);
		b->st.claims++;
		return rmqueue_smallest(b, z, order, start_mt);
	}
	return -1;
}

static int64_t rmqueue_claim_612(struct buddy *b, struct bzone *z,
				 unsigned int order, int start_mt, bool nofrag)
{
	int co, min_order = (int)order;
	bool can_steal;

	if (order < b->pb_order && nofrag)
		min_order = (int)b->pb_order;
	for (co = (int)b->nr_orders - 1; co >= min_order; co--) {
		int fmt = find_suitable_fallback(b, z, (unsigned int)co,
						 start_mt, &can_steal);
		int64_t r;

		if (fmt == -1)
			continue;
		if (!can_steal)
			break;
		r = try_to_steal_block_612(b, z, z->head[co][fmt],
					   (unsigned int)co, order, start_mt);
		if (r >= 0) {
			b->st.fallbacks++;
			return r;
		}
	}
	return -1;
}

static int64_t rmqueue_steal_612(struct buddy *b, struct bzone *z,
				 unsigned int order, int start_mt)
{
	unsigned int co;
	bool can_steal;

	for (co = order; co < b->nr_orders; co++) {
		int fmt = find_suitable_fallback(b, z, co, start_mt,
						 &can_steal);
		uint32_t i;

		if (fmt == -1)
			continue;
		i = z->head[co][fmt];
		list_del(z, i, co);
		expand(z, i, order, co, fmt);
		b->st.fallbacks++;
		b->st.steals++;
		return i;
	}
	return -1;
}

static int64_t rmqueue(struct buddy *b, struct bzone *z, unsigned int order,
		       int mt, bool nofrag)
{
	int64_t i;
	int tries;

	if (mt >= MT_PCPTYPES)		/* only the three fallback types */
		return rmqueue_smallest(b, z, order, mt);
	if (b->series == MS_SERIES_6_1) {
		for (tries = 0; tries < 4; tries++) {
			i = rmqueue_smallest(b, z, order, mt);
			if (i >= 0)
				return i;
			if (!rmqueue_fallback_61(b, z, order, mt, nofrag))
				return -1;
		}
		return -1;
	}
	i = rmqueue_smallest(b, z, order, mt);
	if (i >= 0)
		return i;
	i = rmqueue_claim_612(b, z, order, mt, nofrag);
	if (i >= 0)
		return i;
	if (!nofrag)
		return rmqueue_steal_612(b, z, order, mt);
	return -1;
}

static void mark_alloc(struct bzone *z, uint64_t i, unsigned int order, int mt)
{
	if (mt != MT_MOVABLE)
		return;
	if (order == 0) {
		st_set(z, i, ST_ALLOC_MOV);
	} else {
		st_set(z, i, ST_ALLOC_MOVH);
		ln_set(z, i, order);
	}
}

uint64_t buddy_alloc(struct buddy *b, unsigned int order, int mt, int zpref)
{
	struct bzone *list[BUDDY_MAX_ZONES];
	int n = 0, i, pass, top = -1;
	bool nofrag = false;

	if (order >= b->nr_orders || mt < 0 || mt >= MT_TYPES) {
		b->st.failures++;
		return UINT64_MAX;
	}
	/* zonelist of node 0: the preferred zone and the zones below it */
	if (zpref < 0) {
		int limit = mt == MT_MOVABLE ? ZI_MOVABLE : ZI_NORMAL;

		for (i = 0; i < b->nzones; i++)
			if (b->zones[i].node == 0 && b->zones[i].zidx <= limit &&
			    (top < 0 || b->zones[i].zidx > b->zones[top].zidx))
				top = i;
	} else {
		top = zpref;
	}
	if (top < 0) {
		b->st.failures++;
		return UINT64_MAX;
	}
	list[n++] = &b->zones[top];
	for (;;) {
		int best = -1;

		for (i = 0; i < b->nzones; i++) {
			const struct bzone *c = &b->zones[i];

			if (c->node != list[0]->node ||
			    c->zidx >= list[n - 1]->zidx)
				continue;
			if (best < 0 || c->zidx > b->zones[best].zidx)
				best = i;
		}
		if (best < 0)
			break;
		list[n++] = &b->zones[best];
	}
	/* alloc_flags_nofragment(): preferred Normal with a populated DMA32 */
	if (list[0]->zidx == ZI_NORMAL)
		for (i = 1; i < n; i++)
			if (list[i]->zidx == ZI_DMA32 && list[i]->managed)
				nofrag = true;
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < n; i++) {
			int64_t r = rmqueue(b, list[i], order, mt, nofrag);

			if (r >= 0) {
				mark_alloc(list[i], (uint64_t)r, order, mt);
				b->st.allocs++;
				return list[i]->base + (uint64_t)r;
			}
		}
		if (!nofrag)
			break;
		nofrag = false;
	}
	b->st.failures++;
	return UINT64_MAX;
}

/* ---- pageblock retyping (settype) ---- */

int buddy_set_pageblock(struct buddy *b, uint64_t pfn, int mt)
{
	struct bzone *z = buddy_zone_of(b, pfn);
	uint64_t pb = 1ull << b->pb_order, start = pfn & ~(pb - 1), p;
	unsigned int o;

	if (!z)
		return -1;
	/* refuse when the pageblock lies inside a larger free block */
	for (o = b->pb_order + 1; o < b->nr_orders; o++) {
		p = start & ~((1ull << o) - 1);
		if (in_zone(z, p) && free_order_at(z, p - z->base) == (int)o)
			return -2;
	}
	for (p = start; p < start + pb;) {
		int fo;

		if (!in_zone(z, p)) {
			p++;
			continue;
		}
		fo = free_order_at(z, p - z->base);
		if (fo < 0) {
			p++;
			continue;
		}
		list_move_tail(z, p - z->base, (unsigned int)fo, mt);
		p += 1ull << fo;
	}
	pb_set(b, z, start, mt);
	return 0;
}

/* ---- loading a snapshot ---- */

int buddy_load_block(struct buddy *b, struct bzone *z, int mt,
		     unsigned int order, uint64_t pfn, const char **why)
{
	uint64_t n = 1ull << order, p, i;
	unsigned int o;

	if (order >= b->nr_orders) {
		*why = "order out of range";
		return -1;
	}
	if (pfn & (n - 1)) {
		*why = "pfn not aligned to the order";
		return -1;
	}
	if (!in_zone(z, pfn) || !in_zone(z, pfn + n - 1)) {
		*why = "block outside its zone";
		return -1;
	}
	/* overlap with a block already loaded: a larger one containing us */
	for (o = order; o < b->nr_orders; o++) {
		p = pfn & ~((1ull << o) - 1);
		if (in_zone(z, p) && free_order_at(z, p - z->base) >= (int)o) {
			*why = "overlaps a free block listed earlier";
			return -2;
		}
	}
	/* or smaller ones inside us (heads only: tails have state 0) */
	for (p = pfn; p < pfn + n; p++)
		if (free_order_at(z, p - z->base) >= 0) {
			*why = "overlaps a free block listed earlier";
			return -2;
		}
	i = pfn - z->base;
	if (order == 0 && in_zone(z, pfn ^ 1) &&
	    free_order_at(z, i ^ 1) == 0) {
		*why = "order-0 buddy also free (inconsistent snapshot)";
		return -2;
	}
	for (p = pfn; p < pfn + n; p++)
		if (st_get(z, p - z->base) >= ST_ALLOC_MOV)
			st_set(z, p - z->base, 0);
	list_add(z, i, order, mt, true);
	return 0;
}

void buddy_load_finish(struct buddy *b)
{
	int zi, mt;
	unsigned int o;

	for (zi = 0; zi < b->nzones; zi++) {
		struct bzone *z = &b->zones[zi];
		uint64_t pb = 1ull << b->pb_order, nblocks = z->nslots / pb, k;
		uint8_t *seen = xcalloc(nblocks, 1);

		/* pageblock type = type of the first list that holds a block */
		for (o = 0; o < b->nr_orders; o++)
			for (mt = 0; mt < MT_TYPES; mt++) {
				uint32_t i = z->head[o][mt];

				while (i != BUDDY_NIL) {
					uint64_t first = i >> b->pb_order;
					uint64_t cnt = o > b->pb_order ?
						1ull << (o - b->pb_order) : 1;

					for (k = 0; k < cnt; k++)
						if (!seen[first + k]) {
							seen[first + k] = 1;
							pb_set(b, z, z->base +
							       ((first + k) << b->pb_order), mt);
						}
					i = ln_get(z, i);
				}
			}
		/* everything not free is allocated; count it movable in
		 * movable pageblocks */
		{
			uint64_t pfn = z->start_pfn;

			while (pfn < z->end_pfn) {
				uint64_t i = pfn - z->base;
				int fo = free_order_at(z, i);

				if (fo >= 0) {
					pfn += 1ull << fo;
					continue;
				}
				if (pb_get(b, z, pfn) == MT_MOVABLE)
					st_set(z, i, ST_ALLOC_MOV);
				pfn++;
			}
		}
		z->managed = z->end_pfn - z->start_pfn;
		free(seen);
	}
	buddy_set_watermarks(b, buddy_default_min_free_kbytes(b));
}

/* ---- inspection ---- */

uint64_t buddy_list_count(const struct bzone *z, unsigned int order, int mt,
			  uint64_t cap, bool *capped)
{
	uint64_t n = 0;
	uint32_t i = z->head[order][mt];

	*capped = false;
	while (i != BUDDY_NIL) {
		if (cap && ++n >= cap) {
			*capped = true;
			break;
		}
		if (!cap)
			n++;
		i = ln_get(z, i);
	}
	return n;
}

int buddy_list_walk(const struct bzone *z, unsigned int order, int mt,
		    int (*fn)(void *arg, uint64_t pfn), void *arg)
{
	uint32_t i = z->head[order][mt];
	int r;

	while (i != BUDDY_NIL) {
		r = fn(arg, z->base + i);
		if (r)
			return r;
		i = ln_get(z, i);
	}
	return 0;
}

int buddy_check(const struct buddy *b, char *why, size_t whylen)
{
	int zi, mt;
	unsigned int o;

	for (zi = 0; zi < b->nzones; zi++) {
		const struct bzone *z = &b->zones[zi];
		uint64_t nfree[BUDDY_MAX_ORDERS] = { 0 }, pages = 0, heads = 0, i;

		for (o = 0; o < b->nr_orders; o++)
			for (mt = 0; mt < MT_TYPES; mt++) {
				uint32_t c = z->head[o][mt], prev = BUDDY_NIL;

				while (c != BUDDY_NIL) {
					if (c >= z->nslots || free_order_at(z, c) != (int)o) {
						snprintf(why, whylen, "zone %s order %u %s: bad entry %u",
							 z->name, o, mt_names[mt], c);
						return -1;
					}
					if (ln_get(z, prev_slot(c, o)) != prev) {
						snprintf(why, whylen, "zone %s order %u: bad prev link at %llu",
							 z->name, o, (unsigned long long)(z->base + c));
						return -1;
					}
					if (nfree[o] > z->nslots) {
						snprintf(why, whylen, "list loop");
						return -1;
					}
					nfree[o]++;
					pages += 1ull << o;
					prev = c;
					c = ln_get(z, c);
				}
				if (z->tail[o][mt] != prev) {
					snprintf(why, whylen, "zone %s order %u %s: bad tail",
						 z->name, o, mt_names[mt]);
					return -1;
				}
			}
		for (o = 0; o < b->nr_orders; o++)
			if (nfree[o] != z->nr_free[o]) {
				snprintf(why, whylen, "zone %s order %u: nr_free %llu, lists %llu",
					 z->name, o, (unsigned long long)z->nr_free[o],
					 (unsigned long long)nfree[o]);
				return -1;
			}
		if (pages != z->free_pages) {
			snprintf(why, whylen, "zone %s: free_pages mismatch", z->name);
			return -1;
		}
		/* no two free buddies that should have merged */
		for (i = 0; i < z->nslots; i++) {
			int fo = free_order_at(z, i);
			uint64_t pfn = z->base + i, bp;

			if (fo < 0)
				continue;
			heads++;
			if ((unsigned int)fo >= b->pb_order || (unsigned int)fo + 1 >= b->nr_orders)
				continue;
			bp = pfn ^ (1ull << fo);
			if (in_zone(z, bp) && free_order_at(z, bp - z->base) == fo) {
				snprintf(why, whylen, "zone %s: free buddies %llu and %llu at order %d",
					 z->name, (unsigned long long)pfn,
					 (unsigned long long)bp, fo);
				return -1;
			}
		}
		(void)heads;
	}
	return 0;
}

/* ---- output ---- */

static int zone_cmp_order(const struct buddy *b, int *idx)
{
	int n = b->nzones, i, j;

	for (i = 0; i < n; i++)
		idx[i] = i;
	for (i = 1; i < n; i++)
		for (j = i; j > 0; j--) {
			const struct bzone *x = &b->zones[idx[j - 1]];
			const struct bzone *y = &b->zones[idx[j]];

			if (x->node > y->node ||
			    (x->node == y->node && x->zidx > y->zidx)) {
				int t = idx[j];

				idx[j] = idx[j - 1];
				idx[j - 1] = t;
			}
		}
	return n;
}

void buddy_print_buddyinfo(const struct buddy *b, FILE *f)
{
	int idx[BUDDY_MAX_ZONES], n = zone_cmp_order(b, idx), k;
	unsigned int o;

	for (k = 0; k < n; k++) {
		const struct bzone *z = &b->zones[idx[k]];

		fprintf(f, MS_FMT_ZONE_LINE, z->node, z->name);
		for (o = 0; o < b->nr_orders; o++)
			fprintf(f, MS_FMT_NR_FREE, (unsigned long)z->nr_free[o]);
		fputc('\n', f);
	}
}

void buddy_print_pagetypeinfo(const struct buddy *b, FILE *f)
{
	int idx[BUDDY_MAX_ZONES], n = zone_cmp_order(b, idx), k, mt, node;
	unsigned int o;

	for (k = 0; k < n; k = k) {
		int first = k, last;

		node = b->zones[idx[k]].node;
		for (last = k; last < n && b->zones[idx[last]].node == node; last++)
			;
		fprintf(f, MS_FMT_PAGEBLOCK_SIZE, b->pb_order, 1ul << b->pb_order);
		fputs(MS_PAGETYPE_FREE_TITLE, f);
		for (o = 0; o < b->nr_orders; o++)
			fprintf(f, MS_FMT_ORDER_COLUMN, o);
		fputc('\n', f);
		for (k = first; k < last; k++) {
			const struct bzone *z = &b->zones[idx[k]];

			for (mt = 0; mt < MT_TYPES; mt++) {
				if (mt == MT_CMA && !b->has_cma)
					continue;
				fprintf(f, MS_FMT_PAGETYPE_LINE,
					z->node, z->name, mt_names[mt]);
				for (o = 0; o < b->nr_orders; o++) {
					bool capped;
					uint64_t c = buddy_list_count(z, o, mt,
								      MS_FREE_COUNT_CAP,
								      &capped);

					fprintf(f, MS_FMT_LIST_COUNT,
						capped ? MS_CAPPED_MARK : "",
						(unsigned long)c);
				}
				fputc('\n', f);
			}
		}
		fputs(MS_PAGETYPE_BLOCKS_TITLE, f);
		for (mt = 0; mt < MT_TYPES; mt++)
			if (mt != MT_CMA || b->has_cma)
				fprintf(f, MS_FMT_TYPE_COLUMN, mt_names[mt]);
		fputc('\n', f);
		for (k = first; k < last; k++) {
			const struct bzone *z = &b->zones[idx[k]];
			unsigned long count[MT_TYPES] = { 0 };
			uint64_t pfn;

			for (pfn = z->start_pfn; pfn < z->end_pfn;
			     pfn += 1ull << b->pb_order)
				count[pb_get(b, z, pfn)]++;
			fprintf(f, MS_FMT_ZONE_LINE, z->node, z->name);
			for (mt = 0; mt < MT_TYPES; mt++)
				if (mt != MT_CMA || b->has_cma)
					fprintf(f, MS_FMT_NR_BLOCKS, count[mt]);
			fputc('\n', f);
		}
		k = last;
	}
}

void buddy_print_extfrag(const struct buddy *b, FILE *f)
{
	int idx[BUDDY_MAX_ZONES], n = zone_cmp_order(b, idx), k, sec;
	unsigned int o;

	for (sec = 0; sec < 2; sec++) {
		fputs(sec ? MS_EXTFRAG_FRAGMENTATION_TITLE : MS_EXTFRAG_UNUSABLE_TITLE,
		      f);
		for (k = 0; k < n; k++) {
			const struct bzone *z = &b->zones[idx[k]];

			fprintf(f, MS_FMT_ZONE_LINE, z->node, z->name);
			for (o = 0; o < b->nr_orders; o++) {
				struct ms_contig_info ci;
				int v;

				ms_fill_contig_info(z->nr_free, b->nr_orders, o, &ci);
				if (sec == 0) {
					v = ms_unusable_index(o, &ci);
					fprintf(f, MS_FMT_UNUSABLE_INDEX,
						ms_index_int(v), ms_index_frac(v));
				} else {
					v = ms_fragmentation_index(o, b->nr_orders, &ci);
					fprintf(f, MS_FMT_FRAGMENTATION_INDEX,
						ms_index_int(v), ms_index_frac(v));
				}
			}
			fputc('\n', f);
		}
	}
}

struct pctx {
	FILE *f;
	const struct bzone *z;
	int mt;
	unsigned int order;
	int first;
};

static int print_block(void *arg, uint64_t pfn)
{
	struct pctx *c = arg;

	fprintf(c->f, "%d %s %s %u %llu\n", c->z->node, c->z->name,
		mt_names[c->mt], c->order, (unsigned long long)pfn);
	return 0;
}

void buddy_print_freeblocks(const struct buddy *b, FILE *f)
{
	int idx[BUDDY_MAX_ZONES], n = zone_cmp_order(b, idx), k, mt;
	unsigned int o;

	fprintf(f, "# node zone migratetype order pfn\n");
	for (k = 0; k < n; k++)
		for (mt = 0; mt < MT_TYPES; mt++)
			for (o = 0; o < b->nr_orders; o++) {
				struct pctx c = { f, &b->zones[idx[k]], mt, o, 1 };

				buddy_list_walk(c.z, o, mt, print_block, &c);
			}
}

static int print_pfn(void *arg, uint64_t pfn)
{
	struct pctx *c = arg;

	fprintf(c->f, " %llu", (unsigned long long)pfn);
	return 0;
}

void buddy_print_freelists(const struct buddy *b, FILE *f)
{
	int idx[BUDDY_MAX_ZONES], n = zone_cmp_order(b, idx), k, mt;
	unsigned int o;

	for (k = 0; k < n; k++) {
		const struct bzone *z = &b->zones[idx[k]];

		fprintf(f, "zone %d %s pfn %llu-%llu free %llu\n", z->node,
			z->name, (unsigned long long)z->start_pfn,
			(unsigned long long)z->end_pfn,
			(unsigned long long)z->free_pages);
		for (o = 0; o < b->nr_orders; o++)
			for (mt = 0; mt < MT_TYPES; mt++) {
				struct pctx c = { f, z, mt, o, 1 };

				if (z->head[o][mt] == BUDDY_NIL)
					continue;
				fprintf(f, "  order %u %-11s:", o, mt_names[mt]);
				buddy_list_walk(z, o, mt, print_pfn, &c);
				fputc('\n', f);
			}
	}
}

void buddy_print_json(const struct buddy *b, FILE *f)
{
	int idx[BUDDY_MAX_ZONES], n = zone_cmp_order(b, idx), k, mt;
	unsigned int o;

	fprintf(f, "{\"kernel\": \"%s\", \"pageblock_order\": %u, \"orders\": %u, \"zones\": [",
		ms_series_name(b->series), b->pb_order, b->nr_orders);
	for (k = 0; k < n; k++) {
		const struct bzone *z = &b->zones[idx[k]];
		uint64_t pfn;
		unsigned long count[MT_TYPES] = { 0 };

		fprintf(f, "%s{\"node\": %d, \"zone\": ", k ? ", " : "", z->node);
		ms_json_str(f, z->name);
		fprintf(f, ", \"start_pfn\": %llu, \"end_pfn\": %llu, \"free_pages\": %llu, \"managed\": %llu",
			(unsigned long long)z->start_pfn, (unsigned long long)z->end_pfn,
			(unsigned long long)z->free_pages, (unsigned long long)z->managed);
		fprintf(f, ", \"watermarks\": {\"min\": %llu, \"low\": %llu, \"high\": %llu}",
			(unsigned long long)z->wmark_min, (unsigned long long)z->wmark_low,
			(unsigned long long)z->wmark_high);
		fprintf(f, ", \"nr_free\": [");
		for (o = 0; o < b->nr_orders; o++)
			fprintf(f, "%s%llu", o ? ", " : "", (unsigned long long)z->nr_free[o]);
		fprintf(f, "], \"free_by_type\": {");
		for (mt = 0; mt < MT_TYPES; mt++) {
			bool capped;

			fprintf(f, "%s\"%s\": [", mt ? ", " : "", mt_names[mt]);
			for (o = 0; o < b->nr_orders; o++)
				fprintf(f, "%s%llu", o ? ", " : "",
					(unsigned long long)buddy_list_count(z, o, mt, 0, &capped));
			fprintf(f, "]");
		}
		for (pfn = z->start_pfn; pfn < z->end_pfn; pfn += 1ull << b->pb_order)
			count[pb_get(b, z, pfn)]++;
		fprintf(f, "}, \"pageblocks\": {");
		for (mt = 0; mt < MT_TYPES; mt++)
			fprintf(f, "%s\"%s\": %lu", mt ? ", " : "", mt_names[mt], count[mt]);
		fprintf(f, "}, \"unusable_index\": [");
		for (o = 0; o < b->nr_orders; o++) {
			struct ms_contig_info ci;

			ms_fill_contig_info(z->nr_free, b->nr_orders, o, &ci);
			fprintf(f, "%s%d", o ? ", " : "", ms_unusable_index(o, &ci));
		}
		fprintf(f, "], \"extfrag_index\": [");
		for (o = 0; o < b->nr_orders; o++) {
			struct ms_contig_info ci;

			ms_fill_contig_info(z->nr_free, b->nr_orders, o, &ci);
			fprintf(f, "%s%d", o ? ", " : "",
				ms_fragmentation_index(o, b->nr_orders, &ci));
		}
		fprintf(f, "]}");
	}
	fprintf(f, "], \"stats\": {\"allocs\": %llu, \"frees\": %llu, \"failures\": %llu, \"fallbacks\": %llu, \"claims\": %llu, \"steals\": %llu}}\n",
		(unsigned long long)b->st.allocs, (unsigned long long)b->st.frees,
		(unsigned long long)b->st.failures, (unsigned long long)b->st.fallbacks,
		(unsigned long long)b->st.claims, (unsigned long long)b->st.steals);
}
