/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tools/lib: one parser per memscope debugfs format, for the client,
 * memsim and the selftests (Documentation/ABI/testing/debugfs-memscope
 * has the formats). Each parses one line (or, for version, the first
 * line) and leaves the file-level policy - which headers to expect, what
 * an error message says - to its caller.
 */
#ifndef MS_LIB_FORMATS_H
#define MS_LIB_FORMATS_H

#include <stdbool.h>

/* Most numbers a zone line holds (orders, or migratetypes). */
#define MS_MAX_ORDERS	16

/*
 * "Node N, zone NAME": the start of buddyinfo's and pagetypeinfo's lines
 * (extfrag's too). NAME ends at a blank or ','; at most 15 bytes.
 * Returns the offset just past NAME, or -1.
 */
int ms_zone_prefix(const char *line, int *node, char zone[16]);

/*
 * Blank-separated decimal numbers from P, at most MAX into V. With
 * CAPPED, a number may carry the kernel's '>' (a lower bound, as
 * pagetypeinfo prints counts of 100000 and more), one bit per index.
 * Stops at the first token that is not such a number, or after MAX;
 * *rest (blanks skipped) is what is left. Returns how many were read.
 */
int ms_parse_numbers(const char *p, unsigned long *v, int max,
		     unsigned int *capped, const char **rest);

/* --- buddyinfo: "Node 0, zone    DMA32    c0    c1 ... " --------------- */

struct ms_zone_counts {
	int node;
	char zone[16];
	int nr;				/* counts read */
	unsigned long v[MS_MAX_ORDERS];
	const char *rest;		/* after the counts, "" if nothing */
};

/* 0, or -1 if LINE does not start with "Node N, zone NAME". */
int ms_buddyinfo_parse(const char *line, struct ms_zone_counts *z);

/*
 * Is LINE what the kernel prints for Z, byte for byte ("Node %d, zone
 * %8s " and "%6lu " per order)? For tests that hold the layout, not only
 * the numbers.
 */
bool ms_buddyinfo_is_exact(const char *line, const struct ms_zone_counts *z);

/* --- pagetypeinfo ------------------------------------------------------ */

enum ms_pagetype_kind {
	MS_PT_BAD = -1,		/* a "Node" line that does not parse */
	MS_PT_OTHER = 0,	/* any other line: headers, blank */
	MS_PT_FREE = 1,		/* "Node N, zone Z, type T  c0 c1 ..." */
	MS_PT_BLOCKS = 2,	/* "Node N, zone Z  b0 b1 ..." (per type) */
};

struct ms_pagetype_line {
	int node;
	char zone[16];
	char type[16];			/* "" on a blocks line */
	int nr;
	unsigned long v[MS_MAX_ORDERS];
	unsigned int capped;		/* free lines: bit per order, '>' */
	const char *rest;
};

enum ms_pagetype_kind ms_pagetypeinfo_parse(const char *line,
					    struct ms_pagetype_line *l);

/*
 * "Number of blocks type  Unmovable  Movable ...": the type names into
 * TYPES (at most MAX). Returns their count, 0 if LINE is not that header,
 * -1 if it holds more than MAX or a name of more than 15 bytes.
 */
int ms_pagetypeinfo_types(const char *line, char (*types)[16], int max);

/* --- slabinfo ---------------------------------------------------------- */

#define MS_SLAB_MAX_NODES	64

/*
 * One cache line: /proc/slabinfo's first columns, and memscope's own
 * after ": memscope" (order object_size slab_size align cpu_partial
 * waste_per_slab waste_total flags partial N<node>=<partial>...).
 */
struct ms_slab {
	char name[64];
	unsigned long active_objs, num_objs, objsize, objperslab;
	unsigned long pagesperslab;
	/* with MEMSCOPE: */
	unsigned long active_slabs;
	unsigned int order, object_size, slab_size, align;
	unsigned long cpu_partial, waste_slab, waste_total, partial;
	char flags[16];
	int nr_nodes;
	int node[MS_SLAB_MAX_NODES];
	unsigned long node_partial[MS_SLAB_MAX_NODES];
};

enum {
	MS_SLAB_SHORT = -1,	/* fewer than six fields */
	MS_SLAB_BADFIELD = -2,	/* *bad: the first bad of the six */
	MS_SLAB_BADCOLS = -3,	/* memscope's columns are not all there */
};

/*
 * Parse LINE (split in place at blanks): the name and the five numbers
 * always, the rest of the line too with MEMSCOPE. Returns 0 or one of
 * the MS_SLAB_ errors; on MS_SLAB_BADFIELD *bad is the field (the
 * numbers are checked before the name).
 */
int ms_slabinfo_parse(char *line, struct ms_slab *s, bool memscope,
		      const char **bad);

/* --- version: "memscope <version> abi <n> kernel <release>" ------------ */

struct ms_version {
	char version[64];
	char abi[16];
	char kernel[256];
};

/* The first line of TEXT: 0, or -1 if it is not six such words. */
int ms_version_parse(const char *text, struct ms_version *v);

/* --- maps (/proc/PID/maps's own lines) and vmas ------------------------ */

struct ms_maps_line {
	unsigned long long start, end, offset, inode;
	char perms[8];
	unsigned int dev_major, dev_minor;
	const char *name;		/* into the line, "" when anonymous */
};

/* 0, or -1 if LINE does not start with maps' six columns. */
int ms_maps_parse(const char *line, struct ms_maps_line *m);

/* "start end perms pgoff kind rss swap anon file thp hugetlb name" */
struct ms_vmas_line {
	unsigned long long start, end, pgoff;
	unsigned long long rss, swap, anon, file, thp, hugetlb;
	char perms[8];
	char kind[16];
	const char *name;
};

/* 0, or -1 if LINE does not start with vmas' eleven columns. */
int ms_vmas_parse(const char *line, struct ms_vmas_line *v);

#endif /* MS_LIB_FORMATS_H */
