// SPDX-License-Identifier: GPL-2.0
/*
 * The one input rule of every control file (module/parse.h, ABI file):
 * words separated by single spaces, at most one trailing newline,
 * nothing else; numbers decimal without sign or leading zeros, or 0x
 * hex. One table per file of accepted and refused inputs, each written
 * in a single write() with its exact length (NULs included), each
 * checked for its result and, for refusals, for changing nothing.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "msutil.h"

struct input {
	const char *in;
	size_t len;		/* 0: strlen(in) */
	int err;		/* 0 accepted, else -errno */
};

#define LEN(s)	(sizeof(s) - 1)
/* An input written with strlen(); its expected result set apart. */
#define W(s)	{ .in = (s) }

static int write_fd(int fd, const struct input *c)
{
	size_t len = c->len ? c->len : strlen(c->in);

	return write(fd, c->in, len) < 0 ? -errno : 0;
}

static int write_path(const char *path, const struct input *c)
{
	int fd = open(path, O_WRONLY), ret;

	if (fd < 0)
		return -errno;
	ret = write_fd(fd, c);
	close(fd);
	return ret;
}

static int tracked(pid_t pid)
{
	char path[96];

	snprintf(path, sizeof(path), MS_DEBUGFS "/pids/%d", pid);
	return access(path, F_OK) == 0;
}

