/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memsim: the options `buddy` and `frag` share (zones, reserved ranges,
 * a freeblocks snapshot, kernel series, orders, the trace, --json), and
 * building the buddy model from them.
 */
#ifndef MEMSIM_BUDDY_OPTS_H
#define MEMSIM_BUDDY_OPTS_H

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>

#include "buddy.h"

struct mem_opts {
	uint64_t pages;
	bool x86;
	struct { int node; char name[16]; uint64_t start, pages; } zones[BUDDY_MAX_ZONES];
	int nzones;
	uint64_t reserved[64][2];
	int nreserved;
	const char *load;
	enum ms_series series;
	unsigned int max_order, pb_order;
	bool pb_set;
	uint64_t page_size;
	uint64_t min_free_kb;
	const char *trace;	/* --trace */
	int json;		/* --json */
};

void mem_defaults(struct mem_opts *m);
/* one option C with ARG: 1 when it is one of these, 0 not, -1 bad (said) */
int mem_opt(struct mem_opts *m, int c, const char *arg);
/* build (and boot, or load) the model from the options: 0 or -1 (said) */
int mem_build(struct mem_opts *m, struct buddy *b);

/* the getopt_long entries of mem_opt()'s options */
#define MEM_LONGOPTS \
	{ "pages", required_argument, NULL, 'p' }, \
	{ "mem", required_argument, NULL, 1000 }, \
	{ "layout", required_argument, NULL, 1001 }, \
	{ "zone", required_argument, NULL, 1002 }, \
	{ "reserve", required_argument, NULL, 1003 }, \
	{ "load", required_argument, NULL, 'l' }, \
	{ "kernel", required_argument, NULL, 'k' }, \
	{ "max-order", required_argument, NULL, 1004 }, \
	{ "pageblock-order", required_argument, NULL, 1005 }, \
	{ "page-size", required_argument, NULL, 1006 }, \
	{ "min-free-kbytes", required_argument, NULL, 1007 }, \
	{ "trace", required_argument, NULL, 't' }, \
	{ "json", no_argument, NULL, 'j' }

#endif
