// SPDX-License-Identifier: GPL-2.0
/*
 * memscope's process view against the kernel's own accounts of the same
 * process: /proc/PID/maps, smaps, status, stat and pagemap (as root).
 *
 * A child builds a known address space (brk heap, a >= 128 KiB malloc,
 * data and bss, a file mapped private and shared, an mprotect split,
 * PROT_NONE, a MADV_HUGEPAGE THP, hugetlb pages, deep stack, pages pushed
 * to zram swap, a mapping above 2^47 on 5-level machines), reports the
 * addresses through a pipe and blocks; the parent tracks it and compares.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* TEST_F's fork/longjmp wrapper trips -Wclobbered at -O2 (harness, not us). */
#pragma GCC diagnostic ignored "-Wclobbered"
#include "kselftest_harness.h"
#include "msutil.h"

/*
 * The harness gives each test 30 s; on the debug kernels (KASAN, page
 * poisoning and DEBUG_PAGEALLOC on every fault, under TCG) the fork,
 * fault and exit tests here need several times that. The file as a whole
 * stays under run_guest.sh's timeout (selftests/settings).
 */
#undef TEST_TIMEOUT_DEFAULT
#define TEST_TIMEOUT_DEFAULT 120

#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21
#endif
#ifndef MAP_HUGETLB
#define MAP_HUGETLB 0x40000
#endif

#define PG 4096UL
#define HPAGE (2UL << 20)
#define PM_PFN(e) ((e) & ((1ULL << 55) - 1))
#define PM_SWAP(e) ((int)(((e) >> 62) & 1))
#define PM_PRESENT(e) ((int)(((e) >> 63) & 1))
#define TRIES 3

struct layout {
	unsigned long small[8], big, data, bss, fpriv, fshared, split, protnone;
	unsigned long thp, huge, swap, high, stack_low, unmapped;
	int have_thp, have_huge, have_high;
};

static int data_var[1024] = { 42 };
static char bss_buf[64 << 10];

static unsigned long recurse(int depth)
{
	volatile char pad[4096];

	pad[0] = (char)depth;
	if (depth == 0)
		return (unsigned long)pad;
	return recurse(depth - 1) + pad[0] * 0;
}

