// SPDX-License-Identifier: GPL-2.0
/*
 * Least privilege: every file's open (and every control file's write)
 * against the capability the ABI file names for it (module/access.h),
 * from uid 0 with a chosen capability set: none, CAP_SYS_ADMIN only,
 * CAP_SYSLOG only, CAP_SYS_PTRACE only, all. And from uid 65534, which
 * the debugfs mount (0700) keeps out of everything. The oracle for the
 * kernel-address rule is /proc/kallsyms under the same capabilities.
 *
 * Under kernel lockdown (either level) debugfs itself refuses to open any
 * file whose mode allows writing, whatever the capabilities: EPERM for
 * every control file, the rules above for the read-only views. Then the
 * target is MEMSCOPE_TARGET, tracked at load with pids= (selftests/
 * lockdown/lockdown.sh), since `track` cannot be opened.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "msutil.h"

/* What each file needs, besides DAC (root owns every file). */
enum need { NONE, PHYS, PTRACE, PTRACE_PHYS, KADDR };

static const struct {
	const char *file;	/* %d: the tracked PID */
	enum need need;
	int write;		/* opened O_RDWR / O_WRONLY */
} files[] = {
	{ "version", NONE, 0 }, { "stats", NONE, 0 },
	{ "buddyinfo", NONE, 0 }, { "zoneinfo", NONE, 0 },
	{ "pagetypeinfo", NONE, 0 }, { "extfrag", NONE, 0 },
	{ "meminfo", NONE, 0 }, { "slabinfo", NONE, 0 },
	{ "budget", NONE, 0 },
	{ "freeblocks", PHYS, 0 }, { "kernel_layout", KADDR, 0 },
	{ "experiment", PHYS, 2 }, { "slab_experiment", PHYS, 2 },
	{ "self/maps", NONE, 0 }, { "self/vmas", NONE, 0 },
	{ "self/mm", NONE, 0 }, { "self/pagetable", NONE, 0 },
	{ "self/pages", PHYS, 0 }, { "self/translate", PHYS, 2 },
	{ "pids/%d/maps", PTRACE, 0 }, { "pids/%d/vmas", PTRACE, 0 },
	{ "pids/%d/mm", PTRACE, 0 }, { "pids/%d/pagetable", PTRACE, 0 },
	{ "pids/%d/pages", PTRACE_PHYS, 0 },
	{ "pids/%d/translate", PTRACE_PHYS, 2 },
	{ "track", PTRACE, 1 }, { "untrack", PTRACE, 1 },
};

#define BIT_ULL(n)	(1ULL << (n))

static int set_caps(unsigned long long keep)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct d[2] = {};

	d[0].effective = d[0].permitted = (unsigned int)keep;
	d[1].effective = d[1].permitted = (unsigned int)(keep >> 32);
	return syscall(SYS_capset, &h, d);
}

/*
 * /proc/kallsyms shows a real address: the oracle of KADDR. Its first
 * lines are per-CPU symbols, at 0 for real: look at a text symbol.
 */
static int kallsyms_real(void)
{
	char line[256], type;
	unsigned long a = 0;
	FILE *f = fopen("/proc/kallsyms", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%lx %c", &a, &type) == 2 &&
		    (type == 'T' || type == 't'))
			break;
	fclose(f);
	return a != 0;
}

/* The lockdown level is not none (no lockdown LSM: none). */
static int locked_down(void)
{
	char buf[128] = "";
	FILE *f = fopen("/sys/kernel/security/lockdown", "r");

	if (!f)
		return 0;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	return buf[0] && !strstr(buf, "[none]");
}

static int allowed(enum need need, int write, unsigned long long caps,
		   int kaddr)
{
	int admin = !!(caps & BIT_ULL(CAP_SYS_ADMIN));
	int ptrace = !!(caps & BIT_ULL(CAP_SYS_PTRACE));

	if (write && locked_down())
		return 0;
	switch (need) {
	case PHYS:
		return admin;
	case PTRACE:
		return ptrace;
	case PTRACE_PHYS:
		return ptrace && admin;
	case KADDR:
		return kaddr;
	default:
		return 1;
	}
}

/*
 * In a child with only CAPS: open every file; a bit per file in the
 * exit... too many files for a status: print "file result" lines to FD.
 */
static void probe(int fd, pid_t target, unsigned long long caps)
{
	char path[128], name[96];
	unsigned int i;
	int kaddr;

	if (set_caps(caps))
		_exit(100);
	kaddr = kallsyms_real();
	dprintf(fd, "kallsyms %d\n", kaddr);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		int flags = files[i].write == 2 ? O_RDWR :
			    files[i].write ? O_WRONLY : O_RDONLY;
		int f, err;

		snprintf(name, sizeof(name), files[i].file, target);
		snprintf(path, sizeof(path), MS_DEBUGFS "/%s", name);
		f = open(path, flags);
		err = f < 0 ? errno : 0;
		if (f >= 0)
			close(f);
		dprintf(fd, "%u %d\n", i, err);
	}
	_exit(0);
}

