// SPDX-License-Identifier: GPL-2.0
/*
 * vma_replay: runs a memsim VMA trace for real and records the address
 * space before and after, for `memsim vma --maps --expect`.
 *
 *   vma_replay TEMPLATE OUTDIR
 *
 * TEMPLATE is a memsim vma trace (mmap, munmap, mprotect, brk, touch;
 * see Documentation/simulator.rst) whose addresses may also be written
 * "@N" or "@N+HEX" (what the N-th mmap of the trace returned, from 1) or
 * "@b+HEX" (the program break at the start). "file=NAME" maps
 * OUTDIR/NAME, created and grown as needed, through one descriptor per
 * name that stays open (the kernel merges mappings of one struct file
 * only, and memsim's file=NAME is one open file). The program writes
 * OUTDIR/start.maps (its /proc/self/maps just before the first operation),
 * OUTDIR/trace (the trace with every address and file made concrete:
 * "file=PATH ino=N dev=MAJ:MIN"; a non-fixed mmap stays "-", so memsim
 * places it on its own), OUTDIR/final.maps (after the last operation) and
 * OUTDIR/stack_rlimit (bytes).
 *
 * Between the two maps dumps nothing but the trace changes the address
 * space (the only other calls open, fstat and grow the trace's files):
 * buffers are static, the stack is pre-touched, no stdio, no malloc. Exit 0, or 1 with a message when an operation
 * the kernel refused was not marked "# fails" in the template.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#define MAXOPS 512
#define TBUF (256 << 10)
#define MBUF (256 << 10)

static char tmpl[TBUF], out[TBUF], maps0[MBUF], maps1[MBUF];
static uint64_t results[MAXOPS];
static int nres;
static uint64_t brk0;
static const char *dir;
static void die(const char *what);
/* one open file per name: mappings of two opens never merge */
static struct { char name[64]; int fd; } files[16];
static int nfiles;

static int file_fd(const char *name)
{
	char path[300];
	int i;

	for (i = 0; i < nfiles; i++)
		if (!strcmp(files[i].name, name))
			return files[i].fd;
	if (nfiles == 16 || strlen(name) >= sizeof(files[0].name))
		die("too many files");
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	strcpy(files[nfiles].name, name);
	files[nfiles].fd = open(path, O_RDWR | O_CREAT, 0644);
	if (files[nfiles].fd < 0)
		die("cannot open a trace file");
	return files[nfiles++].fd;
}

static void die(const char *what)
{
	char m[256];
	int n = snprintf(m, sizeof(m), "vma_replay: %s\n", what);

	if (write(2, m, (size_t)n) < 0)
		_exit(1);
	_exit(1);
}

static long slurp(const char *path, char *buf, size_t cap)
{
	int fd = open(path, O_RDONLY);
	size_t len = 0;
	ssize_t r;

	if (fd < 0)
		return -1;
	while ((r = read(fd, buf + len, cap - 1 - len)) > 0)
		len += (size_t)r;
	close(fd);
	if (r < 0 || len >= cap - 1)
		return -1;
	buf[len] = '\0';
	return (long)len;
}

static void spill(const char *name, const char *buf, size_t len)
{
	char path[512];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, buf, len) != (ssize_t)len || close(fd))
		die(path);
}

/* "@N[+HEX]", "@b[+HEX]" or plain hex */
static uint64_t addr_of(const char *s)
{
	uint64_t base = 0;
	char *e;

	if (*s == '@') {
		s++;
		if (*s == 'b') {
			base = brk0;
			e = (char *)s + 1;
		} else {
			unsigned long n = strtoul(s, &e, 10);

			if (!n || (int)n > nres)
				die("@N before the N-th mmap");
			base = results[n - 1];
		}
		if (*e == '+')
			return base + strtoull(e + 1, NULL, 16);
		if (*e)
			die("bad @ address");
		return base;
	}
	return strtoull(s, NULL, 16);
}

static int prot_of(const char *s)
{
	int p = 0;

	for (; *s; s++)
		p |= *s == 'r' ? PROT_READ : *s == 'w' ? PROT_WRITE :
		     *s == 'x' ? PROT_EXEC : 0;
	return p;
}

static uint64_t size_of(const char *s)
{
	char *e;
	uint64_t v = strtoull(s, &e, 0);

	if (*e == 'K')
		v <<= 10;
	else if (*e == 'M')
		v <<= 20;
	else if (*e == 'G')
		v <<= 30;
	return v;
}

/* keep the stack VMA from growing during the run */
static __attribute__((noinline)) void touch_stack(void)
{
	volatile char pad[256 << 10];

	memset((char *)pad, 1, sizeof(pad));
}