static void build(struct layout *l)
{
	int fd, i;
	char *p;

	memset(l, 0, sizeof(*l));
	for (i = 0; i < 8; i++) {
		p = malloc(100);
		memset(p, i, 100);
		l->small[i] = (unsigned long)p;
	}
	p = malloc(256 << 10);
	memset(p, 1, 256 << 10);
	l->big = (unsigned long)p;
	data_var[7] = 7;
	l->data = (unsigned long)&data_var[7];
	bss_buf[0] = 1;
	bss_buf[40000] = 1;
	l->bss = (unsigned long)bss_buf;

	fd = open("/tmp/proc_test.dat", O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd >= 0 && ftruncate(fd, 16 * PG) == 0) {
		p = mmap(NULL, 16 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
		if (p != MAP_FAILED) {
			(void)*(volatile char *)(p + PG);
			p[2 * PG] = 5;	/* COW: an anonymous page in a file VMA */
			l->fpriv = (unsigned long)p;
		}
		p = mmap(NULL, 16 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		if (p != MAP_FAILED) {
			p[0] = 1;
			p[3 * PG] = 1;
			l->fshared = (unsigned long)p;
		}
		close(fd);
	}
	p = mmap(NULL, 16 * PG, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(p, 3, 16 * PG);
	mprotect(p + 4 * PG, 4 * PG, PROT_READ);
	l->split = (unsigned long)p;
	p = mmap(NULL, 8 * PG, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(p, 4, 8 * PG);
	mprotect(p, 8 * PG, PROT_NONE);
	l->protnone = (unsigned long)p;

	p = mmap(NULL, 2 * HPAGE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p != MAP_FAILED) {
		p = (char *)(((unsigned long)p + HPAGE - 1) & ~(HPAGE - 1));
		if (madvise(p, HPAGE, MADV_HUGEPAGE) == 0) {
			memset(p, 6, HPAGE);
			l->thp = (unsigned long)p;
		}
	}
	p = mmap(NULL, HPAGE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);
	if (p != MAP_FAILED) {
		memset(p, 7, HPAGE);
		l->huge = (unsigned long)p;
		l->have_huge = 1;
	}
	p = mmap(NULL, 16 * PG, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	for (i = 0; i < 16; i++)
		p[i * PG] = (char)(i + 1);
	l->swap = (unsigned long)p;
	/* Swapped out when zram swap is on (the swap tests check it is). */
	(void)madvise(p, 16 * PG, MADV_PAGEOUT);
	/* Above 2^47: only with 5-level paging and an explicit hint. */
	p = mmap((void *)(1UL << 48), 4 * PG, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p != MAP_FAILED && (unsigned long)p >= (1UL << 47)) {
		p[0] = 9;
		l->high = (unsigned long)p;
		l->have_high = 1;
	}
	/* A hole: map and unmap. */
	p = mmap(NULL, 4 * PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(p, 4 * PG);
	l->unmapped = (unsigned long)p;
	l->stack_low = recurse(64);
}

FIXTURE(proc) {
	pid_t pid;
	int hold;		/* child exits when this closes */
	struct layout l;
	char dir[64];
	/* Optional guest features (selftests/lib/features.sh) and why not. */
	int swap, hugetlb, thp;
	char swap_why[256], hugetlb_why[256], thp_why[256];
};

FIXTURE_SETUP(proc)
{
	int up[2], hold[2];
	char buf[32];

	/* Before the child builds its layout: it needs swap and hugetlb. */
	self->swap = ms_feature("swap", self->swap_why, sizeof(self->swap_why));
	self->hugetlb = ms_feature("hugetlb", self->hugetlb_why,
				   sizeof(self->hugetlb_why));
	self->thp = ms_feature("thp", self->thp_why, sizeof(self->thp_why));
	ASSERT_EQ(0, pipe(up));
	ASSERT_EQ(0, pipe(hold));
	self->pid = fork();
	ASSERT_LE(0, self->pid);
	if (self->pid == 0) {
		struct layout l;
		char c;

		close(up[0]);
		close(hold[1]);
		build(&l);
		if (write(up[1], &l, sizeof(l)) != sizeof(l))
			_exit(1);
		(void)!read(hold[0], &c, 1);
		_exit(0);
	}
	close(up[1]);
	close(hold[0]);
	self->hold = hold[1];
	ASSERT_EQ((ssize_t)sizeof(self->l),
		  read(up[0], &self->l, sizeof(self->l)));
	close(up[0]);
	snprintf(buf, sizeof(buf), "%d", self->pid);
	ASSERT_EQ(0, ms_write_file(MS_DEBUGFS "/track", buf));
	snprintf(self->dir, sizeof(self->dir), MS_DEBUGFS "/pids/%d", self->pid);
}

FIXTURE_TEARDOWN(proc)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%d", self->pid);
	ms_write_file(MS_DEBUGFS "/untrack", buf);
	close(self->hold);
	waitpid(self->pid, NULL, 0);
}

static char *ms_file(FIXTURE_DATA(proc) *self, const char *name)
{
	static char path[128];

	snprintf(path, sizeof(path), "%s/%s", self->dir, name);
	return path;
}

static char *proc_file(pid_t pid, const char *name)
{
	static char path[64];

	snprintf(path, sizeof(path), "/proc/%d/%s", pid, name);
	return path;
}

static uint64_t pagemap(pid_t pid, unsigned long va)
{
	uint64_t e = 0;
	int fd = open(proc_file(pid, "pagemap"), O_RDONLY);

	if (fd < 0)
		return 0;
	if (pread(fd, &e, 8, (va / PG) * 8) != 8)
		e = 0;
	close(fd);
	return e;
}

/* "Key:   N kB" from a status-style buffer. */
static long kv_kb(const char *buf, const char *key)
{
	const char *p = strstr(buf, key);

	return p ? strtol(p + strlen(key), NULL, 10) : -1;
}

static unsigned long mm_key(const char *buf, const char *key)
{
	char k[64];
	const char *p;

	snprintf(k, sizeof(k), "\n%s ", key);
	if (!strncmp(buf, k + 1, strlen(k + 1)))
		p = buf + strlen(k + 1);
	else if ((p = strstr(buf, k)))
		p += strlen(k);
	else
		return (unsigned long)-1;
	return strtoul(p, NULL, 0);
}

TEST_F(proc, files_and_modes)
{
	static const char *const files[] = {
		"maps", "vmas", "mm", "pagetable", "pages", "translate",
	};
	struct stat st;
	unsigned int i;

	for (i = 0; i < 6; i++) {
		ASSERT_EQ(0, stat(ms_file(self, files[i]), &st));
		EXPECT_EQ(i == 5 ? 0600U : 0400U, st.st_mode & 07777);
	}
	ASSERT_EQ(0, stat(MS_DEBUGFS "/track", &st));
	EXPECT_EQ(0200U, st.st_mode & 07777);
	ASSERT_EQ(0, stat(MS_DEBUGFS "/self/maps", &st));
}

TEST_F(proc, maps_equal_proc_maps)
{
	char *ours = NULL, *theirs = NULL;
	int t;
	bool same = false;

	for (t = 0; t < TRIES && !same; t++) {
		free(ours);
		free(theirs);
		ASSERT_LT(0, ms_read_file(ms_file(self, "maps"), &ours));
		ASSERT_LT(0, ms_read_file(proc_file(self->pid, "maps"), &theirs));
		same = !strcmp(ours, theirs);
	}
	if (!same)
		TH_LOG("memscope:\n%s\n/proc:\n%s", ours, theirs);
	EXPECT_TRUE(same);
	/* The layout has what the test built. */
	EXPECT_NE(NULL, strstr(ours, "[heap]"));
	EXPECT_NE(NULL, strstr(ours, "[stack]"));
	EXPECT_NE(NULL, strstr(ours, "[vdso]"));
	EXPECT_NE(NULL, strstr(ours, "/tmp/proc_test.dat"));
	free(ours);
	free(theirs);
}

TEST(self_maps_equal_proc_self_maps)
{
	char *a = NULL, *b = NULL, *c = NULL;
	int t;
	bool same = false;

	/* Reading can grow the heap: ours, theirs, ours again must agree. */
	for (t = 0; t < 5 && !same; t++) {
		free(a);
		free(b);
		free(c);
		ASSERT_LT(0, ms_read_file(MS_DEBUGFS "/self/maps", &a));
		ASSERT_LT(0, ms_read_file("/proc/self/maps", &b));
		ASSERT_LT(0, ms_read_file(MS_DEBUGFS "/self/maps", &c));
		same = !strcmp(a, b) && !strcmp(b, c);
	}
	if (!same)
		TH_LOG("memscope:\n%s\n/proc:\n%s", a, b);
	EXPECT_TRUE(same);
	free(a);
	free(b);
	free(c);
}

/* Deleted files keep their name with " (deleted)". */
TEST(maps_deleted_file)
{
	char *ours, *theirs, *p;
	int fd;

	fd = open("/tmp/proc_test.del", O_RDWR | O_CREAT | O_TRUNC, 0600);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, ftruncate(fd, PG));
	p = mmap(NULL, PG, PROT_READ, MAP_SHARED, fd, 0);
	ASSERT_NE(MAP_FAILED, p);
	close(fd);
	unlink("/tmp/proc_test.del");
	ASSERT_LT(0, ms_read_file(MS_DEBUGFS "/self/maps", &ours));
	ASSERT_LT(0, ms_read_file("/proc/self/maps", &theirs));
	EXPECT_STREQ(theirs, ours);
	EXPECT_NE(NULL, strstr(ours, "/tmp/proc_test.del (deleted)"));
	munmap(p, PG);
	free(ours);
	free(theirs);
}

struct smap {
	unsigned long start, end;
	long rss, swap, anon, thp_kb, hugetlb_kb;
};

static int parse_smaps(char *buf, struct smap *v, int max)
{
	char **lines;
	int n, i, k = -1;

	n = ms_split_lines(buf, &lines);
	for (i = 0; i < n; i++) {
		unsigned long s, e;
		char *l = lines[i];
		long kb;

		if (sscanf(l, "%lx-%lx ", &s, &e) == 2 && strchr(l, '-') &&
		    isxdigit(l[0]) && strchr(l, ' ') > strchr(l, '-')) {
			if (++k >= max)
				break;
			memset(&v[k], 0, sizeof(v[k]));
			v[k].start = s;
			v[k].end = e;
			continue;
		}
		if (k < 0)
			continue;
		if (sscanf(l, "Rss: %ld kB", &kb) == 1)
			v[k].rss = kb;
		else if (sscanf(l, "Swap: %ld kB", &kb) == 1)
			v[k].swap = kb;
		else if (sscanf(l, "Anonymous: %ld kB", &kb) == 1)
			v[k].anon = kb;
		else if (sscanf(l, "AnonHugePages: %ld kB", &kb) == 1 ||
			 sscanf(l, "ShmemPmdMapped: %ld kB", &kb) == 1 ||
			 sscanf(l, "FilePmdMapped: %ld kB", &kb) == 1)
			v[k].thp_kb += kb;
		else if (sscanf(l, "Shared_Hugetlb: %ld kB", &kb) == 1 ||
			 sscanf(l, "Private_Hugetlb: %ld kB", &kb) == 1)
			v[k].hugetlb_kb += kb;
	}
	free(lines);
	return k + 1;
}

static int vmas_vs_smaps(FIXTURE_DATA(proc) *self,
			 struct __test_metadata *_metadata, bool log)
{
	struct smap sm[256];
	char *vb, *sb, **lines;
	int n, ns, i, bad = 0;

	if (ms_read_file(ms_file(self, "vmas"), &vb) <= 0 ||
	    ms_read_file(proc_file(self->pid, "smaps"), &sb) <= 0)
		return -1;
	ns = parse_smaps(sb, sm, 256);
	n = ms_split_lines(vb, &lines);
	if (n != ns) {
		if (log)
			TH_LOG("vmas has %d lines, smaps %d VMAs", n, ns);
		bad++;
	}
	for (i = 0; i < n && i < ns; i++) {
		struct ms_vmas_line v;

		if (ms_vmas_parse(lines[i], &v)) {
			if (log)
				TH_LOG("unparsable: %s", lines[i]);
			bad++;
			continue;
		}
		if (v.start != sm[i].start || v.end != sm[i].end ||
		    (long)v.rss * 4 != sm[i].rss || (long)v.swap * 4 != sm[i].swap ||
		    (long)v.anon * 4 != sm[i].anon ||
		    (long)v.thp * 2048 != sm[i].thp_kb ||
		    (long)v.hugetlb * 4 != sm[i].hugetlb_kb ||
		    v.rss != v.anon + v.file) {
			if (log)
				TH_LOG("%s\n  smaps: rss %ld swap %ld anon %ld thp %ld hugetlb %ld kB",
				       lines[i], sm[i].rss, sm[i].swap, sm[i].anon,
				       sm[i].thp_kb, sm[i].hugetlb_kb);
			bad++;
		}
	}
	free(lines);
	free(vb);
	free(sb);
	return bad;
}

TEST_F(proc, vmas_counts_equal_smaps)
{
	int t, bad = 1;

	for (t = 0; t < TRIES && bad; t++)
		bad = vmas_vs_smaps(self, _metadata, t == TRIES - 1);
	EXPECT_EQ(0, bad);
}

TEST_F(proc, vmas_kinds)
{
	char *vb, **lines;
	int n, i;
	unsigned int seen = 0;
	static const char *const want[] = {
		"text", "data", "bss", "heap", "stack", "mmap-file",
		"mmap-anon", "shm", "vdso", "vvar",
	};

	ASSERT_LT(0, ms_read_file(ms_file(self, "vmas"), &vb));
	n = ms_split_lines(vb, &lines);
	for (i = 0; i < n; i++) {
		struct ms_vmas_line v;
		unsigned long s, e;
		const char *kind = v.kind;
		unsigned int k;

		ASSERT_EQ(0, ms_vmas_parse(lines[i], &v));
		s = v.start;
		e = v.end;
		for (k = 0; k < 10; k++)
			if (!strcmp(kind, want[k]))
				seen |= 1U << k;
		/* Spot checks against the addresses the child reported. */
		if (self->l.big >= s && self->l.big < e)
			EXPECT_STREQ("mmap-anon", kind);
		if (self->l.small[0] >= s && self->l.small[0] < e)
			EXPECT_STREQ("heap", kind);
		/* bss_buf starts in data's last page: look further in. */
		if (self->l.bss + 40000 >= s && self->l.bss + 40000 < e)
			EXPECT_STREQ("bss", kind);
		if (self->l.data >= s && self->l.data < e)
			EXPECT_STREQ("data", kind);
		if (self->l.fpriv && self->l.fpriv >= s && self->l.fpriv < e)
			EXPECT_STREQ("mmap-file", kind);
		if (self->l.fshared >= s && self->l.fshared < e)
			EXPECT_STREQ("shm", kind);	/* /tmp is tmpfs */
		if (self->l.stack_low >= s && self->l.stack_low < e)
			EXPECT_STREQ("stack", kind);
	}
	/* Every kind the layout has (shm: the tmpfs file mapped shared). */
	EXPECT_EQ((1U << 10) - 1, seen) TH_LOG("kinds seen mask %#x", seen);
	free(lines);
	free(vb);
}

struct pline {
	unsigned long va, pfn;
	int kind;	/* 0 present, 1 swap, 2 other, 3 migration/hwpoison */
	unsigned long n;	/* pages covered */
	unsigned int type;
	unsigned long off;
	char flags[20];
};

static int parse_pages(char *buf, struct pline **out)
{
	char **lines;
	int n, i, k = 0;
	struct pline *v;

	n = ms_split_lines(buf, &lines);
	v = calloc(n + 1, sizeof(*v));
	for (i = 0; i < n; i++) {
		char w2[16], w3[16];
		struct pline *p = &v[k++];

		if (sscanf(lines[i], "%lx swap %u %lx", &p->va, &p->type, &p->off) == 3) {
			p->kind = 1;
			p->n = 1;
		} else if (sscanf(lines[i], "%lx %lx %15s %19s", &p->va, &p->pfn, w2,
				  p->flags) == 4) {
			p->kind = 0;
			p->n = !strcmp(w2, "pte") ? 1 : !strcmp(w2, "pmd") ? 512 : 262144;
		} else if (sscanf(lines[i], "%lx %15s %lx %15s", &p->va, w2,
				  &p->pfn, w3) == 4 &&
			   (!strcmp(w2, "hwpoison") || !strcmp(w2, "migration"))) {
			/* a PFN swap entry: pagemap shows it as swap */
			p->kind = 3;
			p->n = !strcmp(w3, "pte") ? 1 : !strcmp(w3, "pmd") ? 512 : 262144;
		} else {
			sscanf(lines[i], "%lx %15s %15s", &p->va, w2, w3);
			p->kind = 2;
			p->n = 1;
		}
	}
	free(lines);
	*out = v;
	return k;
}

static void check_translate(FIXTURE_DATA(proc) *self,
			    struct __test_metadata *_metadata,
			    unsigned long va, const char *what);

/* Every page line has pagemap's PFN (or swap type/offset), and back. */
static int pages_vs_pagemap(FIXTURE_DATA(proc) *self,
			    struct __test_metadata *_metadata, bool log,
			    unsigned long *npresent, unsigned long *nswap)
{
	char *pb, *mb, **lines;
	struct pline *v;
	int n, i, nm, fd, bad = 0;
	unsigned long ours = 0, theirs = 0;

	if (ms_read_file(ms_file(self, "pages"), &pb) <= 0)
		return -1;
	n = parse_pages(pb, &v);
	fd = open(proc_file(self->pid, "pagemap"), O_RDONLY);
	if (fd < 0)
		return -1;
	*npresent = *nswap = 0;
	for (i = 0; i < n; i++) {
		unsigned long j;

		ours += v[i].kind == 2 ? 0 : v[i].n;
		for (j = 0; j < v[i].n; j++) {
			uint64_t e = 0;

			if (pread(fd, &e, 8, ((v[i].va / PG) + j) * 8) != 8)
				e = 0;
			if (v[i].kind == 0 &&
			    (!PM_PRESENT(e) || PM_PFN(e) != v[i].pfn + j)) {
				if (log && bad < 10)
					TH_LOG("%lx: pfn %lx, pagemap %" PRIx64,
					       v[i].va + j * PG, v[i].pfn + j, e);
				bad++;
			}
			if (v[i].kind == 3 &&
			    (!PM_SWAP(e) || PM_PFN(e) >> 5 != v[i].pfn)) {
				if (log && bad < 10)
					TH_LOG("%lx: pfn entry %lx, pagemap %" PRIx64,
					       v[i].va, v[i].pfn, e);
				bad++;
			}
			if (v[i].kind == 1 &&
			    (!PM_SWAP(e) || (e & 31) != v[i].type ||
			     ((PM_PFN(e)) >> 5) != v[i].off)) {
				if (log && bad < 10)
					TH_LOG("%lx: swap %u/%lx, pagemap %" PRIx64,
					       v[i].va, v[i].type, v[i].off, e);
				bad++;
			}
		}
		if (v[i].kind == 0)
			*npresent += v[i].n;
		if (v[i].kind == 1)
			(*nswap)++;
	}
	/* The other direction: count present + swap in pagemap over maps. */
	if (ms_read_file(proc_file(self->pid, "maps"), &mb) > 0) {
		nm = ms_split_lines(mb, &lines);
		for (i = 0; i < nm; i++) {
			unsigned long s, e, a;
			uint64_t *buf;

			if (sscanf(lines[i], "%lx-%lx", &s, &e) != 2 ||
			    strstr(lines[i], "[vsyscall]"))
				continue;
			buf = malloc((e - s) / PG * 8);
			if (pread(fd, buf, (e - s) / PG * 8, s / PG * 8) < 0)
				continue;
			for (a = 0; a < (e - s) / PG; a++)
				if (PM_PRESENT(buf[a]) || PM_SWAP(buf[a]))
					theirs++;
			free(buf);
		}
		free(lines);
		free(mb);
	}
	if (ours != theirs) {
		if (log)
			TH_LOG("pages covers %lu pages, pagemap %lu", ours, theirs);
		bad++;
	}
	close(fd);
	free(v);
	free(pb);
	return bad;
}

TEST_F(proc, pages_equal_pagemap)
{
	unsigned long np = 0, ns = 0;
	int t, bad = 1;

	for (t = 0; t < TRIES && bad; t++)
		bad = pages_vs_pagemap(self, _metadata, t == TRIES - 1, &np, &ns);
	EXPECT_EQ(0, bad);
	EXPECT_LT(100UL, np);
	TH_LOG("present pages %lu, swap entries %lu", np, ns);
}

/*
 * With zram swap on, MADV_PAGEOUT turned the 16 pages into swap entries:
 * pagemap must show them, and pages and translate must show the same
 * type and offset.
 */
TEST_F(proc, swap_entries_equal_pagemap)
{
	unsigned long np = 0, ns = 0, va, inrange = 0;
	struct pline *v;
	char *pb;
	int n, i, t, bad = 1, pm = 0;

	if (!self->swap)
		SKIP(return, "%s", self->swap_why);
	for (va = self->l.swap; va < self->l.swap + 16 * PG; va += PG)
		pm += PM_SWAP(pagemap(self->pid, va));
	ASSERT_LT(0, pm) TH_LOG("MADV_PAGEOUT with swap on left every page resident");
	for (t = 0; t < TRIES && bad; t++)
		bad = pages_vs_pagemap(self, _metadata, t == TRIES - 1, &np, &ns);
	EXPECT_EQ(0, bad);
	EXPECT_LE((unsigned long)pm, ns);
	ASSERT_LT(0, ms_read_file(ms_file(self, "pages"), &pb));
	n = parse_pages(pb, &v);
	for (i = 0; i < n; i++)
		if (v[i].kind == 1 && v[i].va >= self->l.swap &&
		    v[i].va < self->l.swap + 16 * PG)
			inrange++;
	EXPECT_EQ((unsigned long)pm, inrange)
		TH_LOG("pagemap: %d swap entries in the range, pages: %lu", pm, inrange);
	TH_LOG("swap entries: %d in the paged-out range, %lu in all", pm, ns);
	for (va = self->l.swap; va < self->l.swap + 16 * PG; va += PG)
		if (PM_SWAP(pagemap(self->pid, va))) {
			check_translate(self, _metadata, va, "swapped");
			break;
		}
	free(v);
	free(pb);
}

TEST_F(proc, special_leaves)
{
	char *pb;
	struct pline *v;
	int n, i;
	bool pnone = false;
	int checked;

	ASSERT_LT(0, ms_read_file(ms_file(self, "pages"), &pb));
	n = parse_pages(pb, &v);
	for (i = 0; i < n; i++) {
		if (v[i].kind == 0 && v[i].va == self->l.protnone &&
		    strchr(v[i].flags, 'p'))
			pnone = true;
	}
	/* Flag letters of plain pages (the walker's fast path). */
	for (i = 0, checked = 0; i < n; i++) {
		if (v[i].kind == 0 && v[i].va == ((self->l.big + 4 * PG) & ~(PG - 1))) {
			checked++;
			EXPECT_NE(NULL, strchr(v[i].flags, 'A')) TH_LOG("%s", v[i].flags);
			EXPECT_NE(NULL, strchr(v[i].flags, 'w')) TH_LOG("%s", v[i].flags);
			EXPECT_EQ(NULL, strchr(v[i].flags, 'x')) TH_LOG("%s", v[i].flags);
		}
		if (v[i].kind == 0 && v[i].va == self->l.fshared + 3 * PG) {
			checked++;
			EXPECT_EQ(NULL, strchr(v[i].flags, 'A')) TH_LOG("%s", v[i].flags);
		}
	}
	EXPECT_EQ(2, checked);
	EXPECT_TRUE(pnone);
	free(v);
	free(pb);
}

/* Is there a "pages" line for VA of N pages whose flags have FLAG? */
static bool has_leaf(FIXTURE_DATA(proc) *self, unsigned long va,
		     unsigned long n, char flag)
{
	struct pline *v;
	char *pb;
	bool found = false;
	int k, i;

	if (ms_read_file(ms_file(self, "pages"), &pb) <= 0)
		return false;
	k = parse_pages(pb, &v);
	for (i = 0; i < k; i++)
		if (v[i].kind == 0 && v[i].va == va && v[i].n == n &&
		    (!flag || strchr(v[i].flags, flag)))
			found = true;
	free(v);
	free(pb);
	return found;
}

/*
 * A THP is the kernel's choice even under MADV_HUGEPAGE: when pagemap
 * shows 512 contiguous, aligned frames, pages must show one PMD leaf, and
 * not otherwise; when the kernel gave small pages there is nothing to see.
 */
TEST_F(proc, thp_leaf)
{
	uint64_t a, b;
	bool contiguous, leaf;

	if (!self->thp)
		SKIP(return, "%s", self->thp_why);
	ASSERT_NE(0UL, self->l.thp) TH_LOG("MADV_HUGEPAGE refused with THP on");
	a = pagemap(self->pid, self->l.thp);
	b = pagemap(self->pid, self->l.thp + HPAGE - PG);
	contiguous = PM_PRESENT(a) && PM_PFN(b) == PM_PFN(a) + 511 &&
		     !(PM_PFN(a) & 511);
	leaf = has_leaf(self, self->l.thp, 512, 0);
	if (!contiguous && !leaf)
		SKIP(return, "the kernel gave small pages at %lx, no THP", self->l.thp);
	EXPECT_TRUE(contiguous && leaf)
		TH_LOG("THP at %lx: pagemap %s, pages %s", self->l.thp,
		       contiguous ? "huge" : "small", leaf ? "huge" : "small");
	check_translate(self, _metadata, self->l.thp + 300 * PG + 7, "thp");
}

TEST_F(proc, hugetlb_leaf)
{
	if (!self->hugetlb)
		SKIP(return, "%s", self->hugetlb_why);
	ASSERT_TRUE(self->l.have_huge)
		TH_LOG("MAP_HUGETLB failed with hugetlb pages reserved");
	EXPECT_TRUE(has_leaf(self, self->l.huge, 512, 'H'))
		TH_LOG("hugetlb leaf at %lx", self->l.huge);
	check_translate(self, _metadata, self->l.huge + 100 * PG, "hugetlb");
}

TEST_F(proc, pgtables_bytes_equal_vmpte)
{
	char *pt, *mm, *st;
	unsigned long walked, bytes, mbytes;
	long vmpte;
	int t;

	for (t = 0; t < TRIES; t++) {
		ASSERT_LT(0, ms_read_file(ms_file(self, "pagetable"), &pt));
		ASSERT_LT(0, ms_read_file(ms_file(self, "mm"), &mm));
		ASSERT_LT(0, ms_read_file(proc_file(self->pid, "status"), &st));
		walked = mm_key(pt, "pgtables_bytes_walked");
		bytes = mm_key(pt, "pgtables_bytes");
		mbytes = mm_key(mm, "pgtables_bytes");
		vmpte = kv_kb(st, "VmPTE:");
		if (walked == bytes && bytes == mbytes &&
		    (long)mbytes == vmpte * 1024)
			break;
		if (t == TRIES - 1)
			TH_LOG("walked %lu, pagetable %lu, mm %lu, VmPTE %ld kB\n%s",
			       walked, bytes, mbytes, vmpte, pt);
		free(pt);
		free(mm);
		free(st);
	}
	ASSERT_LT(t, TRIES);
	EXPECT_LT(0UL, mm_key(pt, "pte_tables"));
	EXPECT_LT(0UL, mm_key(pt, "pmd_tables"));
	EXPECT_LT(0UL, mm_key(pt, "pud_tables"));
	free(pt);
	free(mm);
	free(st);
}

TEST_F(proc, mm_equal_proc_stat_and_status)
{
	char *mm, *stat, *st, *p, *maps;
	unsigned long f[64];
	int i, t, nmaps = 0;
	bool ok = false;

	for (t = 0; t < TRIES && !ok; t++) {
		ASSERT_LT(0, ms_read_file(ms_file(self, "mm"), &mm));
		ASSERT_LT(0, ms_read_file(proc_file(self->pid, "stat"), &stat));
		ASSERT_LT(0, ms_read_file(proc_file(self->pid, "status"), &st));
		ASSERT_LT(0, ms_read_file(proc_file(self->pid, "maps"), &maps));
		/* Fields after "(comm) ": field 3 is the state. */
		p = strrchr(stat, ')') + 2;
		for (i = 3; i <= 52 && p; i++) {
			f[i] = strtoul(p, NULL, 10);
			p = strchr(p, ' ');
			if (p)
				p++;
		}
		/* map_count does not count the vsyscall gate line. */
		nmaps = strstr(maps, "[vsyscall]") ? -1 : 0;
		for (p = maps; *p; p++)
			nmaps += *p == '\n';
		ok = mm_key(mm, "start_code") == f[26] &&
		     mm_key(mm, "end_code") == f[27] &&
		     mm_key(mm, "start_stack") == f[28] &&
		     mm_key(mm, "start_data") == f[45] &&
		     mm_key(mm, "end_data") == f[46] &&
		     mm_key(mm, "start_brk") == f[47] &&
		     mm_key(mm, "arg_start") == f[48] &&
		     mm_key(mm, "arg_end") == f[49] &&
		     mm_key(mm, "env_start") == f[50] &&
		     mm_key(mm, "env_end") == f[51] &&
		     (long)mm_key(mm, "total_vm") * 4 == kv_kb(st, "VmSize:") &&
		     (long)mm_key(mm, "rss_anon") * 4 == kv_kb(st, "RssAnon:") &&
		     (long)mm_key(mm, "rss_file") * 4 == kv_kb(st, "RssFile:") &&
		     (long)mm_key(mm, "rss_shmem") * 4 == kv_kb(st, "RssShmem:") &&
		     (long)mm_key(mm, "swap_ents") * 4 == kv_kb(st, "VmSwap:") &&
		     (long)mm_key(mm, "map_count") == nmaps;
		if (!ok && t == TRIES - 1)
			TH_LOG("mm:\n%s\nstat: %s\nstatus:\n%s", mm, stat, st);
		free(mm);
		free(stat);
		free(st);
		free(maps);
	}
	EXPECT_TRUE(ok);
}

TEST(mm_levels_follow_la57)
{
	char *mm, *cpu;
	bool la57;

	ASSERT_LT(0, ms_read_file(MS_DEBUGFS "/self/mm", &mm));
	ASSERT_LT(0, ms_read_file("/proc/cpuinfo", &cpu));
	la57 = strstr(cpu, " la57") != NULL;
	EXPECT_EQ(la57 ? 5UL : 4UL, mm_key(mm, "levels"));
	free(mm);
	free(cpu);
}

/* Ask translate about ADDR on a fresh descriptor. */
static int translate(const char *file, const char *addr, char *out, size_t len)
{
	int fd = open(file, O_RDWR);
	ssize_t n;
	int err = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, addr, strlen(addr)) < 0) {
		err = -errno;
		goto out;
	}
	n = read(fd, out, len - 1);
	if (n < 0)
		err = -errno;
	else
		out[n] = '\0';
out:
	close(fd);
	return err;
}

static unsigned long tr_key(const char *buf, const char *key)
{
	return mm_key(buf, key);
}

static void check_translate(FIXTURE_DATA(proc) *self,
			    struct __test_metadata *_metadata,
			    unsigned long va, const char *what)
{
	char out[4096], a[32];
	uint64_t e;
	int t;

	for (t = 0; t < TRIES; t++) {
		snprintf(a, sizeof(a), "%#lx\n", va);
		ASSERT_EQ(0, translate(ms_file(self, "translate"), a, out, sizeof(out)))
			TH_LOG("%s at %lx", what, va);
		e = pagemap(self->pid, va);
		if (PM_PRESENT(e) && strstr(out, "entry present") &&
		    strtoull(strstr(out, "\npfn ") + 5, NULL, 16) == PM_PFN(e) &&
		    strtoull(strstr(out, "\nphys ") + 6, NULL, 16) ==
		    (PM_PFN(e) << 12 | (va & (PG - 1))))
			return;
		if (PM_SWAP(e) && strstr(out, "entry swap") &&
		    strtoul(strstr(out, "swap_type ") + 10, NULL, 10) == (e & 31) &&
		    strtoull(strstr(out, "swap_offset ") + 12, NULL, 16) ==
		    PM_PFN(e) >> 5)
			return;
		if (!PM_PRESENT(e) && !PM_SWAP(e) && strstr(out, "entry none"))
			return;
	}
	TH_LOG("%s at %lx: pagemap %" PRIx64 "\n%s", what, va, e, out);
	EXPECT_TRUE(false);
}

TEST_F(proc, translate_equals_pagemap)
{
	char out[4096], a[32];

	check_translate(self, _metadata, self->l.big + 5 * PG + 123, "malloc");
	check_translate(self, _metadata, self->l.small[0], "brk heap");
	check_translate(self, _metadata, self->l.data, "data");
	check_translate(self, _metadata, self->l.bss + 40000, "bss");
	check_translate(self, _metadata, self->l.fpriv + 2 * PG, "file cow");
	check_translate(self, _metadata, self->l.fshared + 3 * PG, "file shared");
	check_translate(self, _metadata, self->l.fpriv + 9 * PG, "file not touched");
	check_translate(self, _metadata, self->l.protnone + PG, "prot_none");
	check_translate(self, _metadata, self->l.swap + 3 * PG, "swapped");
	check_translate(self, _metadata, self->l.stack_low, "deep stack");
	/* Unmapped: no VMA. */
	EXPECT_EQ(-ENXIO, translate(ms_file(self, "translate"), "0x1000",
				    out, sizeof(out)));
	snprintf(a, sizeof(a), "%#lx", self->l.unmapped);
	EXPECT_EQ(-ENXIO, translate(ms_file(self, "translate"), a, out,
				    sizeof(out))) TH_LOG("%s", out);
	/* Just below the 4-level top: unmapped in this layout. */
	snprintf(a, sizeof(a), "%#lx", (1UL << 47) - 2 * PG);
	EXPECT_EQ(-ENXIO, translate(ms_file(self, "translate"), a, out,
				    sizeof(out))) TH_LOG("%s", out);
}

/*
 * The walk follows the paging mode the CPU flags give: "p4d folded" with 4
 * levels, a p4d line with 5; under PTI (cpuinfo "pti", mm "kpti 1") the
 * user copy of the top level too. pti_set_user_pgtbl() writes a user entry
 * to both copies and sets NX in the kernel copy only, so the two raw
 * values differ exactly by NX.
 */
TEST_F(proc, translate_follows_paging_mode)
{
	char out[4096], a[32], *cpu, *mm, *l;
	unsigned long long kpgd = 0, upgd = 0;
	unsigned long ki = 0, ui = ~0UL;
	bool pti, la57;

	ASSERT_LT(0, ms_read_file("/proc/cpuinfo", &cpu));
	pti = strstr(cpu, " pti") != NULL;
	la57 = strstr(cpu, " la57") != NULL;
	free(cpu);
	ASSERT_LT(0, ms_read_file(ms_file(self, "mm"), &mm));
	EXPECT_EQ(pti ? 1UL : 0UL, mm_key(mm, "kpti"));
	free(mm);
	snprintf(a, sizeof(a), "%#lx\n", self->l.stack_low);
	ASSERT_EQ(0, translate(ms_file(self, "translate"), a, out, sizeof(out)));
	EXPECT_EQ(!la57, strstr(out, "\np4d folded\n") != NULL) TH_LOG("%s", out);
	EXPECT_EQ(la57, strstr(out, "\np4d ") != NULL &&
		  !strstr(out, "\np4d folded")) TH_LOG("%s", out);
	l = strstr(out, "\npgd ");
	ASSERT_NE(NULL, l) TH_LOG("%s", out);
	ASSERT_EQ(2, sscanf(l, "\npgd %lu %llx", &ki, &kpgd));
	l = strstr(out, "\npgd_user ");
	EXPECT_EQ(pti, l != NULL) TH_LOG("%s", out);
	if (!pti || !l)
		return;
	ASSERT_EQ(2, sscanf(l, "\npgd_user %lu %llx", &ui, &upgd));
	EXPECT_EQ(ki, ui);
	EXPECT_NE(0ULL, upgd & 1) TH_LOG("user pgd copy not present: %s", out);
	EXPECT_EQ(kpgd, upgd | (1ULL << 63)) TH_LOG("%s", out);
	EXPECT_EQ(0ULL, upgd >> 63) TH_LOG("%s", out);
}

TEST_F(proc, translate_high_mapping_5level)
{
	char *mm;

	ASSERT_LT(0, ms_read_file(ms_file(self, "mm"), &mm));
	if (mm_key(mm, "levels") != 5) {
		free(mm);
		SKIP(return, "4-level paging: no address above 2^47");
	}
	free(mm);
	ASSERT_TRUE(self->l.have_high) TH_LOG("mmap hint above 2^47 ignored");
	check_translate(self, _metadata, self->l.high, "above 2^47");
}

TEST_F(proc, translate_bad_input)
{
	static const struct { const char *in; int err; } cases[] = {
		{ "xyz\n", -EINVAL },
		{ "-1\n", -EINVAL },
		{ "0x1000000000000000\n", -EINVAL },	/* non-canonical */
		{ "0xffffffff81000000\n", -ERANGE },	/* kernel half */
		{ "0x1ffffffffffffffff\n", -ERANGE },	/* above 64 bits */
		{ "\n", -EINVAL },
	};
	char out[256];
	unsigned int i;
	int fd;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		EXPECT_EQ(cases[i].err, translate(ms_file(self, "translate"),
						  cases[i].in, out, sizeof(out)))
			TH_LOG("translate case %u", i);
	/* Reading before any question. */
	fd = open(ms_file(self, "translate"), O_RDWR);
	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, read(fd, out, sizeof(out)));
	EXPECT_EQ(EINVAL, errno);
	close(fd);
}

TEST(track_bad_input)
{
	static const struct { const char *in; int err; } cases[] = {
		{ "abc", -EINVAL }, { "-5", -EINVAL }, { "0", -EINVAL },
		{ "99999999999", -ERANGE }, { "4194305", -ERANGE },
		{ "2", -EINVAL },	/* kthreadd: a kernel thread */
		{ "", -EINVAL },
	};
	unsigned int i;
	char buf[32];
	pid_t pid;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		EXPECT_EQ(cases[i].err, ms_write_file(MS_DEBUGFS "/track", cases[i].in))
			TH_LOG("track case %u", i);
	/* An exited (reaped) process. */
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0)
		_exit(0);
	waitpid(pid, NULL, 0);
	snprintf(buf, sizeof(buf), "%d", pid);
	EXPECT_EQ(-ESRCH, ms_write_file(MS_DEBUGFS "/track", buf));
	EXPECT_EQ(-ESRCH, ms_write_file(MS_DEBUGFS "/untrack", buf));
	/* Twice the same. */
	snprintf(buf, sizeof(buf), "%d", getpid());
	ASSERT_EQ(0, ms_write_file(MS_DEBUGFS "/track", buf));
	EXPECT_EQ(-EBUSY, ms_write_file(MS_DEBUGFS "/track", buf));
	EXPECT_EQ(0, ms_write_file(MS_DEBUGFS "/untrack", buf));
	EXPECT_EQ(-ESRCH, ms_write_file(MS_DEBUGFS "/untrack", buf));
}

