// SPDX-License-Identifier: GPL-2.0
/*
 * track and untrack never wait for a reader. A thread reads a tracked
 * process's `pages` into a buffer registered with userfaultfd, so the
 * read stalls in copy_to_user() until the fault is resolved. While it is
 * stalled, untrack of that PID and track of another must both complete
 * (each is done by a child given 20 s: a child stuck in D state is what
 * the old code did), and once the fault is resolved the stalled read
 * completes with data: an open file outlives its directory.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "msutil.h"

#define BUF_LEN (64 * 1024)

/* A process that only waits; killed by the teardown. */
static pid_t idle_child(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		for (;;)
			pause();
	}
	return pid;
}

/*
 * Write PID to FILE from a child, allowed 20 s. Returns the write's
 * result (0 or -errno), or 1 if the child did not finish in time.
 */
static int write_in_child(const char *file, pid_t pid)
{
	char buf[32];
	pid_t c;
	int i, status;

	snprintf(buf, sizeof(buf), "%d", pid);
	c = fork();
	if (c == 0)
		_exit(-ms_write_file(file, buf) & 0xff);
	for (i = 0; i < 200; i++) {
		if (waitpid(c, &status, WNOHANG) == c)
			return WIFEXITED(status) ? -WEXITSTATUS(status) : 2;
		usleep(100 * 1000);
	}
	kill(c, SIGKILL);
	return 1;
}

struct stalled {
	int fd;
	char *buf;
	ssize_t got;
	int err;
};

static void *stalled_read(void *arg)
{
	struct stalled *s = arg;

	s->got = read(s->fd, s->buf, BUF_LEN);
	s->err = s->got < 0 ? errno : 0;
	return NULL;
}

FIXTURE(stall) {
	pid_t target, other;
	int uffd;
};

FIXTURE_SETUP(stall)
{
	self->target = idle_child();
	self->other = idle_child();
	ASSERT_LT(0, self->target);
	ASSERT_LT(0, self->other);
	self->uffd = syscall(__NR_userfaultfd, O_CLOEXEC);
	if (self->uffd < 0)
		SKIP(return, "userfaultfd: %s", strerror(errno));
}

FIXTURE_TEARDOWN(stall)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%d", self->target);
	ms_write_file(MS_DEBUGFS "/untrack", buf);
	snprintf(buf, sizeof(buf), "%d", self->other);
	ms_write_file(MS_DEBUGFS "/untrack", buf);
	kill(self->target, SIGKILL);
	kill(self->other, SIGKILL);
	waitpid(self->target, NULL, 0);
	waitpid(self->other, NULL, 0);
	if (self->uffd >= 0)
		close(self->uffd);
}

TEST_F_TIMEOUT(stall, untrack_and_track_during_a_stalled_read, 120)
{
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg = {};
	struct uffdio_zeropage zero = {};
	struct uffd_msg msg;
	struct stalled s = {};
	struct pollfd pfd;
	pthread_t th;
	char path[96], buf[32];

	ASSERT_EQ(0, ioctl(self->uffd, UFFDIO_API, &api));
	s.buf = mmap(NULL, BUF_LEN, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, s.buf);
	reg.range.start = (unsigned long)s.buf;
	reg.range.len = BUF_LEN;
	reg.mode = UFFDIO_REGISTER_MODE_MISSING;
	ASSERT_EQ(0, ioctl(self->uffd, UFFDIO_REGISTER, &reg));

	snprintf(buf, sizeof(buf), "%d", self->target);
	ASSERT_EQ(0, ms_write_file(MS_DEBUGFS "/track", buf));
	snprintf(path, sizeof(path), MS_DEBUGFS "/pids/%d/pages", self->target);
	s.fd = open(path, O_RDONLY);
	ASSERT_LE(0, s.fd);
	ASSERT_EQ(0, pthread_create(&th, NULL, stalled_read, &s));

	/* The reader is stalled once its fault reaches us. */
	pfd.fd = self->uffd;
	pfd.events = POLLIN;
	ASSERT_EQ(1, poll(&pfd, 1, 30000))
		TH_LOG("the read never faulted on the userfaultfd buffer");
	ASSERT_EQ((ssize_t)sizeof(msg), read(self->uffd, &msg, sizeof(msg)));
	ASSERT_EQ(UFFD_EVENT_PAGEFAULT, msg.event);

	EXPECT_EQ(0, write_in_child(MS_DEBUGFS "/untrack", self->target))
		TH_LOG("untrack did not complete while a read was stalled");
	snprintf(path, sizeof(path), MS_DEBUGFS "/pids/%d", self->target);
	EXPECT_NE(0, access(path, F_OK));
	EXPECT_EQ(0, write_in_child(MS_DEBUGFS "/track", self->other))
		TH_LOG("track of another PID did not complete");
	/* And the same PID again, now that its directory is gone. */
	EXPECT_EQ(0, write_in_child(MS_DEBUGFS "/track", self->target));

	/* Resolve every fault of the buffer: the read goes on. */
	zero.range.start = (unsigned long)s.buf;
	zero.range.len = BUF_LEN;
	ASSERT_EQ(0, ioctl(self->uffd, UFFDIO_ZEROPAGE, &zero));
	pthread_join(th, NULL);
	EXPECT_LT(0, s.got) TH_LOG("stalled read ended with %s",
				    strerror(s.err));
	close(s.fd);
	munmap(s.buf, BUF_LEN);
}

TEST_HARNESS_MAIN
