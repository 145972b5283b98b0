// SPDX-License-Identifier: GPL-2.0
/*
 * buddy_predict: a freeblocks snapshot and, right after it, a run of real
 * allocations through memscope's experiment file, for memsim to predict.
 *
 *   buddy_predict SNAPSHOT ANSWERS "alloc ORDER COUNT TYPE" | "free #K" ...
 *
 * Everything this program needs is allocated and touched before the
 * snapshot, so between the snapshot and the allocations it makes no
 * system call but reads of freeblocks and the experiment commands. The
 * snapshot is read until two consecutive reads agree (comment lines
 * aside: they carry timings) and hold no "# cut" line; then each command
 * is written to one open experiment fd and its answer read back on it;
 * "free #K" frees the K-th block allocated so far (from 1) by its pfn.
 * At the end "free all" returns the blocks. SNAPSHOT gets the freeblocks
 * text, ANSWERS one line per block "<command index> <node> <zone>
 * <type> <order> <pfn>", or "<command index> free <pfn>". Exit 0 on success, 1 on error (message on
 * stderr), 2 when no stable snapshot was seen in 20 tries.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define MS "/sys/kernel/debug/memscope/"
#define SNAP_MAX (16u << 20)
#define ANS_MAX (1u << 20)
#define TRIES 20

#define MAXBLOCKS 4096
static char *snap[2], *ans;
static unsigned long pfns[MAXBLOCKS], nblocks;

static long read_all(int fd, char *buf, size_t cap)
{
	size_t len = 0;
	ssize_t r;

	if (lseek(fd, 0, SEEK_SET) < 0)
		return -1;
	while ((r = read(fd, buf + len, cap - 1 - len)) > 0) {
		len += (size_t)r;
		if (len >= cap - 1)
			return -1;
	}
	if (r < 0)
		return -1;
	buf[len] = '\0';
	return (long)len;
}

/* the snapshot's data lines equal, and no list was cut */
static int same_blocks(const char *a, const char *b)
{
	for (;;) {
		while (*a == '#')
			a = strchr(a, '\n') ? strchr(a, '\n') + 1 : a + strlen(a);
		while (*b == '#')
			b = strchr(b, '\n') ? strchr(b, '\n') + 1 : b + strlen(b);
		if (!*a || !*b)
			return !*a && !*b;
		while (*a && *a == *b && *a != '\n') {
			a++;
			b++;
		}
		if (*a != *b)
			return 0;
		if (*a == '\n') {
			a++;
			b++;
		}
	}
}

static int write_file(const char *path, const char *buf, size_t len)
{
	FILE *f = fopen(path, "w");

	if (!f || fwrite(buf, 1, len, f) != len || fclose(f)) {
		perror(path);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	long slen = -1, alen = 0;
	int fb, ex, i, t, cur = 0;

	if (argc < 4) {
		fprintf(stderr, "usage: buddy_predict SNAPSHOT ANSWERS CMD...\n");
		return 1;
	}
	snap[0] = malloc(SNAP_MAX);
	snap[1] = malloc(SNAP_MAX);
	ans = malloc(ANS_MAX);
	if (!snap[0] || !snap[1] || !ans)
		return 1;
	/* touch now: no page faults between snapshot and allocations */
	memset(snap[0], 0, SNAP_MAX);
	memset(snap[1], 0, SNAP_MAX);
	memset(ans, 0, ANS_MAX);
	mlockall(MCL_CURRENT);
	fb = open(MS "freeblocks", O_RDONLY);
	ex = open(MS "experiment", O_RDWR);
	if (fb < 0 || ex < 0) {
		perror("buddy_predict: open");
		return 1;
	}
	if (read_all(fb, snap[0], SNAP_MAX) < 0) {
		perror("buddy_predict: freeblocks");
		return 1;
	}
	for (t = 0; t < TRIES; t++) {
		cur ^= 1;
		slen = read_all(fb, snap[cur], SNAP_MAX);
		if (slen < 0) {
			perror("buddy_predict: freeblocks");
			return 1;
		}
		if (!strstr(snap[cur], "# cut") &&
		    same_blocks(snap[0], snap[1]))
			break;
	}
	if (t == TRIES) {
		fprintf(stderr, "buddy_predict: no stable snapshot in %d tries\n", TRIES);
		return 2;
	}
	for (i = 3; i < argc; i++) {
		const char *cmd = argv[i];
		char fcmd[64];
		long n;
		char *p, *nl;

		if (!strncmp(cmd, "free #", 6)) {
			unsigned long k = strtoul(cmd + 6, NULL, 10);

			if (!k || k > nblocks) {
				fprintf(stderr, "buddy_predict: '%s': no such block\n", cmd);
				return 1;
			}
			snprintf(fcmd, sizeof(fcmd), "free %lu", pfns[k - 1]);
			cmd = fcmd;
		}
		if (write(ex, cmd, strlen(cmd)) < 0) {
			fprintf(stderr, "buddy_predict: '%s': %s\n", cmd, strerror(errno));
			return 1;
		}
		if (cmd == fcmd) {
			alen += snprintf(ans + alen, ANS_MAX / 2 - (size_t)alen,
					 "%d free %s\n", i - 3, cmd + 5);
			continue;
		}
		/* the answer into the scratch half, then numbered lines */
		p = ans + ANS_MAX / 2;
		n = read_all(ex, p, ANS_MAX / 2);
		if (n < 0) {
			perror("buddy_predict: experiment answer");
			return 1;
		}
		for (; *p; p = nl + 1) {
			nl = strchr(p, '\n');
			if (!nl)
				break;
			alen += snprintf(ans + alen, ANS_MAX / 2 - (size_t)alen, "%d %.*s\n",
					 i - 3, (int)(nl - p), p);
			/* the pfn is the last field */
			if (nblocks < MAXBLOCKS) {
				char *sp = nl;

				while (sp > p && sp[-1] != ' ')
					sp--;
				pfns[nblocks++] = strtoul(sp, NULL, 10);
			}
		}
	}
	if (write(ex, "free all", 8) < 0)
		perror("buddy_predict: free all");
	close(ex);
	close(fb);
	if (write_file(argv[1], snap[cur], (size_t)slen) ||
	    write_file(argv[2], ans, (size_t)alen))
		return 1;
	fprintf(stderr, "buddy_predict: snapshot after %d reads\n", t + 2);
	return 0;
}