TEST(track_and_untrack)
{
	char n[32], hex[32], lead[32], plus[32], sp[32], tab[32], nul[48];
	char two[48], nl2[32];
	pid_t pid = fork();
	unsigned int i;

	ASSERT_LE(0, pid);
	if (pid == 0) {
		pause();
		_exit(0);
	}
	snprintf(n, sizeof(n), "%d", pid);
	snprintf(hex, sizeof(hex), "0x%x", pid);
	snprintf(lead, sizeof(lead), "0%d", pid);
	snprintf(plus, sizeof(plus), "+%d", pid);
	snprintf(sp, sizeof(sp), " %d", pid);
	snprintf(tab, sizeof(tab), "%d\t", pid);
	snprintf(two, sizeof(two), "%d %d", pid, pid);
	snprintf(nl2, sizeof(nl2), "%d\n\n", pid);
	snprintf(nul, sizeof(nul), "%d", pid);
	memcpy(nul + strlen(n), "\0junk", 5);
	{
		struct input refused[] = {
			W(lead), W(plus), W(sp), W(tab), W(two), W(nl2),
			{ .in = nul, .len = strlen(n) + 5 }, W(""), W("\n"),
			W("0"), W("0x"), W("abc"), W("-1"),
			W("12345678901234567890123"),	/* 2^64 < it */
		};
		int want[] = {
			-EINVAL, -EINVAL, -EINVAL, -EINVAL, -EINVAL, -EINVAL,
			-EINVAL, -EINVAL, -EINVAL, -EINVAL, -EINVAL, -EINVAL,
			-EINVAL, -ERANGE,
		};
		char big[200];

		for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
			refused[i].err = want[i];
			EXPECT_EQ(refused[i].err,
				  write_path(MS_DEBUGFS "/track", &refused[i]))
				TH_LOG("track refused case %u", i);
			EXPECT_FALSE(tracked(pid)) TH_LOG("case %u", i);
		}
		/* Too long for any valid input: EINVAL, not ERANGE. */
		memset(big, '1', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		EXPECT_EQ(-EINVAL, write_path(MS_DEBUGFS "/track",
					      &(struct input){ .in = big }));
		/* Above PID_MAX_LIMIT (4194304): ERANGE. */
		EXPECT_EQ(-ERANGE, write_path(MS_DEBUGFS "/track",
					      &(struct input){ .in = "4194305" }));
	}
	{
		const char *accepted[] = { n, hex };
		char withnl[40];

		snprintf(withnl, sizeof(withnl), "%d\n", pid);
		for (i = 0; i < 2; i++) {
			EXPECT_EQ(0, write_path(MS_DEBUGFS "/track",
						&(struct input){ .in = accepted[i] }))
				TH_LOG("track accepted case %u", i);
			EXPECT_TRUE(tracked(pid));
			EXPECT_EQ(-EINVAL, write_path(MS_DEBUGFS "/untrack",
						      &(struct input){ .in = sp }));
			EXPECT_TRUE(tracked(pid));
			EXPECT_EQ(0, write_path(MS_DEBUGFS "/untrack",
						&(struct input){ .in = withnl }));
			EXPECT_FALSE(tracked(pid));
		}
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

TEST(translate)
{
	static const struct input cases[] = {
		{ "0x1000", 0, -ENXIO }, { "0X1000", 0, -ENXIO },
		{ "4096", 0, -ENXIO }, { "4096\n", 0, -ENXIO },
		{ "0", 0, -ENXIO },
		{ "010", 0, -EINVAL },		/* no octal */
		{ "0x", 0, -EINVAL }, { " 0x1000", 0, -EINVAL },
		{ "0x1000 ", 0, -EINVAL }, { "0x1000\n\n", 0, -EINVAL },
		{ "0x1000 0x2000", 0, -EINVAL }, { "\t4096", 0, -EINVAL },
		{ "+4096", 0, -EINVAL }, { "0x1000\0junk", LEN("0x1000\0junk"), -EINVAL },
		{ "0x10000000000000000", 0, -ERANGE },	/* above 64 bits */
	};
	char out[256];
	unsigned int i;
	ssize_t n;
	int fd;

	/* Accepted inputs ask about page 1, which no VMA holds: ENXIO. */
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int w;

		fd = open(MS_DEBUGFS "/self/translate", O_RDWR);
		ASSERT_LE(0, fd);
		w = write_fd(fd, &cases[i]);
		if (cases[i].err == -ENXIO) {
			EXPECT_EQ(0, w) TH_LOG("translate case %u", i);
			n = pread(fd, out, sizeof(out), 0);
			EXPECT_EQ(-1, n);
			EXPECT_EQ(ENXIO, errno) TH_LOG("translate case %u", i);
		} else {
			EXPECT_EQ(cases[i].err, w) TH_LOG("translate case %u", i);
			/* Nothing was asked: a read says so. */
			n = pread(fd, out, sizeof(out), 0);
			EXPECT_EQ(-1, n);
			EXPECT_EQ(EINVAL, errno) TH_LOG("translate case %u", i);
		}
		close(fd);
	}
}

/* Commands of experiment that change nothing when refused. */
TEST(experiment)
{
	static const struct input cases[] = {
		{ "free all", 0, 0 }, { "free all\n", 0, 0 },
		{ "free  all", 0, -EINVAL }, { " free all", 0, -EINVAL },
		{ "free all ", 0, -EINVAL }, { "free\tall", 0, -EINVAL },
		{ "free all\0junk", LEN("free all\0junk"), -EINVAL },
		{ "free all\n\n", 0, -EINVAL },
		{ "alloc 00 1", 0, -EINVAL }, { "alloc 0 +1", 0, -EINVAL },
		{ "alloc 0 01", 0, -EINVAL }, { "free 010", 0, -EINVAL },
		{ "alloc 0 99999999999999999999", 0, -ERANGE },
		{ "slab  free", 0, -EINVAL },
	};
	char out[4096];
	unsigned int i;
	ssize_t n;
	int fd = open(MS_DEBUGFS "/experiment", O_RDWR);

	if (fd < 0)
		SKIP(return, "experiment: %s", strerror(errno));
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		EXPECT_EQ(cases[i].err, write_fd(fd, &cases[i]))
			TH_LOG("experiment case %u", i);
	/* Accepted in hex too, and then held: one order-0 block. */
	EXPECT_EQ(0, write_fd(fd, &(struct input){ .in = "alloc 0x0 0x1" }));
	close(fd);
	fd = open(MS_DEBUGFS "/experiment", O_RDONLY);
	ASSERT_LE(0, fd);
	n = read(fd, out, sizeof(out) - 1);
	close(fd);
	ASSERT_LT(0, n);
	fd = open(MS_DEBUGFS "/experiment", O_RDWR);
	ASSERT_LE(0, fd);
	EXPECT_EQ(0, write_fd(fd, &(struct input){ .in = "free all" }));
	close(fd);
}

TEST(slab_experiment)
{
	static const struct input cases[] = {
		{ "slab free", 0, 0 }, { "slab free\n", 0, 0 },
		{ "slab  free", 0, -EINVAL }, { "slab free ", 0, -EINVAL },
		{ "slab free\0", LEN("slab free\0"), -EINVAL },
		{ "slab 64 010 16", 0, -EINVAL },	/* no octal */
		{ "slab 64 8 016", 0, -EINVAL },
		{ "slab\t64 8 16", 0, -EINVAL },
		{ "slab 64 8 16 - x", 0, -EINVAL },
		{ "slab 99999999999 8 16", 0, -ERANGE },
	};
	char out[512];
	unsigned int i;
	ssize_t n;
	int fd = open(MS_DEBUGFS "/slab_experiment", O_RDWR);

	if (fd < 0)
		SKIP(return, "slab_experiment: %s", strerror(errno));
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		EXPECT_EQ(cases[i].err, write_fd(fd, &cases[i]))
			TH_LOG("slab_experiment case %u", i);
		n = pread(fd, out, sizeof(out) - 1, 0);
		ASSERT_LT(0, n);
		out[n] = '\0';
		EXPECT_EQ(0, strcmp(out, "none\n"))
			TH_LOG("case %u left: %s", i, out);
	}
	EXPECT_EQ(0, write_fd(fd, &(struct input){ .in = "slab 0x40 0x8 0x10" }));
	n = pread(fd, out, sizeof(out) - 1, 0);
	ASSERT_LT(0, n);
	out[n] = '\0';
	EXPECT_NE(NULL, strstr(out, "size 64 align 8 count 16")) TH_LOG("%s", out);
	EXPECT_EQ(0, write_fd(fd, &(struct input){ .in = "slab free" }));
	close(fd);
}

TEST_HARNESS_MAIN
