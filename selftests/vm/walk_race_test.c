// SPDX-License-Identifier: GPL-2.0
/*
 * The walker against a hostile target: an unprivileged process maps,
 * populates and unmaps a region in a loop (munmap frees its PTE, PMD and
 * PUD tables after downgrading mmap_lock to read) while root reads its
 * pages, pagetable, vmas, maps and translate files from several threads.
 *
 * A walker that follows a freed table reads poison or reused memory:
 * with page_poison=1 (the debug pass) a freed table reads as 0xaa...,
 * which decodes as a swap entry; on a KASAN kernel it is a use-after-free
 * report (caught by the run's splat check). The oracle for each line of
 * `pages` is the target's layout: the churned region, or one of the
 * VMAs it had before the race (from /proc/PID/maps), and nothing there
 * but present pages or migration entries (the target never swaps).
 *
 * MEMSCOPE_RACE_SECONDS sets the race's length (default 15).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "msutil.h"

/* Its own PGD entry (512 GiB on 4 levels): munmap frees every level. */
#define RACE_BASE	0x200000000000UL
#define RACE_LEN	(4UL << 20)
#define MAX_VMAS	256

struct range {
	unsigned long start, end;
};

struct race {
	pid_t pid;
	char dir[96];
	struct range vmas[MAX_VMAS];
	int nvmas;
	unsigned long max_pfn;
	time_t deadline;
	/* results, under lock */
	pthread_mutex_t lock;
	unsigned long reads[5], bad_errors, outside, impossible, bad_translate;
	unsigned long churn_lines;
	char first_bad[256];
};

enum { R_PAGES, R_PAGETABLE, R_VMAS, R_MAPS, R_TRANSLATE };

static void note_bad(struct race *r, unsigned long *counter, const char *what,
		     const char *line)
{
	pthread_mutex_lock(&r->lock);
	(*counter)++;
	if (!r->first_bad[0])
		snprintf(r->first_bad, sizeof(r->first_bad), "%s: %.200s",
			 what, line);
	pthread_mutex_unlock(&r->lock);
}

/* The target: never returns. Unprivileged, as an attacker would be. */
static void churn(int ready_fd)
{
	char c = 1;
	size_t i;

	if (setgid(65534) || setuid(65534))
		_exit(2);
	if (write(ready_fd, &c, 1) != 1)
		_exit(2);
	close(ready_fd);
	for (;;) {
		char *p = mmap((void *)RACE_BASE, RACE_LEN,
			       PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
			       -1, 0);

		if (p == MAP_FAILED)
			_exit(3);
		for (i = 0; i < RACE_LEN; i += 4096)
			p[i] = (char)i;
		/* Half of the time, split it in two VMAs first. */
		if (rand() & 1)
			mprotect(p + RACE_LEN / 2 + 4096, 4096, PROT_READ);
		munmap(p, RACE_LEN);
	}
}

static int in_layout(struct race *r, unsigned long a)
{
	int i;

	if (a >= RACE_BASE && a < RACE_BASE + RACE_LEN)
		return 2;
	for (i = 0; i < r->nvmas; i++)
		if (a >= r->vmas[i].start && a < r->vmas[i].end)
			return 1;
	return 0;
}

/*
 * Each line of `pages`: inside the layout; in the churned region only
 * what the target can have there, an anonymous page (or THP) below the
 * highest RAM frame, or a migration entry. Poison (0xaa...) reads as a
 * swap entry; the target never swaps.
 */
static void check_pages(struct race *r, char *buf)
{
	char *line, *save = NULL;
	char kind[24], level[8], flags[24];
	unsigned long a, pfn;

	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		int where;

		if (sscanf(line, "%lx %23s", &a, kind) != 2) {
			note_bad(r, &r->impossible, "unparsable", line);
			continue;
		}
		where = in_layout(r, a);
		if (!where) {
			note_bad(r, &r->outside, "outside the layout", line);
			continue;
		}
		if (where != 2)
			continue;
		pthread_mutex_lock(&r->lock);
		r->churn_lines++;
		pthread_mutex_unlock(&r->lock);
		if (!strcmp(kind, "migration"))
			continue;
		if (sscanf(line, "%lx %lx %7s %23s", &a, &pfn, level,
			   flags) == 4 && pfn <= r->max_pfn &&
		    (!strcmp(level, "pte") || !strcmp(level, "pmd")) &&
		    strchr(flags, 'A'))
			continue;
		note_bad(r, &r->impossible, "impossible in the churned region",
			 line);
	}
}

/* The highest RAM frame, from /proc/iomem (root sees real addresses). */
static unsigned long ram_max_pfn(void)
{
	unsigned long s, e, max = 0;
	char *buf, *line, *save = NULL;

	if (ms_read_file("/proc/iomem", &buf) <= 0)
		return 0;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		if (strstr(line, "System RAM") &&
		    sscanf(line, " %lx-%lx", &s, &e) == 2 && e / 4096 > max)
			max = e / 4096;
	free(buf);
	return max;
}

/* translate of the churned region: ENXIO (unmapped now) or an answer. */
static void check_translate(struct race *r, int fd)
{
	char ask[32], out[4096];
	ssize_t n;

	snprintf(ask, sizeof(ask), "0x%lx", RACE_BASE + 5 * 4096 + 12);
	if (write(fd, ask, strlen(ask)) < 0) {
		note_bad(r, &r->bad_errors, "translate write", strerror(errno));
		return;
	}
	n = pread(fd, out, sizeof(out) - 1, 0);
	if (n < 0) {
		if (errno != ENXIO)
			note_bad(r, &r->bad_errors, "translate read",
				 strerror(errno));
		return;
	}
	out[n] = '\0';
	if (!strstr(out, "\nentry present ") && !strstr(out, "\nentry none") &&
	    !strstr(out, "\nentry migration"))
		note_bad(r, &r->bad_translate, "translate", out);
}

