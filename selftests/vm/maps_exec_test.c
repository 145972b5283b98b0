// SPDX-License-Identifier: GPL-2.0
/*
 * A read of `maps` or `vmas` stays on one mm. The target maps 300 VMAs
 * in region A and waits; the reader reads one buffer's worth of its file
 * (the seq_file has to come back for more), the target execs this binary
 * again, which maps 400 VMAs in region B; the reader reads on to EOF.
 * No line may come from region B: the old image's file ends (as
 * /proc/PID/maps does, the oracle here), it never goes on with the new
 * image. A control opened after the exec must see region B.
 *
 * And self/ after the group leader has exited: a thread still running
 * reads its group's mm (the leader is a zombie without one), the same
 * as /proc/self/task/TID/maps.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "msutil.h"

#define REGION_A	0x300000000000UL
#define REGION_B	0x310000000000UL
#define REGION_LEN	0x10000000000UL
#define PG		4096UL

/* N one-page VMAs, every other page left out so none merge. */
static int map_many(unsigned long base, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (mmap((void *)(base + 2 * i * PG), PG, PROT_READ,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
			 -1, 0) == MAP_FAILED)
			return -1;
	return 0;
}

/*
 * Lines of the rest of FD (after the first read) that lie in region B.
 * -1 if a read failed.
 */
static int lines_in_b(int fd, const char *first, int *total)
{
	char buf[4096], *all, *line, *save = NULL;
	size_t len = strlen(first), cap = len + 1;
	ssize_t n;
	int in_b = 0;

	all = malloc(cap);
	memcpy(all, first, len + 1);
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		all = realloc(all, cap + n);
		memcpy(all + len, buf, n);
		len += n;
		cap += n;
		all[len] = '\0';
	}
	if (n < 0) {
		free(all);
		return -1;
	}
	*total = 0;
	for (line = strtok_r(all, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		unsigned long a = strtoul(line, NULL, 16);

		(*total)++;
		if (a >= REGION_B && a < REGION_B + REGION_LEN)
			in_b++;
	}
	free(all);
	return in_b;
}

FIXTURE(exec) {
	pid_t pid;
	int go, ready;
};

FIXTURE_SETUP(exec)
{
	int go[2], ready[2];
	char c, buf[32];

	ASSERT_EQ(0, pipe(go));
	ASSERT_EQ(0, pipe(ready));
	self->pid = fork();
	ASSERT_LE(0, self->pid);
	if (self->pid == 0) {
		char rfd[16];

		close(go[1]);
		close(ready[0]);
		if (map_many(REGION_A, 300))
			_exit(1);
		c = 1;
		if (write(ready[1], &c, 1) != 1 || read(go[0], &c, 1) != 1)
			_exit(1);
		snprintf(rfd, sizeof(rfd), "%d", ready[1]);
		execl("/proc/self/exe", "maps_exec_test", "--new-image", rfd,
		      (char *)NULL);
		_exit(1);
	}
	close(go[0]);
	close(ready[1]);
	self->go = go[1];
	self->ready = ready[0];
	ASSERT_EQ(1, read(self->ready, &c, 1));
	snprintf(buf, sizeof(buf), "%d", self->pid);
	ASSERT_EQ(0, ms_write_file(MS_DEBUGFS "/track", buf));
}

FIXTURE_TEARDOWN(exec)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%d", self->pid);
	ms_write_file(MS_DEBUGFS "/untrack", buf);
	kill(self->pid, SIGKILL);
	waitpid(self->pid, NULL, 0);
}

TEST_F(exec, read_spanning_execve_stays_on_one_mm)
{
	static const char *const files[] = { "maps", "vmas" };
	char path[96], first[4097], c = 1;
	int fd[3], i, total, in_b;
	ssize_t n;

	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), MS_DEBUGFS "/pids/%d/%s",
			 self->pid, files[i]);
		fd[i] = open(path, O_RDONLY);
		ASSERT_LE(0, fd[i]);
	}
	snprintf(path, sizeof(path), "/proc/%d/maps", self->pid);
	fd[2] = open(path, O_RDONLY);
	ASSERT_LE(0, fd[2]);
	/* Not all of it: 300 lines are far more than one read. */
	for (i = 0; i < 3; i++) {
		n = read(fd[i], first, 4096);
		ASSERT_LT(0, n);
		first[n] = '\0';
	}
	ASSERT_EQ(1, write(self->go, &c, 1));
	/* The new image has mapped region B. */
	ASSERT_EQ(1, read(self->ready, &c, 1));
	for (i = 0; i < 3; i++) {
		in_b = lines_in_b(fd[i], "", &total);
		EXPECT_EQ(0, in_b)
			TH_LOG("%s: %d lines of the new image after execve",
			       i == 2 ? "/proc/PID/maps" : files[i], in_b);
		close(fd[i]);
	}
	/* Control: a new open sees the new image, region B included. */
	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), MS_DEBUGFS "/pids/%d/%s",
			 self->pid, files[i]);
		fd[0] = open(path, O_RDONLY);
		ASSERT_LE(0, fd[0]);
		EXPECT_LE(400, lines_in_b(fd[0], "", &total)) TH_LOG("%s", files[i]);
		close(fd[0]);
	}
}

static void *after_leader(void *arg)
{
	char path[64], *ours = NULL, *proc = NULL;
	int tries, same = 0;

	(void)arg;
	usleep(200 * 1000);	/* the leader is gone by now */
	snprintf(path, sizeof(path), "/proc/self/task/%ld/maps",
		 (long)syscall(SYS_gettid));
	for (tries = 0; tries < 3 && !same; tries++) {
		free(ours);
		free(proc);
		if (ms_read_file(MS_DEBUGFS "/self/maps", &ours) <= 0 ||
		    ms_read_file(path, &proc) <= 0)
			exit(2);
		same = !strcmp(ours, proc);
	}
	exit(same ? 0 : 1);
}

TEST(self_maps_after_leader_exit)
{
	int status;
	pid_t pid = fork();

	ASSERT_LE(0, pid);
	if (pid == 0) {
		pthread_t th;

		if (pthread_create(&th, NULL, after_leader, NULL))
			_exit(3);
		pthread_exit(NULL);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status))
		TH_LOG("1: self/maps differs from the thread's maps, 2: a read failed");
}

/* The image exec'd by the target: map region B, say so, wait. */
static int new_image(int ready_fd)
{
	char c = 1;

	if (map_many(REGION_B, 400))
		return 1;
	if (write(ready_fd, &c, 1) != 1)
		return 1;
	for (;;)
		pause();
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "--new-image"))
		return new_image(atoi(argv[2]));
	return test_harness_run(argc, argv);
}
