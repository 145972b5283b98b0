/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memscope: mirrors of SLUB's private layouts for Linux 6.12 (mm/slab.h,
 * mm/slub.c).
 *
 * On 6.12 struct kmem_cache, struct kmem_cache_node, struct
 * kmem_cache_cpu and struct slab are all private to mm/. They are copied
 * here field for field, under the same config conditions, with types that
 * are public. slab.c checks them against a cache of its own at load time
 * before trusting them.
 */
#ifndef MEMSCOPE_SLAB_LAYOUT_6_12_H
#define MEMSCOPE_SLAB_LAYOUT_6_12_H

#include <linux/kasan.h>
#include <linux/kobject.h>
#include <linux/local_lock.h>
#include <linux/lockdep_types.h>
#include <linux/mm_types.h>
#include <linux/reciprocal_div.h>
#include <linux/slab.h>

#define MS_SLAB_SERIES "6.12"

/* freelist_aba_t of mm/slab.h, under the same conditions. */
#ifdef CONFIG_64BIT
# ifdef system_has_cmpxchg128
#  define MS_HAS_FREELIST_ABA
# endif
#else
# ifdef system_has_cmpxchg64
#  define MS_HAS_FREELIST_ABA
# endif
#endif
#if defined(MS_HAS_FREELIST_ABA) && !defined(CONFIG_HAVE_ALIGNED_STRUCT_PAGE)
#undef MS_HAS_FREELIST_ABA
#endif

union ms_freelist_aba {
	struct {
		void *freelist;
		unsigned long counter;
	};
#ifdef CONFIG_64BIT
	u128 full;
#else
	u64 full;
#endif
};

struct ms_slab {
	unsigned long __page_flags;
	struct kmem_cache *slab_cache;
	union {
		struct {
			union {
				struct list_head slab_list;
#ifdef CONFIG_SLUB_CPU_PARTIAL
				struct {
					struct ms_slab *next;
					int slabs;
				};
#endif
			};
			union {
				struct {
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
					void *freelist; /* test: swapped */
#endif
				};
#ifdef MS_HAS_FREELIST_ABA
				union ms_freelist_aba freelist_counter;
#endif
			};
		};
		struct rcu_head rcu_head;
	};
	unsigned int __page_type;
	atomic_t __page_refcount;
#ifdef CONFIG_SLAB_OBJ_EXT
	unsigned long obj_exts;
#endif
};

struct ms_kmem_cache_cpu {
	union {
		struct {
			void **freelist;
			unsigned long tid;
		};
		union ms_freelist_aba freelist_tid;
	};
	struct ms_slab *slab;
#ifdef CONFIG_SLUB_CPU_PARTIAL
	struct ms_slab *partial;
#endif
	local_lock_t lock;
	/* CONFIG_SLUB_STATS counters follow; memscope does not read them. */
};

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

struct ms_kmem_cache_order_objects {
	unsigned int x;
};

struct ms_kmem_cache {
#ifndef CONFIG_SLUB_TINY
	struct ms_kmem_cache_cpu __percpu *cpu_slab;
	struct lock_class_key lock_key;
#endif
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
#ifdef CONFIG_KASAN_GENERIC
	struct kasan_cache kasan_info;
#endif
#ifdef CONFIG_HARDENED_USERCOPY
	unsigned int useroffset;
	unsigned int usersize;
#endif
	struct ms_kmem_cache_node *node[MAX_NUMNODES];
};

/* The overlay checks mm/slab.h makes on struct slab (SLAB_MATCH). */
#define MS_SLAB_MATCH(pg, sl) \
	static_assert(offsetof(struct page, pg) == offsetof(struct ms_slab, sl))
MS_SLAB_MATCH(flags, __page_flags);
MS_SLAB_MATCH(compound_head, slab_cache);
#if !MEMSCOPE_TEST_BAD_SLAB_LAYOUT
MS_SLAB_MATCH(_refcount, __page_refcount);
#ifdef CONFIG_SLAB_OBJ_EXT
#ifdef CONFIG_MEMCG
MS_SLAB_MATCH(memcg_data, obj_exts);
#else
MS_SLAB_MATCH(_unused_slab_obj_exts, obj_exts);
#endif
#endif
static_assert(IS_ALIGNED(offsetof(struct ms_slab, freelist),
			 sizeof(union ms_freelist_aba)));
#endif
#undef MS_SLAB_MATCH
static_assert(sizeof(struct ms_slab) <= sizeof(struct page));

#endif /* MEMSCOPE_SLAB_LAYOUT_6_12_H */
