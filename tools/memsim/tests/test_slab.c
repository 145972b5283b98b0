// SPDX-License-Identifier: GPL-2.0
/* memsim host tests: SLUB geometry and slab lists. */
#define _POSIX_C_SOURCE 200809L
#include "tests.h"

#include <stdlib.h>
#include <string.h>

#include "../slub.h"
#include "../util.h"

/*
 * Hand-checked against mm/slub.c (calculate_sizes, calculate_order) for
 * 2 present CPUs (min_objects 12), default boot parameters.  Not a VM
 * recording: recorded tables go to selftests/host/memsim/slab-geometry-*.
 */
static const struct {
	unsigned int size, align, flags;
	int series;			/* 0 both, or one enum ms_series */
	unsigned int slab_size, order, objects, offset;
} table[] = {
	{ 8, 8, 0, 0, 8, 0, 512, 0 },
	{ 16, 8, 0, 0, 16, 0, 256, 8 },
	{ 96, 8, 0, 0, 96, 0, 42, 48 },
	{ 192, 8, 0, 0, 192, 0, 21, 96 },
	{ 512, 8, 0, 0, 512, 1, 16, 256 },
	{ 1024, 8, 0, 0, 1024, 2, 16, 512 },
	{ 2048, 8, 0, 0, 2048, 3, 16, 1024 },
	{ 4096, 8, 0, 0, 4096, 3, 8, 2048 },
	{ 8192, 8, 0, 0, 8192, 3, 4, 4096 },
	{ 100, 8, MS_SLAB_HWCACHE_ALIGN, 0, 128, 0, 32, 48 },
	{ 24, 8, MS_SLAB_TYPESAFE_RCU, 0, 32, 0, 128, 24 },
	{ 20, 8, MS_SLAB_HWCACHE_ALIGN, 0, 32, 0, 128, 8 },	/* align 32 */
	{ 10928, 8, 0, MS_SERIES_6_1, 10928, 2, 1, 5464 },		/* series differ */
	{ 10928, 8, 0, MS_SERIES_6_12, 10928, 3, 2, 5464 },
	{ 12280, 8, 0, MS_SERIES_6_1, 12280, 2, 1, 6136 },
	{ 12280, 8, 0, MS_SERIES_6_12, 12280, 3, 2, 6136 },
	{ 10920, 8, 0, 0, 10920, 3, 3, 5456 },
};

static int t_geometry_table(void)
{
	size_t i;
	int s;

	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		for (s = 0; s < 2; s++) {
			enum ms_series ser = s ? MS_SERIES_6_12 : MS_SERIES_6_1;
			struct ms_slub_geometry g;

			if (table[i].series && table[i].series != (int)ser)
				continue;
			CHECK(ms_slub_geometry(ser, table[i].size, table[i].align,
					       table[i].flags, 2, &g));
			if (g.size != table[i].slab_size || g.order != (int)table[i].order ||
			    g.objects != table[i].objects || g.offset != table[i].offset) {
				printf("# size %u series %s: got size %u order %d objs %u off %u\n",
				       table[i].size, s ? "6.12" : "6.1", g.size, g.order,
				       g.objects, g.offset);
				return 1;
			}
		}
	return 0;
}

/* min_objects follows fls(nr_cpus): 1 CPU -> 8, 2 -> 12, 4 -> 16, 64 -> 32 */
static int t_min_objects(void)
{
	CHECK_EQ_U(ms_slub_min_objects(1), 8);
	CHECK_EQ_U(ms_slub_min_objects(2), 12);
	CHECK_EQ_U(ms_slub_min_objects(3), 12);
	CHECK_EQ_U(ms_slub_min_objects(4), 16);
	CHECK_EQ_U(ms_slub_min_objects(64), 32);
	/* kmalloc-1k on 64 CPUs: 32 objects want 32K -> order 3, 32 objects */
	{
		struct ms_slub_geometry g;

		CHECK(ms_slub_geometry(MS_SERIES_6_1, 1024, 8, 0, 64, &g));
		CHECK_EQ_U(g.order, 3);
		CHECK_EQ_U(g.objects, 32);
	}
	return 0;
}

/* the series disagree only in a few size windows; find the first one */
static int t_series_disagree(void)
{
	unsigned int size, first = 0, n = 0;

	for (size = 8; size <= 16384; size += 8) {
		struct ms_slub_geometry a, b;

		CHECK(ms_slub_geometry(MS_SERIES_6_1, size, 8, 0, 2, &a));
		CHECK(ms_slub_geometry(MS_SERIES_6_12, size, 8, 0, 2, &b));
		if (a.order != b.order) {
			if (!first)
				first = size;
			n++;
		}
	}
	printf("# 6.1 and 6.12 differ for %u sizes, the first at %u\n", n, first);
	CHECK_EQ_U(first, 10928);
	return 0;
}