/* A tracked process that exits reads as -ESRCH: zombie, then reaped. */
TEST(exited_process_is_esrch)
{
	static const char *const files[] = {
		"maps", "vmas", "mm", "pagetable", "pages",
	};
	char dir[96], path[128], buf[32], *out;
	unsigned int i;
	int hold[2];
	pid_t pid;

	ASSERT_EQ(0, pipe(hold));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		char c;

		close(hold[1]);
		(void)!read(hold[0], &c, 1);
		_exit(0);
	}
	close(hold[0]);
	snprintf(buf, sizeof(buf), "%d", pid);
	ASSERT_EQ(0, ms_write_file(MS_DEBUGFS "/track", buf));
	snprintf(dir, sizeof(dir), MS_DEBUGFS "/pids/%d", pid);
	snprintf(path, sizeof(path), "%s/maps", dir);
	ASSERT_LT(0, ms_read_file(path, &out));
	free(out);
	close(hold[1]);
	/* Zombie: exited, not yet reaped. */
	usleep(200000);
	for (i = 0; i < 5; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		EXPECT_EQ(-ESRCH, ms_read_file(path, &out)) TH_LOG("zombie %s", files[i]);
	}
	waitpid(pid, NULL, 0);
	for (i = 0; i < 5; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		EXPECT_EQ(-ESRCH, ms_read_file(path, &out)) TH_LOG("reaped %s", files[i]);
	}
	EXPECT_EQ(0, ms_write_file(MS_DEBUGFS "/untrack", buf));
}

