/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memscope: mirrors of SLUB's private layouts for Linux 6.1 (mm/slab.h).
 *
 * struct kmem_cache_node and struct slab live in mm/slab.h; struct
 * kmem_cache and struct kmem_cache_cpu are in include/linux/slub_def.h,
 * but that header only compiles after mm/slab.h has defined struct slab,
 * so they are mirrored too. Each is copied field for field, under the
 * same config conditions, with public types. slab.c checks them against
 * a cache of its own at load time before trusting them.
 */
#ifndef MEMSCOPE_SLAB_LAYOUT_6_1_H
#define MEMSCOPE_SLAB_LAYOUT_6_1_H

#include <linux/kasan.h>
#include <linux/kobject.h>
#include <linux/local_lock.h>
#include <linux/mm_types.h>
#include <linux/reciprocal_div.h>
#include <linux/slab.h>

#ifndef CONFIG_SLUB
#error "memscope: the slab view supports SLUB only (6.1 also offers SLAB/SLOB)"
#endif

#define MS_SLAB_SERIES "6.1"

struct ms_kmem_cache_node {
#if MEMSCOPE_TEST_BAD_SLAB_LAYOUT == 1
	unsigned long ms_bad_pad;	/* test build: deliberately wrong */
#endif
	spinlock_t list_lock;		/* guards partial (and full) */
	unsigned long nr_partial;
	struct list_head partial;
#ifdef CONFIG_SLUB_DEBUG
	atomic_long_t nr_slabs;
	atomic_long_t total_objects;
	struct list_head full;
#endif
};

struct ms_slab {
	unsigned long __page_flags;
	union {
		struct list_head slab_list;
		struct rcu_head rcu_head;
#ifdef CONFIG_SLUB_CPU_PARTIAL
		struct {
			struct ms_slab *next;
			int slabs;
		};
#endif
	};
	struct kmem_cache *slab_cache;
#if MEMSCOPE_TEST_BAD_SLAB_LAYOUT != 2
	void *freelist;
#endif
	union {
		unsigned long counters;
		struct {
			unsigned inuse:16;
			unsigned objects:15;
			unsigned frozen:1;
		};
	};
#if MEMSCOPE_TEST_BAD_SLAB_LAYOUT == 2
	void *freelist;		/* test build: swapped with counters */
#endif
	unsigned int __unused;
	atomic_t __page_refcount;
#ifdef CONFIG_MEMCG
	unsigned long memcg_data;
#endif
};

struct ms_kmem_cache_cpu {
	void **freelist;
	unsigned long tid;
	struct ms_slab *slab;
#ifdef CONFIG_SLUB_CPU_PARTIAL
	struct ms_slab *partial;
#endif
	local_lock_t lock;
	/* CONFIG_SLUB_STATS counters follow; memscope does not read them. */
};

struct ms_kmem_cache_order_objects {
	unsigned int x;
};

struct ms_kmem_cache {
	struct ms_kmem_cache_cpu __percpu *cpu_slab;
	slab_flags_t flags;
	unsigned long min_partial;
#if MEMSCOPE_TEST_BAD_SLAB_LAYOUT == 3
	unsigned int ms_bad_pad;	/* test build: deliberately wrong */
#endif
	unsigned int size;
	unsigned int object_size;
	struct reciprocal_value reciprocal_size;
	unsigned int offset;
#ifdef CONFIG_SLUB_CPU_PARTIAL
	unsigned int cpu_partial;
	unsigned int cpu_partial_slabs;
#endif
	struct ms_kmem_cache_order_objects oo;
	struct ms_kmem_cache_order_objects min;
	gfp_t allocflags;
	int refcount;
	void (*ctor)(void *object);
	unsigned int inuse;
	unsigned int align;
	unsigned int red_left_pad;
	const char *name;
	struct list_head list;
#ifdef CONFIG_SYSFS
	struct kobject kobj;
#endif
#ifdef CONFIG_SLAB_FREELIST_HARDENED
	unsigned long random;
#endif
#ifdef CONFIG_NUMA
	unsigned int remote_node_defrag_ratio;
#endif
#ifdef CONFIG_SLAB_FREELIST_RANDOM
	unsigned int *random_seq;
#endif
#ifdef CONFIG_KASAN
	struct kasan_cache kasan_info;
#endif
	unsigned int useroffset;
	unsigned int usersize;
	struct ms_kmem_cache_node *node[MAX_NUMNODES];
};

/* The overlay checks mm/slab.h makes on struct slab (SLAB_MATCH). */
#define MS_SLAB_MATCH(pg, sl) \
	static_assert(offsetof(struct page, pg) == offsetof(struct ms_slab, sl))
MS_SLAB_MATCH(flags, __page_flags);
#if !MEMSCOPE_TEST_BAD_SLAB_LAYOUT
MS_SLAB_MATCH(compound_head, slab_list);
MS_SLAB_MATCH(_refcount, __page_refcount);
#ifdef CONFIG_MEMCG
MS_SLAB_MATCH(memcg_data, memcg_data);
#endif
#endif
#undef MS_SLAB_MATCH
static_assert(sizeof(struct ms_slab) <= sizeof(struct page));

#endif /* MEMSCOPE_SLAB_LAYOUT_6_1_H */
