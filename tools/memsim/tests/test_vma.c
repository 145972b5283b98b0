// SPDX-License-Identifier: GPL-2.0
/* memsim host tests: VMA layout. */
#define _POSIX_C_SOURCE 200809L
#include "tests.h"

#include <stdlib.h>

#include "../vma.h"

#define BASE 0x7ffff7fff000ull
#define TASK 0x7ffffffff000ull

static char *maps_of(const struct vma_set *vs)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	vs_print_maps(vs, f);
	fclose(f);
	return buf;
}

static int t_mmap_base(void)
{
	CHECK_EQ_U(vs_mmap_base(TASK, 8ull << 20), BASE);
	/* a huge stack rlimit is clamped to 5/6 of the task size */
	CHECK(vs_mmap_base(TASK, 1ull << 47) >= TASK / 6);
	CHECK(vs_mmap_base(TASK, 1ull << 47) <= TASK / 6 + 0x3000);
	return 0;
}

static int t_topdown_merge(void)
{
	struct vma_set vs;

	vs_init(&vs, MS_SERIES_6_12, TASK, BASE);
	CHECK_EQ_U(vs_mmap(&vs, 0, 4096, VM_READ | VM_WRITE, false, -1, 0, NULL, 0),
		   0x7ffff7ffe000ull);
	CHECK_EQ_U(vs_mmap(&vs, 0, 8192, VM_READ | VM_WRITE, false, -1, 0, NULL, 0),
		   0x7ffff7ffc000ull);
	CHECK_EQ_U(vs.n, 1);		/* adjacent anonymous: merged */
	CHECK_EQ_U(vs.v[0].start, 0x7ffff7ffc000ull);
	/* different protection: no merge */
	CHECK_EQ_U(vs_mmap(&vs, 0, 4096, VM_READ, false, -1, 0, NULL, 0),
		   0x7ffff7ffb000ull);
	CHECK_EQ_U(vs.n, 2);
	vs_destroy(&vs);
	return 0;
}

/* 6.12 aligns 2 MiB-multiple anonymous mappings to 2 MiB; 6.1 does not */
static int t_thp_alignment(void)
{
	struct vma_set a, b;

	vs_init(&a, MS_SERIES_6_1, TASK, BASE);
	vs_init(&b, MS_SERIES_6_12, TASK, BASE);
	CHECK_EQ_U(vs_mmap(&a, 0, 2 << 20, VM_READ | VM_WRITE, false, -1, 0, NULL, 0),
		   BASE - (2 << 20));
	CHECK_EQ_U(vs_mmap(&b, 0, 2 << 20, VM_READ | VM_WRITE, false, -1, 0, NULL, 0),
		   0x7ffff7c00000ull);
	/* not a multiple of 2 MiB: no alignment on either */
	CHECK_EQ_U(vs_mmap(&b, 0, 3 << 20, VM_READ, false, -1, 0, NULL, 0),
		   0x7ffff7c00000ull - (3 << 20));
	vs_destroy(&a);
	vs_destroy(&b);
	/* 6.12 without CONFIG_TRANSPARENT_HUGEPAGE (RT): no alignment */
	vs_init(&b, MS_SERIES_6_12, TASK, BASE);
	b.no_thp = true;
	CHECK_EQ_U(vs_mmap(&b, 0, 2 << 20, VM_READ | VM_WRITE, false, -1, 0, NULL, 0),
		   BASE - (2 << 20));
	vs_destroy(&b);
	return 0;
}

static int t_split_and_remerge(void)
{
	struct vma_set vs;
	uint64_t a;

	vs_init(&vs, MS_SERIES_6_1, TASK, BASE);
	a = vs_mmap(&vs, 0, 10 * 4096, VM_READ | VM_WRITE, false, -1, 0, NULL, 0);
	CHECK(a);
	CHECK(vs_mprotect(&vs, a + 4 * 4096, 2 * 4096, VM_READ) == 0);
	CHECK_EQ_U(vs.n, 3);
	CHECK_EQ_U(vs.v[1].pgoff, (a >> 12) + 4);
	CHECK(vs_mprotect(&vs, a + 4 * 4096, 2 * 4096, VM_READ | VM_WRITE) == 0);
	CHECK_EQ_U(vs.n, 1);
	CHECK(vs_munmap(&vs, a + 4096, 4096) == 0);
	CHECK_EQ_U(vs.n, 2);
	/* a new mapping fills the hole top-down? no: the hole is below base
	 * but the gap search takes the highest gap that fits: the hole */
	CHECK_EQ_U(vs_mmap(&vs, 0, 4096, VM_READ | VM_WRITE, false, -1, 0, NULL, 0),
		   a + 4096);
	CHECK_EQ_U(vs.n, 1);		/* and merges both sides */
	vs_destroy(&vs);
	return 0;
}

/* the /proc/PID/maps line layout, padding to column 73 before the name */
static int t_maps_format(void)
{
	struct vma_set vs;
	char *s;

	vs_init(&vs, MS_SERIES_6_12, TASK, BASE);
	CHECK(vs_mmap(&vs, 0x555555554000ull, 0x1000, VM_READ, true, 0, 0,
		      "/usr/bin/cat", 1234));
	CHECK(vs_mmap(&vs, 0x7ffff7ff0000ull, 0x2000, VM_READ | VM_WRITE, true, -1, 0, NULL, 0));
	s = maps_of(&vs);
	CHECK_STR(s,
		"555555554000-555555555000 r--p 00000000 08:01 1234                       /usr/bin/cat\n"
		"7ffff7ff0000-7ffff7ff2000 rw-p 00000000 00:00 0 \n");
	free(s);
	{
		struct vma v;

		CHECK(maps_parse_line("555555554000-555555555000 r--p 00000000 08:01 1234                       /usr/bin/cat", &v) == 0);
		CHECK_EQ_U(v.ino, 1234);
		CHECK(maps_parse_line("zz-1 r--p", &v) != 0);
	}
	vs_destroy(&vs);
	return 0;
}

const struct ktest vma_tests[] = {
	{ "vma_mmap_base_aslr_off", t_mmap_base },
	{ "vma_topdown_and_merge", t_topdown_merge },
	{ "vma_thp_alignment_6_12_only", t_thp_alignment },
	{ "vma_split_and_remerge", t_split_and_remerge },
	{ "vma_maps_format", t_maps_format },
	{ NULL, NULL },
};
