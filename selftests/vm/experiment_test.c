// SPDX-License-Identifier: GPL-2.0
/*
 * memscope experiment: real allocations checked against the buddy
 * allocator's own accounting.
 *
 * "alloc 5 4 movable" must split blocks exactly as __rmqueue_smallest()
 * does: for each block, take the smallest order >= 5 with a free movable
 * block and put the upper halves back one order each. The prediction is
 * made from /proc/pagetypeinfo before, checked in /proc/buddyinfo after;
 * "free all" must merge everything back. Orders 0-3 pass through per-CPU
 * lists and are not compared; other activity in the guest can disturb a
 * try, so one exact try out of five is required.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "msutil.h"

#define EXPERIMENT MS_DEBUGFS "/experiment"
#define NR_ORDERS 11
#define TRIES 5

struct block {
	int node;
	char zone[16];
	char type[16];
	unsigned int order;
	unsigned long pfn;
};

/* Free blocks per order of one zone: /proc/buddyinfo, or one migratetype
 * of /proc/pagetypeinfo when TYPE is set. */
static int zone_counts(int node, const char *zone, const char *type,
		       long *c)
{
	char *buf, **lines;
	int n, i, o, found = -1;

	if (ms_read_file(type ? "/proc/pagetypeinfo" : "/proc/buddyinfo",
			 &buf) < 0)
		return -1;
	n = ms_split_lines(buf, &lines);
	for (i = 0; i < n && found < 0; i++) {
		struct ms_pagetype_line pl;
		struct ms_zone_counts z;
		const unsigned long *v;
		int nr;

		if (type) {
			if (ms_pagetypeinfo_parse(lines[i], &pl) != MS_PT_FREE ||
			    strcmp(pl.type, type) || pl.capped)
				continue;
			z.node = pl.node;
			strcpy(z.zone, pl.zone);
			v = pl.v;
			nr = pl.nr;
		} else {
			if (ms_buddyinfo_parse(lines[i], &z))
				continue;
			v = z.v;
			nr = z.nr;
		}
		if (z.node != node || strcmp(z.zone, zone))
			continue;
		for (o = 0; o < NR_ORDERS && o < nr; o++)
			c[o] = (long)v[o];
		found = o == NR_ORDERS ? 0 : -1;
	}
	free(lines);
	free(buf);
	return found;
}

/* Write CMD on FD: 0 or -errno. */
static int cmd(int fd, const char *s)
{
	ssize_t n = write(fd, s, strlen(s));

	return n < 0 ? -errno : 0;
}

/*
 * Read FD's answer and parse the block lines into B (at most MAX); TEXT
 * is left split: it holds the first line.
 */
static int answer(int fd, struct block *b, int max, char *text, size_t size)
{
	ssize_t n, len = 0;
	char *line, *save;
	int count = 0;

	while ((n = read(fd, text + len, size - 1 - len)) > 0)
		len += n;
	if (n < 0)
		return -errno;
	text[len] = '\0';
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (count < max &&
		    sscanf(line, "%d %15s %15s %u %lu", &b[count].node,
			   b[count].zone, b[count].type, &b[count].order,
			   &b[count].pfn) == 5)
			count++;
	}
	return count;
}

/* Apply __rmqueue_smallest() for COUNT blocks of ORDER to both arrays. */
static int predict(long *type_free, long *all, unsigned int order, int count)
{
	while (count--) {
		unsigned int o = order;

		while (o < NR_ORDERS && type_free[o] == 0)
			o++;
		if (o == NR_ORDERS)
			return -1;	/* would fall back: not predicted */
		type_free[o]--;
		all[o]--;
		while (o-- > order) {
			type_free[o]++;
			all[o]++;
		}
	}
	return 0;
}

static bool same_from(const long *a, const long *b, unsigned int from)
{
	unsigned int o;

	for (o = from; o < NR_ORDERS; o++)
		if (a[o] != b[o])
			return false;
	return true;
}

static void log_counts(struct __test_metadata *_metadata, const char *what,
		       const long *c)
{
	TH_LOG("%s: %ld %ld %ld %ld %ld %ld %ld %ld %ld %ld %ld", what, c[0],
	       c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10]);
}

