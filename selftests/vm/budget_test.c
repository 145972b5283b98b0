// SPDX-License-Identifier: GPL-2.0
/*
 * One budget for experiment and slab_experiment (module/budget.h),
 * counted as the memory really taken. The oracle of a probe cache's real
 * geometry is the kernel's own /sys/kernel/slab/memscope_slab (order,
 * objs_per_slab, slabs), read with debug flags on: a request that fits
 * by its nominal size (COUNT x SIZE) but not by whole slabs is E2BIG and
 * changes nothing; the largest one that fits is accepted; both files
 * share one limit; a kill ends a long command and leaves nothing behind.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "msutil.h"

#define EXPERIMENT	MS_DEBUGFS "/experiment"
#define SLABEXP		MS_DEBUGFS "/slab_experiment"
#define BUDGET		MS_DEBUGFS "/budget"
#define SYSSLAB		"/sys/kernel/slab/memscope_slab"
#define PAGE		4096UL

struct budget {
	unsigned long limit_kb, held_kb, exp_kb, slab_kb;
};

static int read_budget(struct budget *b)
{
	char *s;
	int n;

	if (ms_read_file(BUDGET, &s) < 0)
		return -1;
	n = sscanf(s, "limit_kb %lu held_kb %lu experiment_kb %lu slab_experiment_kb %lu",
		   &b->limit_kb, &b->held_kb, &b->exp_kb, &b->slab_kb);
	free(s);
	return n == 4 ? 0 : -1;
}

static long sys_slab(const char *attr)
{
	char path[128], *s;
	long v;

	snprintf(path, sizeof(path), SYSSLAB "/%s", attr);
	if (ms_read_file(path, &s) < 0)
		return -1;
	v = atol(s);
	free(s);
	return v;
}

static int probe_none(void)
{
	char *s;
	int none;

	if (ms_read_file(SLABEXP, &s) < 0)
		return 0;
	none = !strcmp(s, "none\n");
	free(s);
	return none && access(SYSSLAB, F_OK) != 0;
}

/* What kmalloc/kvmalloc of SIZE bytes takes (module/budget.c's rule). */
static unsigned long alloc_bytes(unsigned long size)
{
	static const unsigned long buckets[] = {
		8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192,
	};
	unsigned long p = PAGE;
	unsigned int i;

	for (i = 0; i < sizeof(buckets) / sizeof(buckets[0]); i++)
		if (size <= buckets[i])
			return buckets[i];
	while (p < size)
		p <<= 1;
	return p;
}

struct geometry {
	unsigned long slab_bytes, objs;
};

/* The real geometry of "slab SIZE 0 1 FLAGS", from sysfs. */
static int geometry(const char *size_flags, struct geometry *g)
{
	char c[96];
	long order, objs;

	snprintf(c, sizeof(c), "slab %s", size_flags);
	if (ms_write_file(SLABEXP, c))
		return -1;
	order = sys_slab("order");
	objs = sys_slab("objs_per_slab");
	ms_write_file(SLABEXP, "slab free");
	if (order < 0 || objs <= 0)
		return -1;
	g->slab_bytes = PAGE << order;
	g->objs = objs;
	return 0;
}

static unsigned long real_bytes(const struct geometry *g, unsigned long n)
{
	return (n + g->objs - 1) / g->objs * g->slab_bytes + alloc_bytes(n * 8);
}

FIXTURE(budget) {
	struct budget b;
	unsigned long limit;
};

FIXTURE_SETUP(budget)
{
	if (access("/sys/kernel/slab/kmalloc-64", F_OK))
		SKIP(return, "no /sys/kernel/slab (CONFIG_SLUB_SYSFS off): no oracle");
	ASSERT_EQ(0, read_budget(&self->b));
	ASSERT_EQ(0UL, self->b.held_kb) TH_LOG("something is held already");
	self->limit = self->b.limit_kb * 1024;
}

FIXTURE_TEARDOWN(budget)
{
	ms_write_file(SLABEXP, "slab free");
	ms_write_file(EXPERIMENT, "free all");
}