/* min_partial and cpu_partial rules */
static int t_partial_params(void)
{
	struct ms_slub_geometry g;

	CHECK(ms_slub_geometry(MS_SERIES_6_12, 64, 8, 0, 2, &g));
	CHECK_EQ_U(g.min_partial, 5);		/* ilog2(64)/2 = 3 -> 5 */
	CHECK_EQ_U(g.cpu_partial, 120);
	CHECK_EQ_U(g.cpu_partial_slabs, 4);	/* 240 / 64 objects */
	CHECK(ms_slub_geometry(MS_SERIES_6_12, 1u << 21, 8, 0, 2, &g));
	CHECK_EQ_U(g.min_partial, 10);		/* ilog2(2M)/2 = 10 */
	CHECK(ms_slub_geometry(MS_SERIES_6_12, 300, 8, 0, 2, &g));
	CHECK_EQ_U(g.cpu_partial, 52);
	CHECK(!ms_slub_geometry(MS_SERIES_6_12, 0, 8, 0, 2, &g));
	return 0;
}

/* object simulation: fill, partial lists, empty slabs discarded */
static int t_slab_lists(void)
{
	struct scache c;
	uint32_t *s = malloc(4096 * sizeof(uint32_t));
	int i;

	CHECK(scache_init(&c, "t", MS_SERIES_6_12, 512, 8, 0, 2) == 0);
	CHECK_EQ_U(c.g.objects, 16);
	for (i = 0; i < 160; i++)
		s[i] = scache_alloc(&c);
	CHECK_EQ_U(c.nr_slabs, 10);
	CHECK_EQ_U(c.active_objects, 160);
	/* free one object in each full slab: they go to the CPU partial
	 * list (cpu_partial_slabs = 7), then drain to the node list */
	for (i = 0; i < 144; i += 16)
		scache_free(&c, s[i]);
	CHECK(c.cpu_partial_count + c.nr_partial >= 8);
	/* free everything: slabs beyond min_partial are discarded */
	for (i = 0; i < 160; i++)
		if (i % 16 || i >= 144)
			scache_free(&c, s[i]);
	CHECK_EQ_U(c.active_objects, 0);
	CHECK(c.nr_slabs <= c.g.min_partial + c.g.cpu_partial_slabs + 1);
	free(s);
	scache_destroy(&c);
	return 0;
}

/* recorded /sys/kernel/slab tables from the VM, when present */
static int t_recorded_tables(void)
{
	const char *dir = getenv("MEMSIM_DATA");
	char path[512];
	int s, files = 0;

	for (s = 0; s < 2; s++) {
		FILE *f;
		char line[512], kernel[128] = "";
		unsigned long ln = 0, rows = 0, bad = 0;
		unsigned int cpus = 0;

		snprintf(path, sizeof(path), "%s/slab-geometry-%s.txt", dir ? dir : ".",
			 s ? "6.12" : "6.1");
		f = fopen(path, "r");
		if (!f)
			continue;
		files++;
		while (fgets(line, sizeof(line), f)) {
			char name[128];
			unsigned int osz, ssz, align, order, objs;
			struct ms_slub_geometry g;

			ln++;
			if (sscanf(line, "# kernel %127s", kernel) == 1)
				continue;
			if (sscanf(line, "# nr_cpus %u", &cpus) == 1)
				continue;
			if (line[0] == '#' || line[0] == '\n')
				continue;
			if (sscanf(line, "%127s %u %u %u %u %u", name, &osz, &ssz, &align,
				   &order, &objs) != 6 || !cpus) {
				printf("# %s:%lu: bad line\n", path, ln);
				fclose(f);
				return 1;
			}
			rows++;
			/* order/objects from the real slab_size */
			if (ms_calculate_order(s ? MS_SERIES_6_12 : MS_SERIES_6_1, ssz, cpus, NULL) != (int)order ||
			    ms_order_objects(order, ssz) != objs) {
				if (bad++ < 5)
					printf("# %s: %s slab_size %u: real order %u objs %u\n",
					       kernel, name, ssz, order, objs);
			}
			(void)g;
		}
		fclose(f);
		printf("# %s (%s): %lu caches, %lu differ\n", path, kernel, rows, bad);
		if (bad)
			return 1;
	}
	if (!files) {
		ktap_skip_reason = "no recorded slab-geometry-*.txt (made by the VM run)";
		return 2;
	}
	return 0;
}

const struct ktest slab_tests[] = {
	{ "slab_geometry_table", t_geometry_table },
	{ "slab_min_objects_from_cpus", t_min_objects },
	{ "slab_series_disagree_from_10928", t_series_disagree },
	{ "slab_partial_parameters", t_partial_params },
	{ "slab_object_lists", t_slab_lists },
	{ "slab_recorded_sysfs_tables", t_recorded_tables },
	{ NULL, NULL },
};