static void run(struct __test_metadata *_metadata, pid_t target,
		unsigned long long caps, const char *label)
{
	char *out, *line, *save = NULL;
	int p[2], status, kaddr = -1, bad = 0;
	unsigned int i;
	ssize_t n;
	pid_t c;

	ASSERT_EQ(0, pipe(p));
	c = fork();
	ASSERT_LE(0, c);
	if (c == 0) {
		close(p[0]);
		probe(p[1], target, caps);
	}
	close(p[1]);
	out = calloc(1, 8192);
	n = 0;
	while (n < 8191) {
		ssize_t r = read(p[0], out + n, 8191 - n);

		if (r <= 0)
			break;
		n += r;
	}
	close(p[0]);
	ASSERT_EQ(c, waitpid(c, &status, 0));
	ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
		TH_LOG("%s: capset or probe failed (%#x)", label, status);
	for (line = strtok_r(out, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		int err;

		if (sscanf(line, "kallsyms %d", &kaddr) == 1)
			continue;
		ASSERT_EQ(2, sscanf(line, "%u %d", &i, &err));
		int ok = allowed(files[i].need, files[i].write, caps, kaddr);

		if (ok ? err != 0 : err != EPERM) {
			TH_LOG("%s: %s: %s (want %s)", label, files[i].file,
			       err ? strerror(err) : "opened",
			       ok ? "opened" : "EPERM");
			bad++;
		}
	}
	free(out);
	EXPECT_EQ(0, bad);
}

FIXTURE(access) {
	pid_t target;
	int ours;	/* forked and tracked here, not given */
};

FIXTURE_SETUP(access)
{
	const char *given = getenv("MEMSCOPE_TARGET");
	char buf[32];
	int fd;

	if (given) {
		/* Tracked at load; not ours to untrack or kill. */
		self->target = atoi(given);
		return;
	}
	self->ours = 1;
	self->target = fork();
	ASSERT_LE(0, self->target);
	if (self->target == 0) {
		pause();
		_exit(0);
	}
	snprintf(buf, sizeof(buf), "%d", self->target);
	fd = open(MS_DEBUGFS "/track", O_WRONLY);
	ASSERT_LE(0, fd);
	ASSERT_EQ((ssize_t)strlen(buf), write(fd, buf, strlen(buf)));
	close(fd);
}

FIXTURE_TEARDOWN(access)
{
	char buf[32];
	int fd;

	if (!self->ours)
		return;
	fd = open(MS_DEBUGFS "/untrack", O_WRONLY);

	snprintf(buf, sizeof(buf), "%d", self->target);
	if (fd >= 0) {
		if (write(fd, buf, strlen(buf)) < 0)
			perror("untrack");
		close(fd);
	}
	kill(self->target, SIGKILL);
	waitpid(self->target, NULL, 0);
}

TEST_F(access, capability_matrix)
{
	pid_t t = self->target;

	TH_LOG("lockdown: %s", locked_down() ? "on" : "off");
	run(_metadata, t, 0, "no capabilities");
	run(_metadata, t, BIT_ULL(CAP_SYS_ADMIN), "CAP_SYS_ADMIN");
	run(_metadata, t, BIT_ULL(CAP_SYSLOG), "CAP_SYSLOG");
	run(_metadata, t, BIT_ULL(CAP_SYS_PTRACE), "CAP_SYS_PTRACE");
	run(_metadata, t, BIT_ULL(CAP_SYS_ADMIN) |
	    BIT_ULL(CAP_SYS_PTRACE) | BIT_ULL(CAP_SYSLOG), "all three");
}

/* A write needs the capability too, from the writer: an fd opened with
 * it and used without it (handed over, caps dropped) is refused. */
TEST_F(access, write_needs_the_writer_capability)
{
	int fd;

	if (locked_down())
		SKIP(return, "lockdown refuses the open itself (capability_matrix)");
	fd = open(MS_DEBUGFS "/experiment", O_RDWR);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, set_caps(BIT_ULL(CAP_SYS_PTRACE)));
	EXPECT_EQ(-1, write(fd, "free all", 8));
	EXPECT_EQ(EPERM, errno);
	close(fd);
}

TEST(uid_65534_sees_nothing)
{
	int status;
	pid_t c = fork();

	ASSERT_LE(0, c);
	if (c == 0) {
		if (setgid(65534) || setuid(65534))
			_exit(100);
		/* The debugfs mount is root's, 0700: EACCES before memscope. */
		_exit(open(MS_DEBUGFS "/version", O_RDONLY) < 0 &&
		      (errno == EACCES || errno == EPERM) ? 0 : 1);
	}
	ASSERT_EQ(c, waitpid(c, &status, 0));
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

TEST_HARNESS_MAIN
