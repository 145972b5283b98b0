// SPDX-License-Identifier: GPL-2.0
/* memsim: the options `buddy` and `frag` share (buddy_opts.h). */
#define _POSIX_C_SOURCE 200809L
#include "buddy_opts.h"
#include "freeblocks.h"
#include "util.h"

#include <string.h>

/* --zone NODE:NAME:START:PAGES */
static int zone_opt(struct mem_opts *m, const char *arg)
{
	char buf[128], *a, *bn, *cs, *d;
	uint64_t s, n;
	long v;

	if (m->nzones == BUDDY_MAX_ZONES || strlen(arg) >= sizeof(buf))
		return perr(NULL, 0, "too many --zone");
	strcpy(buf, arg);
	a = buf;
	bn = strchr(a, ':');
	cs = bn ? strchr(bn + 1, ':') : NULL;
	d = cs ? strchr(cs + 1, ':') : NULL;
	if (!d)
		return perr(NULL, 0, "--zone wants NODE:NAME:START:PAGES");
	*bn++ = *cs++ = *d++ = '\0';
	if (!parse_int(a, 0, 1023, &v) || strlen(bn) > 15 || !*bn ||
	    !parse_u64(cs, &s) || !parse_u64(d, &n) || !n)
		return perr(NULL, 0, "bad --zone '%s'", arg);
	m->zones[m->nzones].node = (int)v;
	strcpy(m->zones[m->nzones].name, bn);
	m->zones[m->nzones].start = s;
	m->zones[m->nzones].pages = n;
	m->nzones++;
	return 1;
}

/* --reserve START:COUNT */
static int reserve_opt(struct mem_opts *m, const char *arg)
{
	char buf[64], *c2;

	if (m->nreserved == 64 || strlen(arg) >= sizeof(buf))
		return perr(NULL, 0, "too many --reserve");
	strcpy(buf, arg);
	c2 = strchr(buf, ':');
	if (!c2)
		return perr(NULL, 0, "--reserve wants START:COUNT");
	*c2++ = '\0';
	if (!parse_u64(buf, &m->reserved[m->nreserved][0]) ||
	    !parse_u64(c2, &m->reserved[m->nreserved][1]))
		return perr(NULL, 0, "bad --reserve '%s'", arg);
	m->nreserved++;
	return 1;
}

/* common memory/model options; returns 1 when handled, 0 unknown, -1 bad */
int mem_opt(struct mem_opts *m, int c, const char *arg)
{
	long v;
	uint64_t u;

	switch (c) {
	case 'p':
		if (!parse_u64(arg, &m->pages) || !m->pages)
			return perr(NULL, 0, "bad --pages '%s'", arg);
		return 1;
	case 1000:
		if (!parse_size(arg, &u) || u < 4096)
			return perr(NULL, 0, "bad --mem '%s'", arg);
		m->pages = u / 4096;
		return 1;
	case 1001:
		if (strcmp(arg, "x86") && strcmp(arg, "flat"))
			return perr(NULL, 0, "--layout is x86 or flat");
		m->x86 = !strcmp(arg, "x86");
		return 1;
	case 1002:
		return zone_opt(m, arg);
	case 1003:
		return reserve_opt(m, arg);
	case 'l':
		m->load = arg;
		return 1;
	case 'k':
		if (ms_series_parse(arg, &m->series))
			return perr(NULL, 0, "--kernel is 6.1 or 6.12");
		return 1;
	case 1004:
		if (!parse_int(arg, 2, BUDDY_MAX_ORDERS - 1, &v))
			return perr(NULL, 0, "--max-order is 2..%d", BUDDY_MAX_ORDERS - 1);
		m->max_order = (unsigned int)v;
		return 1;
	case 1005:
		if (!parse_int(arg, 2, BUDDY_MAX_ORDERS - 1, &v))
			return perr(NULL, 0, "--pageblock-order is 2..%d", BUDDY_MAX_ORDERS - 1);
		m->pb_order = (unsigned int)v;
		m->pb_set = true;
		return 1;
	case 1006:
		if (!parse_size(arg, &m->page_size) || m->page_size == 0 ||
		    (m->page_size & (m->page_size - 1)))
			return perr(NULL, 0, "--page-size must be a power of two");
		return 1;
	case 1007:
		if (!parse_u64(arg, &m->min_free_kb))
			return perr(NULL, 0, "bad --min-free-kbytes");
		return 1;
	case 't':
		m->trace = arg;
		return 1;
	case 'j':
		m->json = 1;
		return 1;
	}
	return 0;
}

void mem_defaults(struct mem_opts *m)
{
	memset(m, 0, sizeof(*m));
	m->series = MS_SERIES_6_12;
	m->max_order = 10;
	m->pb_order = 9;
	m->page_size = 4096;
}

/* build the model from the options; 0 or -1 */
int mem_build(struct mem_opts *m, struct buddy *b)
{
	int i;

	if (!m->pb_set && m->pb_order > m->max_order)
		m->pb_order = m->max_order;
	if (m->pb_order > m->max_order)
		return perr(NULL, 0, "--pageblock-order above --max-order");
	buddy_init(b, m->series, m->max_order + 1, m->pb_order);
	for (i = 0; i < m->nzones; i++)
		if (buddy_add_zone(b, m->zones[i].node, m->zones[i].name,
				   m->zones[i].start, m->zones[i].pages))
			return -1;
	if (m->pages) {
		if (m->nzones)
			return perr(NULL, 0, "--pages/--mem and --zone exclude each other");
		if (m->x86 && m->pages > 4096) {
			uint64_t e32 = m->pages < (1ull << 20) ? m->pages : 1ull << 20;

			if (buddy_add_zone(b, 0, "DMA", 1, 4095) ||
			    buddy_add_zone(b, 0, "DMA32", 4096, e32 - 4096))
				return -1;
			if (m->pages > (1ull << 20) &&
			    buddy_add_zone(b, 0, "Normal", 1ull << 20, m->pages - (1ull << 20)))
				return -1;
		} else if (buddy_add_zone(b, 0, "Normal", 0, m->pages)) {
			return -1;
		}
	}
	if (m->load) {
		unsigned long loaded, skipped;

		if (m->nreserved)
			return perr(NULL, 0, "--reserve applies to a boot-like start, not --load");
		if (freeblocks_load(b, m->load, NULL, 0, &loaded, &skipped))
			return -1;
		if (skipped)
			fprintf(stderr, "memsim: %s: %lu inconsistent blocks skipped\n",
				m->load, skipped);
	} else {
		if (!b->nzones)
			return perr(NULL, 0, "no memory: give --pages, --mem, --zone or --load (see -h)");
		buddy_boot(b, (const uint64_t (*)[2])m->reserved, m->nreserved);
	}
	if (m->min_free_kb)
		buddy_set_watermarks(b, m->min_free_kb);
	return 0;
}
