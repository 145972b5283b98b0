// SPDX-License-Identifier: GPL-2.0
/* memsim: first/best/worst-fit variable partitions. */
#include "partition.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

const char *fit_name(enum fit_policy p)
{
	return p == FIT_FIRST ? "first-fit" : p == FIT_BEST ? "best-fit" : "worst-fit";
}

void part_init(struct partition *p, enum fit_policy pol, uint64_t total,
	       uint64_t unit)
{
	memset(p, 0, sizeof(*p));
	p->policy = pol;
	p->total = total;
	p->unit = unit ? unit : 1;
	p->cap = 16;
	p->holes = xmalloc(p->cap * sizeof(*p->holes));
	p->holes[0].start = 0;
	p->holes[0].len = total;
	p->nholes = total ? 1 : 0;
}

void part_destroy(struct partition *p)
{
	free(p->holes);
	p->holes = NULL;
	p->nholes = 0;
}

static uint64_t round_unit(const struct partition *p, uint64_t bytes)
{
	return (bytes + p->unit - 1) / p->unit * p->unit;
}

uint64_t part_alloc(struct partition *p, uint64_t bytes)
{
	size_t i, pick = SIZE_MAX;
	uint64_t start;

	bytes = round_unit(p, bytes);
	if (!bytes)
		bytes = p->unit;
	for (i = 0; i < p->nholes; i++) {
		if (p->holes[i].len < bytes)
			continue;
		if (pick == SIZE_MAX) {
			pick = i;
			if (p->policy == FIT_FIRST)
				break;
			continue;
		}
		if (p->policy == FIT_BEST && p->holes[i].len < p->holes[pick].len)
			pick = i;
		if (p->policy == FIT_WORST && p->holes[i].len > p->holes[pick].len)
			pick = i;
	}
	if (pick == SIZE_MAX) {
		p->failures++;
		return UINT64_MAX;
	}
	start = p->holes[pick].start;
	p->holes[pick].start += bytes;
	p->holes[pick].len -= bytes;
	if (!p->holes[pick].len) {
		memmove(&p->holes[pick], &p->holes[pick + 1],
			(p->nholes - pick - 1) * sizeof(*p->holes));
		p->nholes--;
	}
	return start;
}

bool part_free(struct partition *p, uint64_t start, uint64_t bytes)
{
	size_t lo = 0, hi = p->nholes, i;
	uint64_t end;

	bytes = round_unit(p, bytes);
	if (!bytes)
		bytes = p->unit;
	end = start + bytes;
	if (end > p->total || end < start)
		return false;
	/* first hole starting after start */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (p->holes[mid].start <= start)
			lo = mid + 1;
		else
			hi = mid;
	}
	i = lo;
	if (i > 0 && p->holes[i - 1].start + p->holes[i - 1].len > start)
		return false;
	if (i < p->nholes && p->holes[i].start < end)
		return false;
	if (i > 0 && p->holes[i - 1].start + p->holes[i - 1].len == start) {
		p->holes[i - 1].len += bytes;
		if (i < p->nholes && p->holes[i].start == end) {
			p->holes[i - 1].len += p->holes[i].len;
			memmove(&p->holes[i], &p->holes[i + 1],
				(p->nholes - i - 1) * sizeof(*p->holes));
			p->nholes--;
		}
		return true;
	}
	if (i < p->nholes && p->holes[i].start == end) {
		p->holes[i].start = start;
		p->holes[i].len += bytes;
		return true;
	}
	if (p->nholes == p->cap) {
		p->cap *= 2;
		p->holes = xrealloc(p->holes, p->cap * sizeof(*p->holes));
	}
	memmove(&p->holes[i + 1], &p->holes[i], (p->nholes - i) * sizeof(*p->holes));
	p->holes[i].start = start;
	p->holes[i].len = bytes;
	p->nholes++;
	return true;
}

uint64_t part_free_bytes(const struct partition *p)
{
	uint64_t s = 0;
	size_t i;

	for (i = 0; i < p->nholes; i++)
		s += p->holes[i].len;
	return s;
}

uint64_t part_largest_hole(const struct partition *p)
{
	uint64_t m = 0;
	size_t i;

	for (i = 0; i < p->nholes; i++)
		if (p->holes[i].len > m)
			m = p->holes[i].len;
	return m;
}

int part_unusable_index(const struct partition *p, uint64_t req)
{
	uint64_t free_b = part_free_bytes(p), usable = 0;
	size_t i;

	if (!free_b)
		return 1000;
	for (i = 0; i < p->nholes; i++)
		usable += p->holes[i].len / req * req;
	return (int)((free_b - usable) * 1000 / free_b);
}