TEST(alloc_splits_and_free_merges)
{
	bool split_ok = false, merge_ok = false, shape_ok = true;
	static char text[65536];
	int try;

	for (try = 0; try < TRIES && !(split_ok && merge_ok); try++) {
		long mv[NR_ORDERS], before[NR_ORDERS], want[NR_ORDERS];
		long after[NR_ORDERS], freed[NR_ORDERS];
		struct block b[8];
		int fd, n, i, j;

		/* the zone the last try allocated from, DMA32 at first */
		static int node;
		static char zone[16] = "DMA32";

		ASSERT_EQ(0, zone_counts(node, zone, "Movable", mv));
		ASSERT_EQ(0, zone_counts(node, zone, NULL, before));
		fd = open(EXPERIMENT, O_RDWR);
		ASSERT_LE(0, fd);
		ASSERT_EQ(0, cmd(fd, "alloc 5 4 movable"));
		ASSERT_EQ(0, zone_counts(node, zone, NULL, after));
		n = answer(fd, b, 8, text, sizeof(text));
		ASSERT_EQ(4, n) TH_LOG("answer: %s", text);
		for (i = 0; i < n; i++) {
			if (b[i].order != 5 || b[i].pfn % 32 ||
			    strcmp(b[i].type, "movable"))
				shape_ok = false;
			for (j = 0; j < i; j++)
				if (b[i].pfn == b[j].pfn)
					shape_ok = false;
		}
		memcpy(want, before, sizeof(want));
		if (b[0].node == node && !strcmp(b[0].zone, zone) &&
		    predict(mv, want, 5, 4) == 0 &&
		    same_from(want, after, 4))
			split_ok = true;
		else if (try == TRIES - 1) {
			log_counts(_metadata, "before", before);
			log_counts(_metadata, "predicted", want);
			log_counts(_metadata, "after", after);
		}
		ASSERT_EQ(0, cmd(fd, "free all"));
		lseek(fd, 0, SEEK_SET);
		answer(fd, b, 0, text, sizeof(text));
		EXPECT_STREQ("freed 4 blocks 128 pages", text);
		ASSERT_EQ(0, zone_counts(node, zone, NULL, freed));
		if (same_from(before, freed, 4))
			merge_ok = true;
		else if (try == TRIES - 1)
			log_counts(_metadata, "after free", freed);
		close(fd);
		node = b[0].node;
		strcpy(zone, b[0].zone);
	}
	EXPECT_TRUE(shape_ok);
	EXPECT_TRUE(split_ok);
	EXPECT_TRUE(merge_ok);
}

static long cap_pages(void)
{
	char *s;
	long kb;

	if (ms_read_file("/sys/module/memscope/parameters/experiment_max_kb",
			 &s) < 0)
		return -1;
	kb = atol(s);
	free(s);
	return kb / 4;
}

static int held_blocks(void)
{
	static char text[1 << 20];
	struct block b[1];
	int fd = open(EXPERIMENT, O_RDONLY), n;

	if (fd < 0)
		return -1;
	n = answer(fd, b, 1, text, sizeof(text));
	close(fd);
	return n < 0 ? n : (int)strlen(text);
}

TEST(bad_commands_change_nothing)
{
	char big[64];
	long cap = cap_pages();
	int fd = open(EXPERIMENT, O_RDWR);

	ASSERT_LE(0, fd);
	ASSERT_LT(0, cap);
	ASSERT_EQ(0, held_blocks());
	EXPECT_EQ(-ERANGE, cmd(fd, "alloc 11 1"));
	EXPECT_EQ(-ERANGE, cmd(fd, "alloc 99 1"));
	EXPECT_EQ(-ERANGE, cmd(fd, "alloc 5 0"));
	EXPECT_EQ(-EINVAL, cmd(fd, "alloc 5"));
	EXPECT_EQ(-EINVAL, cmd(fd, "alloc x 1"));
	EXPECT_EQ(-EINVAL, cmd(fd, "alloc 5 -1"));
	EXPECT_EQ(-EINVAL, cmd(fd, "alloc 5 4 sideways"));
	EXPECT_EQ(-EINVAL, cmd(fd, "alloc 5 4 movable extra"));
	EXPECT_EQ(-EINVAL, cmd(fd, "bogus"));
	EXPECT_EQ(-EINVAL, cmd(fd, ""));
	EXPECT_EQ(-EINVAL, cmd(fd, "free"));
	EXPECT_EQ(-EINVAL, cmd(fd, "free xyz"));
	EXPECT_EQ(-EINVAL, cmd(fd, "free 1"));
	snprintf(big, sizeof(big), "alloc 0 %ld", cap + 1);
	EXPECT_EQ(-E2BIG, cmd(fd, big));
	snprintf(big, sizeof(big), "alloc 10 %ld", cap / 1024 + 1);
	EXPECT_EQ(-E2BIG, cmd(fd, big));
	EXPECT_EQ(0, held_blocks());

	/*
	 * The budget counts what is already held, and each block's
	 * bookkeeping on top of its pages (at most 64 bytes a block): half
	 * the cap twice is over it, half and half less 64 blocks is not.
	 */
	snprintf(big, sizeof(big), "alloc 0 %ld", cap / 2);
	EXPECT_EQ(0, cmd(fd, big));
	EXPECT_EQ(-E2BIG, cmd(fd, big));
	snprintf(big, sizeof(big), "alloc 0 %ld", cap / 2 - 64);
	EXPECT_EQ(0, cmd(fd, big));
	EXPECT_EQ(-E2BIG, cmd(fd, "alloc 7 1"));
	EXPECT_EQ(0, cmd(fd, "free all"));
	EXPECT_EQ(0, held_blocks());
	close(fd);
}