int main(int argc, char **argv)
{
	struct rlimit rl;
	size_t olen = 0;
	long m0, m1;
	char *line, *next;
	int lineno = 0;

	if (argc != 3)
		die("usage: vma_replay TEMPLATE OUTDIR");
	dir = argv[2];
	if (slurp(argv[1], tmpl, sizeof(tmpl)) < 0)
		die("cannot read the template");
	getrlimit(RLIMIT_STACK, &rl);
	touch_stack();
	brk0 = (uint64_t)syscall(SYS_brk, 0);
	m0 = slurp("/proc/self/maps", maps0, sizeof(maps0));
	for (line = tmpl; line && *line; line = next) {
		char *tok[10], *p, *sv;
		int nt = 0, fails;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		fails = strstr(line, "# fails") != NULL;
		p = strchr(line, '#');
		if (p)
			*p = '\0';
		for (p = strtok_r(line, " \t", &sv); p && nt < 10;
		     p = strtok_r(NULL, " \t", &sv))
			tok[nt++] = p;
		if (!nt)
			continue;
		if (!strcmp(tok[0], "mmap") && nt >= 5) {
			uint64_t a = strcmp(tok[1], "-") ? addr_of(tok[1]) : 0;
			uint64_t len = size_of(tok[2]), off = 0, r;
			int flags = tok[4][0] == 's' ? MAP_SHARED : MAP_PRIVATE;
			int fd = -1, k;
			char extra[400] = "";

			for (k = 5; k < nt; k++) {
				if (!strcmp(tok[k], "fixed"))
					flags |= MAP_FIXED;
				else if (!strncmp(tok[k], "off=", 4))
					off = size_of(tok[k] + 4);
			}
			for (k = 5; k < nt; k++) {
				char path[300];
				struct stat st;

				if (strncmp(tok[k], "file=", 5))
					continue;
				snprintf(path, sizeof(path), "%s/%s", dir, tok[k] + 5);
				fd = file_fd(tok[k] + 5);
				if (fstat(fd, &st))
					die("cannot stat a trace file");
				if ((uint64_t)st.st_size < off + len &&
				    ftruncate(fd, (off_t)(off + len)))
					die("ftruncate");
				snprintf(extra, sizeof(extra),
					" file=%s ino=%llu dev=%x:%x off=%llu",
					path, (unsigned long long)st.st_ino,
					major(st.st_dev), minor(st.st_dev),
					(unsigned long long)off);
			}
			if (fd < 0)
				flags |= MAP_ANONYMOUS;
			r = (uint64_t)mmap((void *)a, len, prot_of(tok[3]), flags,
					   fd, (off_t)off);
			if (r == (uint64_t)MAP_FAILED && !fails)
				die("mmap failed");
			if (nres == MAXOPS)
				die("too many mmaps");
			results[nres++] = r;
			{
				char as[24] = "-";

				if (flags & MAP_FIXED)
					snprintf(as, sizeof(as), "%llx",
						 (unsigned long long)a);
				olen += (size_t)snprintf(out + olen, sizeof(out) - olen,
					"mmap %s %s %s %s%s%s\n", as, tok[2], tok[3],
					tok[4], flags & MAP_FIXED ? " fixed" : "",
					extra);
			}
		} else if (!strcmp(tok[0], "munmap") && nt == 3) {
			uint64_t a = addr_of(tok[1]), len = size_of(tok[2]);

			if (munmap((void *)a, len) && !fails)
				die("munmap failed");
			olen += (size_t)snprintf(out + olen, sizeof(out) - olen,
				"munmap %llx 0x%llx\n", (unsigned long long)a,
				(unsigned long long)len);
		} else if (!strcmp(tok[0], "mprotect") && nt == 4) {
			uint64_t a = addr_of(tok[1]), len = size_of(tok[2]);

			if (mprotect((void *)a, len, prot_of(tok[3])) && !fails)
				die("mprotect failed");
			olen += (size_t)snprintf(out + olen, sizeof(out) - olen,
				"mprotect %llx 0x%llx %s\n", (unsigned long long)a,
				(unsigned long long)len, tok[3]);
		} else if (!strcmp(tok[0], "brk") && nt == 2) {
			uint64_t a = addr_of(tok[1]);

			syscall(SYS_brk, a);
			olen += (size_t)snprintf(out + olen, sizeof(out) - olen,
				"brk %llx\n", (unsigned long long)a);
		} else if (!strcmp(tok[0], "touch") && nt == 2) {
			uint64_t a = addr_of(tok[1]);

			*(volatile char *)a = 1;
			olen += (size_t)snprintf(out + olen, sizeof(out) - olen,
				"touch %llx\n", (unsigned long long)a);
		} else {
			char m[64];

			snprintf(m, sizeof(m), "template line %d: unknown", lineno);
			die(m);
		}
		if (olen >= sizeof(out) - 512)
			die("trace too long");
	}
	m1 = slurp("/proc/self/maps", maps1, sizeof(maps1));
	if (m0 < 0 || m1 < 0)
		die("cannot read /proc/self/maps");
	spill("start.maps", maps0, (size_t)m0);
	spill("final.maps", maps1, (size_t)m1);
	spill("trace", out, olen);
	olen = (size_t)snprintf(out, sizeof(out), "%llu\n",
				(unsigned long long)rl.rlim_cur);
	spill("stack_rlimit", out, olen);
	return 0;
}