/* A process that maps, unmaps and exits while being read: never an oops. */
TEST(exit_while_reading)
{
	static const char *const files[] = { "maps", "vmas", "pagetable", "pages" };
	char path[128], buf[32], *out;
	int round, i;

	for (round = 0; round < 4; round++) {
		pid_t pid = fork();

		ASSERT_LE(0, pid);
		if (pid == 0) {
			int k;

			for (k = 0; k < 200; k++) {
				char *p = mmap(NULL, 64 * PG, PROT_READ | PROT_WRITE,
					       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

				memset(p, k, 64 * PG);
				munmap(p, 64 * PG);
			}
			_exit(0);
		}
		snprintf(buf, sizeof(buf), "%d", pid);
		if (ms_write_file(MS_DEBUGFS "/track", buf))
			continue;	/* already gone */
		for (i = 0; i < 40; i++) {
			ssize_t n;

			snprintf(path, sizeof(path), MS_DEBUGFS "/pids/%d/%s",
				 pid, files[i % 4]);
			n = ms_read_file(path, &out);
			EXPECT_TRUE(n > 0 || n == -ESRCH) TH_LOG("%s: %zd", path, n);
			if (n > 0)
				free(out);
		}
		waitpid(pid, NULL, 0);
		EXPECT_EQ(0, ms_write_file(MS_DEBUGFS "/untrack", buf));
	}
}

/* Copy on write: the child shares the parent's page until it writes. */
TEST(cow_after_fork)
{
	int up[2], down[2];
	char *p, c, buf[32], out[4096], path[96];
	unsigned long before, after, parent;
	pid_t pid;

	p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		 -1, 0);
	ASSERT_NE(MAP_FAILED, p);
	p[0] = 1;
	ASSERT_EQ(0, pipe(up));
	ASSERT_EQ(0, pipe(down));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		(void)!read(down[0], &c, 1);
		p[0] = 2;	/* COW break */
		(void)!write(up[1], &c, 1);
		(void)!read(down[0], &c, 1);
		_exit(0);
	}
	snprintf(buf, sizeof(buf), "%d", pid);
	ASSERT_EQ(0, ms_write_file(MS_DEBUGFS "/track", buf));
	snprintf(path, sizeof(path), MS_DEBUGFS "/pids/%d/translate", pid);
	snprintf(buf, sizeof(buf), "%#lx", (unsigned long)p);
	ASSERT_EQ(0, translate(MS_DEBUGFS "/self/translate", buf, out, sizeof(out)));
	parent = strtoul(strstr(out, "\npfn ") + 5, NULL, 16);
	EXPECT_EQ(parent, PM_PFN(pagemap(getpid(), (unsigned long)p)));
	ASSERT_EQ(0, translate(path, buf, out, sizeof(out)));
	before = strtoul(strstr(out, "\npfn ") + 5, NULL, 16);
	EXPECT_EQ(parent, before);
	EXPECT_EQ(2UL, tr_key(out, "mapcount")) TH_LOG("%s", out);
	ASSERT_EQ(1, write(down[1], "x", 1));
	ASSERT_EQ(1, read(up[0], &c, 1));
	ASSERT_EQ(0, translate(path, buf, out, sizeof(out)));
	after = strtoul(strstr(out, "\npfn ") + 5, NULL, 16);
	EXPECT_NE(before, after);
	EXPECT_EQ(after, PM_PFN(pagemap(pid, (unsigned long)p)));
	EXPECT_EQ(1UL, tr_key(out, "mapcount"));
	ASSERT_EQ(1, write(down[1], "x", 1));
	waitpid(pid, NULL, 0);
	snprintf(buf, sizeof(buf), "%d", pid);
	ms_write_file(MS_DEBUGFS "/untrack", buf);
}

