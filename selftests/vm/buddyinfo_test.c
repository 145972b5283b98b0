// SPDX-License-Identifier: GPL-2.0
/*
 * memscope buddyinfo against its oracle, /proc/buddyinfo.
 *
 * Both files sample nr_free without zone->lock, so on a live system two
 * reads can differ by whatever was allocated in between. The guest is
 * quiet; an exact match within a few tries is required, and every line
 * must parse on every try.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kselftest_harness.h"
#include "msutil.h"

#define BUDDYINFO MS_DEBUGFS "/buddyinfo"
#define TRIES 5

/* Orders the kernel has: 11 on x86_64 for both 6.1 and 6.12. */
#define NR_ORDERS 11

/*
 * Parse one line "Node N, zone NAME c0 c1 ... c10 " strictly: the exact
 * kernel layout ("%8s" zone, "%6lu " counters, the trailing space),
 * NR_ORDERS counters, nothing else.
 */
static int parse_line(const char *l, int *node, char *zone,
		      unsigned long *counts)
{
	struct ms_zone_counts z;

	if (ms_buddyinfo_parse(l, &z) || z.nr != NR_ORDERS ||
	    !ms_buddyinfo_is_exact(l, &z))
		return -1;
	memcpy(counts, z.v, NR_ORDERS * sizeof(*counts));
	*node = z.node;
	strcpy(zone, z.zone);
	return 0;
}

TEST(matches_proc_buddyinfo)
{
	int try;
	bool same = false;

	for (try = 0; try < TRIES && !same; try++) {
		char *ours, *theirs;

		ASSERT_LT(0, ms_read_file(BUDDYINFO, &ours));
		ASSERT_LT(0, ms_read_file("/proc/buddyinfo", &theirs));
		same = strcmp(ours, theirs) == 0;
		if (!same && try == TRIES - 1)
			TH_LOG("memscope:\n%s/proc/buddyinfo:\n%s", ours, theirs);
		free(ours);
		free(theirs);
	}
	EXPECT_TRUE(same);
}

TEST(every_line_parses)
{
	char *buf, *proc, **lines, **plines;
	int n, pn, i;

	ASSERT_LT(0, ms_read_file(BUDDYINFO, &buf));
	ASSERT_LT(0, ms_read_file("/proc/buddyinfo", &proc));
	n = ms_split_lines(buf, &lines);
	pn = ms_split_lines(proc, &plines);
	ASSERT_LT(0, n);
	/* Same zones, same order as the kernel's file. */
	ASSERT_EQ(pn, n);
	for (i = 0; i < n; i++) {
		unsigned long c[NR_ORDERS], pc[NR_ORDERS];
		char zone[16], pzone[16];
		int node, pnode;

		ASSERT_EQ(0, parse_line(lines[i], &node, zone, c))
			TH_LOG("unparsable line: '%s'", lines[i]);
		ASSERT_EQ(0, parse_line(plines[i], &pnode, pzone, pc));
		EXPECT_EQ(pnode, node);
		EXPECT_STREQ(pzone, zone);
	}
	free(lines);
	free(plines);
	free(buf);
	free(proc);
}

TEST(root_only_read_only)
{
	struct stat st;

	ASSERT_EQ(0, stat(BUDDYINFO, &st));
	EXPECT_EQ(0400U, st.st_mode & 07777);
	EXPECT_EQ(0U, st.st_uid);
}

TEST_HARNESS_MAIN
