// SPDX-License-Identifier: GPL-2.0
/*
 * memsim: `bench` — replay throughput and memory per simulated page,
 * printed as measured numbers and ratios to the targets of issue 6.
 * Never asserts: timing depends on the machine.
 */
#define _POSIX_C_SOURCE 200809L
#include "buddy.h"
#include "cli.h"
#include "slub.h"
#include "util.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

struct bop_bin {
	uint32_t slot;
	uint8_t order, mt, is_alloc;
};

static uint64_t rng(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

int cmd_bench(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "ops", required_argument, NULL, 'n' },
		{ "kernel", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	uint64_t nops = 10000000, seed = 0x9e3779b97f4a7c15ull, i;
	enum ms_series ks = MS_SERIES_6_12;
	const uint32_t nslots = 200000;
	struct bop_bin *ops;
	uint64_t *pfn;
	uint8_t *live;
	struct buddy b;
	double t0, t1, rate;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "n:k:h", lo, NULL)) != -1) {
		switch (c) {
		case 'n':
			if (!parse_u64(optarg, &nops) || nops < 1000 || nops > 100000000)
				return perr(NULL, 0, "--ops is 1000..100000000"), 2;
			break;
		case 'k':
			if (ms_series_parse(optarg, &ks))
				return perr(NULL, 0, "--kernel is 6.1 or 6.12"), 2;
			break;
		case 'h':
			printf("usage: memsim bench [--ops N] [--kernel 6.1|6.12]\n"
			       "  buddy replay of an N-op alloc/free trace (default 10M) on a\n"
			       "  4 GiB zone, memory per simulated page of a 64 GiB model,\n"
			       "  SLUB object replay.  Prints measured values and ratios.\n");
			return 0;
		default:
			return 2;
		}
	}
	/* the trace, generated up front so that only the replay is timed */
	ops = xmalloc(nops * sizeof(*ops));
	live = xcalloc(nslots, 1);
	pfn = xmalloc(nslots * sizeof(uint64_t));
	for (i = 0; i < nops; i++) {
		uint64_t r = rng(&seed);
		uint32_t s = (uint32_t)(r % nslots);

		ops[i].slot = s;
		ops[i].is_alloc = !live[s];
		if (!live[s]) {
			unsigned int p = (unsigned int)((r >> 32) % 100);

			ops[i].order = p < 70 ? 0 : p < 85 ? 1 : p < 93 ? 2 : p < 97 ? 3 : p < 99 ? 4 : 9;
			p = (unsigned int)((r >> 40) % 100);
			ops[i].mt = p < 80 ? MT_MOVABLE : p < 95 ? MT_UNMOVABLE : MT_RECLAIMABLE;
		}
		live[s] ^= 1;
	}
	memset(live, 0, nslots);
	buddy_init(&b, ks, 11, 9);
	if (buddy_add_zone(&b, 0, "Normal", 0, 1u << 20))
		return 1;
	buddy_boot(&b, NULL, 0);
	t0 = now();
	for (i = 0; i < nops; i++) {
		const struct bop_bin *op = &ops[i];

		if (op->is_alloc) {
			pfn[op->slot] = buddy_alloc(&b, op->order, op->mt, -1);
			live[op->slot] = op->order;
		} else if (pfn[op->slot] != UINT64_MAX) {
			buddy_free(&b, pfn[op->slot], live[op->slot], MT_MOVABLE);
		}
	}
	t1 = now();
	rate = (double)nops / (t1 - t0);
	printf("buddy replay (kernel %s, 4 GiB zone): %llu ops in %.3f s = %.1f M ops/s; target 20 M ops/s: ratio %.2f\n",
	       ms_series_name(ks), (unsigned long long)nops, t1 - t0,
	       rate / 1e6, rate / 20e6);
	printf("  (%llu allocations failed, %llu fallbacks)\n",
	       (unsigned long long)b.st.failures, (unsigned long long)b.st.fallbacks);
	buddy_destroy(&b);
	free(ops);
	free(pfn);
	free(live);

	/* memory per page: a 64 GiB model as DMA, DMA32 and Normal */
	{
		uint64_t pages = 16ull << 20;
		size_t before = memsim_bytes_counted, bytes;

		buddy_init(&b, ks, 11, 9);
		if (buddy_add_zone(&b, 0, "DMA", 1, 4095) ||
		    buddy_add_zone(&b, 0, "DMA32", 4096, (1u << 20) - 4096) ||
		    buddy_add_zone(&b, 0, "Normal", 1u << 20, pages - (1u << 20)))
			return 1;
		bytes = memsim_bytes_counted - before + sizeof(b);
		printf("memory per simulated page (64 GiB): %zu bytes / %llu pages = %.4f B/page; target 4 B/page: ratio %.4f\n",
		       bytes, (unsigned long long)pages, (double)bytes / (double)pages,
		       (double)bytes / (double)pages / 4.0);
		buddy_destroy(&b);
	}

	/* SLUB object replay */
	{
		struct scache sc;
		const uint32_t nobj = 100000;
		uint32_t *slab = xmalloc(nobj * sizeof(uint32_t));
		uint64_t n = nops;

		memset(slab, 0xff, nobj * sizeof(uint32_t));
		if (scache_init(&sc, "bench-256", ks,
				256, 8, 0, 2))
			return 1;
		t0 = now();
		for (i = 0; i < n; i++) {
			uint32_t k = (uint32_t)(rng(&seed) % nobj);

			if (slab[k] == UINT32_MAX) {
				slab[k] = scache_alloc(&sc);
			} else {
				scache_free(&sc, slab[k]);
				slab[k] = UINT32_MAX;
			}
		}
		t1 = now();
		printf("slub replay (256-byte objects): %llu ops in %.3f s = %.1f M ops/s (no target; %llu slabs now)\n",
		       (unsigned long long)n, t1 - t0, (double)n / (t1 - t0) / 1e6,
		       (unsigned long long)sc.nr_slabs);
		scache_destroy(&sc);
		free(slab);
	}
	return 0;
}