/* Every user process in the guest, not only the one the test built. */
TEST(every_process)
{
	FIXTURE_DATA(proc) f;
	struct dirent *de;
	int checked = 0;
	DIR *d;

	d = opendir("/proc");
	ASSERT_NE(NULL, d);
	while ((de = readdir(d))) {
		char *maps = NULL, *ours = NULL, buf[32];
		pid_t pid = atoi(de->d_name);
		int t, bad;

		if (pid <= 0 || pid == getpid())
			continue;
		if (ms_read_file(proc_file(pid, "maps"), &maps) <= 0) {
			free(maps);
			continue;	/* kernel thread or gone */
		}
		free(maps);
		snprintf(buf, sizeof(buf), "%d", pid);
		if (ms_write_file(MS_DEBUGFS "/track", buf))
			continue;
		memset(&f, 0, sizeof(f));
		f.pid = pid;
		snprintf(f.dir, sizeof(f.dir), MS_DEBUGFS "/pids/%d", pid);
		for (t = 0, bad = 1; t < TRIES && bad; t++) {
			maps = ours = NULL;
			bad = ms_read_file(ms_file(&f, "maps"), &ours) <= 0 ||
			      ms_read_file(proc_file(pid, "maps"), &maps) <= 0 ||
			      strcmp(ours, maps);
			free(maps);
			free(ours);
		}
		EXPECT_EQ(0, bad) TH_LOG("pid %d maps", pid);
		for (t = 0, bad = 1; t < TRIES && bad; t++)
			bad = vmas_vs_smaps(&f, _metadata, t == TRIES - 1);
		EXPECT_EQ(0, bad) TH_LOG("pid %d vmas", pid);
		checked++;
		ms_write_file(MS_DEBUGFS "/untrack", buf);
	}
	closedir(d);
	TH_LOG("%d processes checked", checked);
	EXPECT_LT(0, checked);
}