TEST(free_one_block_and_answers_per_open)
{
	static char t1[4096], t2[4096];
	struct block a[4], b[4];
	int fd1 = open(EXPERIMENT, O_RDWR), fd2 = open(EXPERIMENT, O_RDWR);
	char c[64];

	ASSERT_LE(0, fd1);
	ASSERT_LE(0, fd2);
	ASSERT_EQ(0, cmd(fd1, "alloc 2 1"));
	ASSERT_EQ(0, cmd(fd2, "alloc 3 2 reclaimable"));
	EXPECT_EQ(1, answer(fd1, a, 4, t1, sizeof(t1)));
	EXPECT_EQ(2, answer(fd2, b, 4, t2, sizeof(t2)));
	EXPECT_STREQ("unmovable", a[0].type);
	EXPECT_EQ(2U, a[0].order);
	EXPECT_EQ(3U, b[1].order);
	snprintf(c, sizeof(c), "free %lu", a[0].pfn);
	EXPECT_EQ(0, cmd(fd1, c));
	EXPECT_EQ(-EINVAL, cmd(fd1, c));
	snprintf(c, sizeof(c), "free 0x%lx", b[0].pfn);
	EXPECT_EQ(0, cmd(fd1, c));
	EXPECT_EQ(0, cmd(fd2, "free all"));
	lseek(fd2, 0, SEEK_SET);
	answer(fd2, b, 0, t2, sizeof(t2));
	EXPECT_STREQ("freed 1 blocks 8 pages", t2);
	EXPECT_EQ(0, held_blocks());
	close(fd1);
	close(fd2);
}

/* MemFree in kB from /proc/meminfo. */
static long mem_free_kb(void)
{
	char *s, *p;
	long kb = -1;

	if (ms_read_file("/proc/meminfo", &s) < 0)
		return -1;
	p = strstr(s, "MemFree:");
	if (p)
		kb = atol(p + 8);
	free(s);
	return kb;
}

TEST(unload_frees_everything)
{
	long cap = cap_pages(), before, held, after, kb;
	char c[64];
	int fd;

	if (access("/memscope/memscope.ko", R_OK))
		SKIP(return, "no /memscope/memscope.ko to reload");
	ASSERT_LE(2048, cap);
	fd = open(EXPERIMENT, O_RDWR);
	ASSERT_LE(0, fd);
	before = mem_free_kb();
	/* all but one 4 MiB block's worth: the budget counts bookkeeping too */
	kb = (cap / 1024 - 1) * 4096;
	snprintf(c, sizeof(c), "alloc 10 %ld", cap / 1024 - 1);
	ASSERT_EQ(0, cmd(fd, c));
	close(fd);
	held = mem_free_kb();
	ASSERT_EQ(0, system("rmmod memscope"));
	after = mem_free_kb();
	ASSERT_EQ(0, system("insmod /memscope/memscope.ko"));
	/* blocks of 4 MiB each, give or take per-CPU drift */
	EXPECT_LT(before - held, kb + 4096) TH_LOG("before %ld held %ld", before, held);
	EXPECT_GT(before - held, kb - 4096) TH_LOG("before %ld held %ld", before, held);
	EXPECT_GT(after - held, kb - 4096) TH_LOG("held %ld after %ld", held, after);
}

TEST(mode_0600)
{
	struct stat st;

	ASSERT_EQ(0, stat(EXPERIMENT, &st));
	EXPECT_EQ(0600U, st.st_mode & 07777);
}

TEST_HARNESS_MAIN