struct reader {
	struct race *r;
	int which;
};

static void *reader(void *arg)
{
	struct reader *rd = arg;
	struct race *r = rd->r;
	static const char *const names[] = {
		"pages", "pagetable", "vmas", "maps", "translate",
	};
	char path[160];
	int tfd = -1;

	if (rd->which == R_TRANSLATE) {
		snprintf(path, sizeof(path), "%s/translate", r->dir);
		tfd = open(path, O_RDWR);
		if (tfd < 0) {
			note_bad(r, &r->bad_errors, "open translate",
				 strerror(errno));
			return NULL;
		}
	}
	while (time(NULL) < r->deadline) {
		char *buf;
		ssize_t n;

		if (rd->which == R_TRANSLATE) {
			check_translate(r, tfd);
		} else {
			snprintf(path, sizeof(path), "%s/%s", r->dir,
				 names[rd->which]);
			n = ms_read_file(path, &buf);
			if (n < 0) {
				note_bad(r, &r->bad_errors, names[rd->which],
					 strerror((int)-n));
				continue;
			}
			if (rd->which == R_PAGES)
				check_pages(r, buf);
			free(buf);
		}
		pthread_mutex_lock(&r->lock);
		r->reads[rd->which]++;
		pthread_mutex_unlock(&r->lock);
	}
	if (tfd >= 0)
		close(tfd);
	return NULL;
}

static int read_layout(struct race *r)
{
	char path[64], *buf, *line, *save = NULL;

	snprintf(path, sizeof(path), "/proc/%d/maps", r->pid);
	if (ms_read_file(path, &buf) <= 0)
		return -1;
	for (line = strtok_r(buf, "\n", &save); line && r->nvmas < MAX_VMAS;
	     line = strtok_r(NULL, "\n", &save)) {
		struct range *v = &r->vmas[r->nvmas];

		if (sscanf(line, "%lx-%lx", &v->start, &v->end) == 2)
			r->nvmas++;
	}
	free(buf);
	return 0;
}

FIXTURE(race) {
	struct race r;
};

FIXTURE_SETUP(race)
{
	int ready[2];
	char c, buf[32];

	memset(&self->r, 0, sizeof(self->r));
	pthread_mutex_init(&self->r.lock, NULL);
	ASSERT_EQ(0, pipe(ready));
	self->r.pid = fork();
	ASSERT_LE(0, self->r.pid);
	if (self->r.pid == 0) {
		close(ready[0]);
		churn(ready[1]);
	}
	close(ready[1]);
	ASSERT_EQ(1, read(ready[0], &c, 1));
	close(ready[0]);
	self->r.max_pfn = ram_max_pfn();
	ASSERT_LT(0UL, self->r.max_pfn);
	/* Its layout before the race: static binary, nothing else maps. */
	ASSERT_EQ(0, read_layout(&self->r));
	snprintf(buf, sizeof(buf), "%d", self->r.pid);
	ASSERT_EQ(0, ms_write_file(MS_DEBUGFS "/track", buf));
	snprintf(self->r.dir, sizeof(self->r.dir), MS_DEBUGFS "/pids/%d",
		 self->r.pid);
}

FIXTURE_TEARDOWN(race)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%d", self->r.pid);
	ms_write_file(MS_DEBUGFS "/untrack", buf);
	kill(self->r.pid, SIGKILL);
	waitpid(self->r.pid, NULL, 0);
}

TEST_F_TIMEOUT(race, readers_see_only_live_tables, 600)
{
	struct race *r = &self->r;
	const char *env = getenv("MEMSCOPE_RACE_SECONDS");
	int secs = env ? atoi(env) : 15;
	/* Two readers of pages: the file that walks most. */
	static const int which[] = {
		R_PAGES, R_PAGES, R_PAGETABLE, R_VMAS, R_MAPS, R_TRANSLATE,
	};
	struct reader rd[6];
	pthread_t th[6];
	int i, status;

	ASSERT_LT(0, secs);
	r->deadline = time(NULL) + secs;
	for (i = 0; i < 6; i++) {
		rd[i].r = r;
		rd[i].which = which[i];
		ASSERT_EQ(0, pthread_create(&th[i], NULL, reader, &rd[i]));
	}
	for (i = 0; i < 6; i++)
		pthread_join(th[i], NULL);

	/* The target must have churned the whole time, not died early. */
	ASSERT_EQ(0, waitpid(r->pid, &status, WNOHANG))
		TH_LOG("target exited early, status %#x", status);
	TH_LOG("%d s: reads pages %lu pagetable %lu vmas %lu maps %lu translate %lu; %lu lines in the churned region",
	       secs, r->reads[R_PAGES], r->reads[R_PAGETABLE],
	       r->reads[R_VMAS], r->reads[R_MAPS], r->reads[R_TRANSLATE],
	       r->churn_lines);
	if (r->first_bad[0])
		TH_LOG("first bad: %s", r->first_bad);
	/* A race that never happened proves nothing. */
	EXPECT_LT(10UL, r->reads[R_PAGES]);
	EXPECT_LT(10UL, r->reads[R_PAGETABLE]);
	EXPECT_LT(0UL, r->reads[R_TRANSLATE]);
	EXPECT_LT(0UL, r->churn_lines);
	EXPECT_EQ(0UL, r->bad_errors);
	EXPECT_EQ(0UL, r->outside);
	EXPECT_EQ(0UL, r->impossible);
	EXPECT_EQ(0UL, r->bad_translate);
}

TEST_HARNESS_MAIN