#ifndef MADV_HWPOISON
#define MADV_HWPOISON 100
#endif

/*
 * A poisoned page: its PTE becomes a hwpoison entry, which pages and
 * translate decode and pagemap reports as a swap-type entry with the PFN.
 */
TEST(hwpoison_entry)
{
	char *pb, buf[32], out[4096], path[96], a[32], c;
	int up[2], down[2], n, i, found = 0;
	unsigned long va;
	struct pline *v;
	uint64_t e;
	pid_t pid;

	ASSERT_EQ(0, pipe(up));
	ASSERT_EQ(0, pipe(down));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		char *p = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		close(up[0]);
		close(down[1]);
		/*
		 * 6.12 kills the poisoner with SIGBUS (action required): let
		 * a COW sibling poison the shared page; this process keeps
		 * a hwpoison entry (no early kill).
		 */
		memset(p, 1, 2 * PG);
		va = 0;
		pid_t b = fork();
		int st = 0;

		if (b == 0)
			_exit(madvise(p, PG, MADV_HWPOISON) ? 1 : 0);
		waitpid(b, &st, 0);
		if ((WIFEXITED(st) && WEXITSTATUS(st) == 0) ||
		    (WIFSIGNALED(st) && WTERMSIG(st) == SIGBUS))
			va = (unsigned long)p;
		(void)!write(up[1], &va, sizeof(va));
		(void)!read(down[0], &c, 1);
		_exit(0);
	}
	close(up[1]);
	close(down[0]);
	ASSERT_EQ((ssize_t)sizeof(va), read(up[0], &va, sizeof(va)));
	if (!va) {
		close(down[1]);
		waitpid(pid, NULL, 0);
		SKIP(return, "MADV_HWPOISON refused (no CONFIG_MEMORY_FAILURE?)");
	}
	snprintf(buf, sizeof(buf), "%d", pid);
	ASSERT_EQ(0, ms_write_file(MS_DEBUGFS "/track", buf));
	e = pagemap(pid, va);
	TH_LOG("pagemap %" PRIx64, e);
	EXPECT_TRUE(PM_SWAP(e));
	snprintf(path, sizeof(path), MS_DEBUGFS "/pids/%d/pages", pid);
	ASSERT_LT(0, ms_read_file(path, &pb));
	n = parse_pages(pb, &v);
	for (i = 0; i < n; i++) {
		if (v[i].va != va)
			continue;
		found = 1;
		EXPECT_EQ(3, v[i].kind);
		EXPECT_EQ(PM_PFN(e) >> 5, v[i].pfn);
	}
	EXPECT_TRUE(found);
	snprintf(path, sizeof(path), MS_DEBUGFS "/pids/%d/translate", pid);
	snprintf(a, sizeof(a), "%#lx", va);
	ASSERT_EQ(0, translate(path, a, out, sizeof(out)));
	EXPECT_NE(NULL, strstr(out, "entry hwpoison")) TH_LOG("%s", out);
	free(v);
	free(pb);
	ms_write_file(MS_DEBUGFS "/untrack", buf);
	close(down[1]);
	waitpid(pid, NULL, 0);
}

TEST_HARNESS_MAIN
