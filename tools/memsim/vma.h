/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memsim: VMA layout model (x86_64): top-down placement below mmap_base,
 * merge and split rules, brk, 6.12's 2 MiB alignment of anonymous
 * mappings whose length is a multiple of 2 MiB.  Output as /proc/PID/maps.
 */
#ifndef MEMSIM_VMA_H
#define MEMSIM_VMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../lib/kseries.h"

#define VM_READ		0x1u
#define VM_WRITE	0x2u
#define VM_EXEC		0x4u
#define VM_SHARED	0x8u
#define VM_GROWSDOWN	0x100u
#define VM_SPECIAL_	0x10000u	/* VM_IO|VM_PFNMAP|VM_MIXEDMAP|VM_DONTEXPAND */

struct vma {
	uint64_t start, end;
	uint32_t flags;
	uint64_t pgoff;		/* in pages */
	uint32_t dev_major, dev_minor;
	uint64_t ino;
	int file;		/* index into names, -1 anonymous */
	uint32_t anon_vma;	/* 0 none */
	char name[64];		/* [heap], [stack], path... */
};

struct vma_set {
	struct vma *v;
	size_t n, cap;
	uint64_t task_size, mmap_base;
	uint64_t start_brk, brk;
	enum ms_series series;
	bool no_thp;		/* built without CONFIG_TRANSPARENT_HUGEPAGE */
	uint32_t next_anon_vma;
	uint64_t map_count_max;
};

void vs_init(struct vma_set *vs, enum ms_series series, uint64_t task_size,
	     uint64_t mmap_base);
void vs_destroy(struct vma_set *vs);
/* mmap_base for a given stack rlimit with ASLR off (arch/x86/mm/mmap.c) */
uint64_t vs_mmap_base(uint64_t task_size, uint64_t stack_rlimit);
/* returns the address or 0 (-ENOMEM); fixed: MAP_FIXED at addr */
uint64_t vs_mmap(struct vma_set *vs, uint64_t addr, uint64_t len,
		 uint32_t flags, bool fixed, int file, uint64_t pgoff,
		 const char *name, uint64_t ino);
/* device numbers of the file VMA at addr (maps' "MAJ:MIN" column) */
void vs_set_dev(struct vma_set *vs, uint64_t addr, unsigned int major,
		unsigned int minor);
int vs_munmap(struct vma_set *vs, uint64_t addr, uint64_t len);
int vs_mprotect(struct vma_set *vs, uint64_t addr, uint64_t len,
		uint32_t prot);
/* set program break; returns new brk */
uint64_t vs_brk(struct vma_set *vs, uint64_t newbrk);
/* first fault in an anonymous VMA: give it an anon_vma */
void vs_touch(struct vma_set *vs, uint64_t addr);
const struct vma *vs_find(const struct vma_set *vs, uint64_t addr);
void vs_print_maps(const struct vma_set *vs, FILE *f);
/* initial VMAs from a maps file (brk from [heap]); 0 or -1 */
int vs_load_maps(struct vma_set *vs, const char *path);
/* print differing lines and the match rate against a maps file */
int vs_expect(const struct vma_set *vs, const char *path);
/* parse one /proc/PID/maps line; 0 or -1 */
int maps_parse_line(const char *line, struct vma *out);
struct lreader;
/*
 * FN(CTX, reader, VMA) for each line of the maps file PATH but blank
 * ones, in order; a line that does not parse (with ALIGNED, or whose
 * range is not page-aligned) is "file:line: not a maps line". FN returns
 * 0, or -1 after its own message. Returns 0 or -1.
 */
int maps_for_each(const char *path, bool aligned,
		  int (*fn)(void *ctx, const struct lreader *lr, struct vma *v),
		  void *ctx);

#endif