/* 4 KiB objects with red zones: nominally they fit, as whole slabs not. */
TEST_F(budget, slab_counts_whole_slabs_at_real_geometry)
{
	struct geometry g;
	struct budget b;
	unsigned long nominal, fit, n;
	char c[96];

	ASSERT_EQ(0, geometry("4096 0 1 redzone", &g));
	TH_LOG("4096 redzone: %lu objects per %lu-byte slab", g.objs, g.slab_bytes);
	/* the most objects whose nominal size fits, and the most that really fit */
	nominal = self->limit / 4096 - 1;
	for (fit = nominal; fit && real_bytes(&g, fit) > self->limit; fit--)
		;
	ASSERT_LT(0UL, fit);
	ASSERT_LT(fit, nominal) TH_LOG("red zones cost nothing here?");

	snprintf(c, sizeof(c), "slab 4096 0 %lu redzone", nominal);
	EXPECT_EQ(-E2BIG, ms_write_file(SLABEXP, c));
	EXPECT_TRUE(probe_none());
	ASSERT_EQ(0, read_budget(&b));
	EXPECT_EQ(0UL, b.held_kb);

	/* the next slab's worth more than fits is refused too */
	n = (fit / g.objs + 1) * g.objs + 1;
	if (real_bytes(&g, n) > self->limit) {
		snprintf(c, sizeof(c), "slab 4096 0 %lu redzone", n);
		EXPECT_EQ(-E2BIG, ms_write_file(SLABEXP, c));
		EXPECT_TRUE(probe_none());
	}

	snprintf(c, sizeof(c), "slab 4096 0 %lu redzone", fit);
	ASSERT_EQ(0, ms_write_file(SLABEXP, c));
	ASSERT_EQ(0, read_budget(&b));
	EXPECT_EQ((real_bytes(&g, fit) + 1023) / 1024, b.slab_kb);
	EXPECT_EQ(b.slab_kb, b.held_kb);
	EXPECT_LE(b.held_kb, b.limit_kb);
	/* the kernel's own count of slabs is within what was charged */
	EXPECT_LE((unsigned long)sys_slab("slabs") * g.slab_bytes,
		  b.slab_kb * 1024) TH_LOG("slabs %ld", sys_slab("slabs"));
	EXPECT_EQ(0, ms_write_file(SLABEXP, "slab free"));
	ASSERT_EQ(0, read_budget(&b));
	EXPECT_EQ(0UL, b.held_kb);
}

TEST_F(budget, experiment_and_slab_share_one_limit)
{
	unsigned long half = self->limit / PAGE / 2, n;
	struct geometry g;
	struct budget b;
	char c[96];

	ASSERT_EQ(0, geometry("1024 0 1", &g));
	snprintf(c, sizeof(c), "alloc 0 %lu", half);
	ASSERT_EQ(0, ms_write_file(EXPERIMENT, c));
	ASSERT_EQ(0, read_budget(&b));
	EXPECT_LE(half * 4, b.exp_kb);
	EXPECT_GE(half * 4 + half * 64 / 1024, b.exp_kb);

	/* a probe cache that alone would fit, but not next to the blocks */
	for (n = 1; real_bytes(&g, n) <= self->limit - b.exp_kb * 1024; n *= 2)
		;
	ASSERT_GT(self->limit, real_bytes(&g, n)) TH_LOG("n %lu", n);
	snprintf(c, sizeof(c), "slab 1024 0 %lu", n);
	EXPECT_EQ(-E2BIG, ms_write_file(SLABEXP, c));
	EXPECT_TRUE(probe_none());
	/* the same through experiment's "slab" lines */
	EXPECT_EQ(-E2BIG, ms_write_file(EXPERIMENT, c));
	EXPECT_TRUE(probe_none());

	snprintf(c, sizeof(c), "slab 1024 0 %lu", n / 4);
	ASSERT_EQ(0, ms_write_file(SLABEXP, c));
	ASSERT_EQ(0, read_budget(&b));
	EXPECT_LE(b.held_kb, b.limit_kb);
	/* now the blocks' second half does not fit either */
	snprintf(c, sizeof(c), "alloc 0 %lu", half);
	EXPECT_EQ(-E2BIG, ms_write_file(EXPERIMENT, c));
	EXPECT_EQ(0, ms_write_file(EXPERIMENT, "free all"));
	EXPECT_EQ(0, ms_write_file(SLABEXP, "slab free"));
	ASSERT_EQ(0, read_budget(&b));
	EXPECT_EQ(0UL, b.held_kb);
}

/*
 * A command of many small objects takes seconds; SIGKILL during it must
 * end it with nothing held. Without the fatal-signal check the write
 * would finish, and the cache would outlive its writer.
 */
TEST_F(budget, kill_ends_a_long_command)
{
	struct timespec ts = { 0, 1000000 };
	unsigned long n = 0;
	struct geometry g;
	struct budget b;
	int pfd[2], status, i;
	char c[96], done = 0;
	pid_t pid;

	ASSERT_EQ(0, geometry("8 8 1", &g));
	/* as many objects as fit: the longest command the budget allows */
	for (n = 1 << 20; n > 1 && real_bytes(&g, n) > self->limit; n -= n / 16)
		;
	snprintf(c, sizeof(c), "slab 8 8 %lu", n);
	ASSERT_EQ(0, pipe(pfd));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		close(pfd[0]);
		if (ms_write_file(SLABEXP, c) == 0)
			(void)!write(pfd[1], "d", 1);
		pause();
		_exit(0);
	}
	close(pfd[1]);
	/* the cache appears as soon as the command starts allocating */
	for (i = 0; i < 20000 && access(SYSSLAB, F_OK); i++)
		nanosleep(&ts, NULL);
	ASSERT_EQ(0, access(SYSSLAB, F_OK)) TH_LOG("the command never started");
	kill(pid, SIGKILL);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	fcntl(pfd[0], F_SETFL, O_NONBLOCK);
	if (read(pfd[0], &done, 1) == 1) {
		ms_write_file(SLABEXP, "slab free");
		SKIP(return, "%lu objects were allocated before the kill landed", n);
	}
	close(pfd[0]);
	EXPECT_TRUE(WIFSIGNALED(status));
	EXPECT_TRUE(probe_none()) TH_LOG("the killed command left its cache");
	ASSERT_EQ(0, read_budget(&b));
	EXPECT_EQ(0UL, b.held_kb);
}

TEST_HARNESS_MAIN
