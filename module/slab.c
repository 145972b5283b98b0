// SPDX-License-Identifier: GPL-2.0
/*
 * memscope: the slab view, the SLUB allocator's caches read through
 * load-time-checked mirrors of its private structures (`slabinfo`, and
 * slab_view.h for the slab experiment).
 *
 * What the kernel keeps private and how memscope reaches it:
 *
 * - slab_caches and slab_mutex are not exported: ksyms.c finds these data
 *   symbols without calling any non-exported function.
 * - struct kmem_cache_node and struct slab (and on 6.12 struct kmem_cache
 *   and struct kmem_cache_cpu) are private to mm/. slab_layout_6_*.h
 *   mirror them per series. At load, the layout check creates its own
 *   cache (the check cache) of known name, size, alignment and flags,
 *   reads it back through the mirrors (with fault-tolerant reads only),
 *   finds it on slab_caches, allocates and frees objects in a known
 *   pattern and checks the node counters, the per-CPU slab and the
 *   partial list against what it did. Until that check passes, slabinfo answers -EOPNOTSUPP (and so
 *   does slab_view.h, what this file tells slab_experiment.c of a cache)
 *   and the kernel log says why.
 *
 * slabinfo prints /proc/slabinfo's lines (mm/slab_common.c cache_show)
 * computed as mm/slub.c get_slabinfo() does on 6.12: node counters for
 * slabs and objects, free objects counted on the partial lists under
 * list_lock with interrupts off, at most MS_MAX_PARTIAL_SCAN slabs per
 * node and hold (6.12's count_partial_free_approx(); 6.1 walks the whole
 * list, so the two agree whenever a node holds at most that many partial
 * slabs). slab_mutex is held from seq_file start to stop, as the kernel's
 * own file does, so a cache cannot be destroyed while it is printed.
 * Both holds are accounted in debugfs `stats` (slab_list_lock: slabs
 * walked per hold; slab_mutex: caches printed per hold).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/kfence.h>
#include <linux/list.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/nodemask.h>
#include <linux/percpu.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "ksyms.h"
#include "memscope.h"
#include "slab_layout.h"
#include "slab_view.h"
#include "stats.h"

#ifdef MS_HAVE_SLAB_LAYOUT

/* 6.12 mm/slub.c MAX_PARTIAL_TO_SCAN: partial slabs counted per node. */
#define MS_MAX_PARTIAL_SCAN	10000
/* mm/slub.c OO_SHIFT: struct kmem_cache_order_objects packing. */
#define MS_OO_SHIFT		16
#define MS_OO_MASK		((1U << MS_OO_SHIFT) - 1)
/* Bound on the slab_caches walk while validating. */
#define MS_MAX_CACHES		100000

/* mm/slab.h SLAB_DEBUG_FLAGS (with CONFIG_SLUB_DEBUG). */
#define MS_DEBUG_FLAGS		(SLAB_RED_ZONE | SLAB_POISON | \
				 SLAB_STORE_USER | SLAB_TRACE | \
				 SLAB_CONSISTENCY_CHECKS)

/* The layout check's own cache. */
#define MS_CHECK_NAME		"memscope_layout_check"
#define MS_CHECK_SIZE		200
#define MS_CHECK_ALIGN		64
#define MS_CHECK_FLAGS		(SLAB_HWCACHE_ALIGN | SLAB_RECLAIM_ACCOUNT)

static struct list_head *ms_slab_caches;
static struct mutex *ms_slab_mutex;
static bool ms_layout_ok;
static char ms_layout_why[160];

/* The current slab_mutex hold of a slabinfo read (under slab_mutex). */
static u64 ms_mutex_begin;
static unsigned long ms_mutex_items;

static unsigned int ms_oo_order(unsigned int x)
{
	return x >> MS_OO_SHIFT;
}

static unsigned int ms_oo_objects(unsigned int x)
{
	return x & MS_OO_MASK;
}

static __printf(1, 2) int ms_refuse(const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	vsnprintf(ms_layout_why, sizeof(ms_layout_why), fmt, args);
	va_end(args);
	return -EOPNOTSUPP;
}

/* Fault-tolerant read of one object through a possibly wrong mirror. */
#define MS_GET(dst, src) \
	copy_from_kernel_nofault(&(dst), &(src), sizeof(dst))

/* One slab of the check cache: its objects, and those not freed later. */
struct ms_check_slab {
	const void *head;
	unsigned int total;
	unsigned int kept;
};

/* What one run of the layout check made: its cache, objects and slabs. */
struct ms_check {
	struct ms_kmem_cache *s;
	unsigned int objs;		/* objects per slab (from oo) */
	unsigned int n;			/* objects allocated */
	void **obj;
	struct ms_check_slab *slab;
	unsigned int nslabs;
};

static int ms_check_fields(struct ms_check *p)
{
	struct ms_kmem_cache *s = p->s;
	char name[sizeof(MS_CHECK_NAME)];
	unsigned int size, osize, align, order, objs, oo;
	const char *np;
	slab_flags_t flags;

	if (MS_GET(np, s->name) ||
	    copy_from_kernel_nofault(name, np, sizeof(name)))
		return ms_refuse("kmem_cache.name unreadable");
	if (memcmp(name, MS_CHECK_NAME, sizeof(name)))
		return ms_refuse("kmem_cache.name does not read back");
	if (MS_GET(osize, s->object_size) || osize != MS_CHECK_SIZE ||
	    osize != kmem_cache_size((struct kmem_cache *)s))
		return ms_refuse("kmem_cache.object_size reads %u, want %u",
				 osize, MS_CHECK_SIZE);
	if (MS_GET(align, s->align) || align != MS_CHECK_ALIGN)
		return ms_refuse("kmem_cache.align reads %u, want %u", align,
				 MS_CHECK_ALIGN);
	if (MS_GET(flags, s->flags) ||
	    (flags & MS_CHECK_FLAGS) != MS_CHECK_FLAGS)
		return ms_refuse("kmem_cache.flags lacks the check cache's flags");
	if (MS_GET(size, s->size) || size < osize || size % align ||
	    size > osize + PAGE_SIZE)
		return ms_refuse("kmem_cache.size reads %u", size);
	if (MS_GET(oo, s->oo.x))
		return ms_refuse("kmem_cache.oo unreadable");
	order = ms_oo_order(oo);
	objs = ms_oo_objects(oo);
	/* mm/slub.c order_objects(): whole objects in the slab's pages. */
	if (order > 10 || !objs || objs > 4096 ||
	    objs != (PAGE_SIZE << order) / size)
		return ms_refuse("kmem_cache.oo reads order %u objects %u for size %u",
				 order, objs, size);
	p->objs = objs;
	return 0;
}

static int ms_check_listed(struct ms_check *p)
{
	struct list_head *pos, *want = &p->s->list;
	unsigned long n = 0;
	bool found = false;
	u64 t0;

	mutex_lock(ms_slab_mutex);
	t0 = ms_hold_begin();
	list_for_each(pos, ms_slab_caches) {
		if (pos == want)
			found = true;
		if (++n > MS_MAX_CACHES)
			break;
	}
	ms_hold_end(MS_LOCK_SLAB_MUTEX, t0, n);
	mutex_unlock(ms_slab_mutex);
	if (n > MS_MAX_CACHES)
		return ms_refuse("slab_caches longer than %d", MS_MAX_CACHES);
	if (!found)
		return ms_refuse("check cache not found on slab_caches");
	return 0;
}

/* Node counters summed over nodes; checks every node pointer on the way. */
static int ms_read_nodes(struct ms_check *p, long *slabs, long *objs,
			 unsigned long *partial)
{
	int nid;

	*slabs = 0;
	*objs = 0;
	*partial = 0;
	for (nid = 0; nid < nr_node_ids; nid++) {
		struct ms_kmem_cache_node *n;
		long ns, no;
		unsigned long np;

		if (MS_GET(n, p->s->node[nid]))
			return ms_refuse("kmem_cache.node unreadable");
		/*
		 * Every node with normal memory has one; a node whose memory
		 * went offline may keep its own.
		 */
		if (!n && node_state(nid, N_NORMAL_MEMORY))
			return ms_refuse("kmem_cache.node[%d] missing", nid);
		if (!n)
			continue;
		if (!virt_addr_valid(n) || !PageSlab(virt_to_head_page(n)))
			return ms_refuse("kmem_cache.node[%d] is no slab object",
					 nid);
#ifdef CONFIG_SLUB_DEBUG
		if (MS_GET(ns, n->nr_slabs) || MS_GET(no, n->total_objects))
			return ms_refuse("kmem_cache_node unreadable");
#else
		return ms_refuse("kernel built without CONFIG_SLUB_DEBUG");
#endif
		if (MS_GET(np, n->nr_partial))
			return ms_refuse("kmem_cache_node unreadable");
		*slabs += ns;
		*objs += no;
		*partial += np;
	}
	return 0;
}

/* Walk one node's partial list with fault-tolerant reads only. */
static int ms_walk_partial(struct ms_check *p,
			   struct ms_kmem_cache_node *n, unsigned long bound,
			   unsigned long *count, unsigned long *free)
{
	struct list_head *head = &n->partial, *pos;

	if (MS_GET(pos, n->partial.next))
		return ms_refuse("kmem_cache_node.partial unreadable");
	while (pos != head) {
		struct ms_slab *sl = container_of(pos, struct ms_slab,
						  slab_list);
		struct ms_slab copy;

		if (++*count > bound)
			return ms_refuse("partial list longer than nr_partial");
		if (copy_from_kernel_nofault(&copy, sl, sizeof(copy)))
			return ms_refuse("partial slab unreadable");
		if (copy.slab_cache != (struct kmem_cache *)p->s)
			return ms_refuse("partial slab of another cache");
		if (copy.objects != p->objs || copy.inuse > copy.objects)
			return ms_refuse("partial slab counts %u/%u", copy.inuse,
					 copy.objects);
		*free += copy.objects - copy.inuse;
		pos = copy.slab_list.next;
	}
	return 0;
}

static int ms_check_slabs(struct ms_check *p)
{
	unsigned int i, j;

	p->nslabs = 0;
	for (i = 0; i < p->n; i++) {
		struct ms_slab *sl, copy;

		if (is_kfence_address(p->obj[i]))
			continue;
		sl = (struct ms_slab *)virt_to_head_page(p->obj[i]);
		if (copy_from_kernel_nofault(&copy, sl, sizeof(copy)))
			return ms_refuse("struct slab unreadable");
		if (copy.slab_cache != (struct kmem_cache *)p->s)
			return ms_refuse("slab.slab_cache does not point back");
		if (copy.objects != p->objs || copy.inuse > copy.objects)
			return ms_refuse("slab counts %u/%u, want objects %u",
					 copy.inuse, copy.objects, p->objs);
		for (j = 0; j < p->nslabs; j++)
			if (p->slab[j].head == sl)
				break;
		if (j == p->nslabs) {
			p->slab[j].head = sl;
			p->slab[j].total = 0;
			p->slab[j].kept = 0;
			p->nslabs++;
		}
		p->slab[j].total++;
		/* The odd-numbered objects are freed later. */
		if (!(i & 1))
			p->slab[j].kept++;
	}
	return 0;
}

/* Is (want == NULL) no CPU's slab or partial set, else some CPU's slab? */
static int ms_check_cpus(struct ms_check *p, const void *want)
{
#ifndef CONFIG_SLUB_TINY
	struct ms_kmem_cache_cpu __percpu *pcpu;
	bool seen = false;
	int cpu;

	if (MS_GET(pcpu, p->s->cpu_slab))
		return ms_refuse("kmem_cache.cpu_slab unreadable");
	for_each_possible_cpu(cpu) {
		struct ms_kmem_cache_cpu *c = per_cpu_ptr(pcpu, cpu);
		const void *cur, *partial = NULL;

		if (MS_GET(cur, c->slab))
			return ms_refuse("kmem_cache_cpu unreadable");
#ifdef CONFIG_SLUB_CPU_PARTIAL
		if (MS_GET(partial, c->partial))
			return ms_refuse("kmem_cache_cpu unreadable");
#endif
		if (want && cur == want)
			seen = true;
		if (!want && (cur || partial))
			return ms_refuse("cpu %d keeps a slab after a flush", cpu);
	}
	if (want && !seen)
		return ms_refuse("no CPU holds the check cache's current slab");
#endif
	return 0;
}

static int ms_check_counters(struct ms_check *p)
{
	unsigned long want_slabs = 0, want_partial = 0, want_free = 0;
	unsigned long partial, count = 0, free = 0;
	long slabs, objs;
	unsigned int i;
	int nid, ret;

	ret = ms_read_nodes(p, &slabs, &objs, &partial);
	if (ret)
		return ret;
	if (slabs != p->nslabs || objs != (long)p->nslabs * p->objs)
		return ms_refuse("node counters read %ld slabs %ld objects, want %u and %lu",
				 slabs, objs, p->nslabs,
				 (unsigned long)p->nslabs * p->objs);

	/* Free every odd-numbered object, then flush to the node lists. */
	for (i = 1; i < p->n; i += 2) {
		kmem_cache_free((struct kmem_cache *)p->s, p->obj[i]);
		p->obj[i] = NULL;
	}
	kmem_cache_shrink((struct kmem_cache *)p->s);

	for (i = 0; i < p->nslabs; i++) {
		if (!p->slab[i].kept)
			continue;
		want_slabs++;
		if (p->slab[i].kept < p->objs) {
			want_partial++;
			want_free += p->objs - p->slab[i].kept;
		}
	}
	ret = ms_check_cpus(p, NULL);
	if (ret)
		return ret;
	ret = ms_read_nodes(p, &slabs, &objs, &partial);
	if (ret)
		return ret;
	if (slabs != want_slabs || objs != want_slabs * p->objs ||
	    partial != want_partial)
		return ms_refuse("shrunk: %ld/%ld/%lu slabs/objects/partial, want %lu/%lu/%lu",
				 slabs, objs, partial, want_slabs,
				 want_slabs * p->objs, want_partial);
	for (nid = 0; nid < nr_node_ids; nid++) {
		struct ms_kmem_cache_node *n;

		if (MS_GET(n, p->s->node[nid]))
			return ms_refuse("kmem_cache.node unreadable");
		if (!n)
			continue;
		ret = ms_walk_partial(p, n, want_partial, &count, &free);
		if (ret)
			return ret;
	}
	if (count != want_partial || free != want_free)
		return ms_refuse("partial lists hold %lu slabs %lu free, want %lu and %lu",
				 count, free, want_partial, want_free);
	return 0;
}

static int ms_validate(void)
{
	struct ms_check p = { };
	struct kmem_cache *kc;
	const void *last = NULL;
	unsigned int i;
	int ret;

	ms_slab_caches = ms_lookup_data_symbol("slab_caches");
	ms_slab_mutex = ms_lookup_data_symbol("slab_mutex");
	if (!ms_slab_caches || !ms_slab_mutex)
		return ms_refuse("cannot resolve slab_caches/slab_mutex via kallsyms");

	/* A usercopy region keeps it from merging with another cache. */
	kc = kmem_cache_create_usercopy(MS_CHECK_NAME, MS_CHECK_SIZE,
					MS_CHECK_ALIGN, MS_CHECK_FLAGS, 0,
					MS_CHECK_SIZE, NULL);
	if (!kc)
		return ms_refuse("cannot create the check cache");
	p.s = (struct ms_kmem_cache *)kc;

	ret = ms_check_fields(&p);
	if (!ret)
		ret = ms_check_listed(&p);
	if (ret)
		goto out;

	p.n = 2 * p.objs + 1;
	p.obj = ms_kzalloc(p.n * sizeof(*p.obj), GFP_KERNEL);
	p.slab = ms_kzalloc(p.n * sizeof(*p.slab), GFP_KERNEL);
	if (!p.obj || !p.slab) {
		ret = ms_refuse("out of memory");
		goto out;
	}
	for (i = 0; i < p.n; i++) {
		p.obj[i] = kmem_cache_alloc(kc, GFP_KERNEL);
		if (!p.obj[i]) {
			ret = ms_refuse("check cache allocation failed");
			goto out;
		}
		if (!is_kfence_address(p.obj[i]))
			last = virt_to_head_page(p.obj[i]);
	}
	ret = ms_check_slabs(&p);
	/* Debug caches (slub_debug=...) allocate without CPU slabs. */
	if (!ret && last && !(p.s->flags & MS_DEBUG_FLAGS))
		ret = ms_check_cpus(&p, last);
	if (!ret)
		ret = ms_check_counters(&p);
out:
	if (p.obj)
		for (i = 0; i < p.n; i++)
			if (p.obj[i])
				kmem_cache_free(kc, p.obj[i]);
	ms_kfree(p.obj);
	ms_kfree(p.slab);
	kmem_cache_destroy(kc);
	return ret;
}

/* 6.12 count_partial_free_approx(), the hold accounted in stats. */
static unsigned long ms_partial_free(struct ms_kmem_cache_node *n,
				     bool *approx)
{
	unsigned long flags, x = 0, scanned = 0;
	struct ms_slab *slab;
	u64 t0;

	spin_lock_irqsave(&n->list_lock, flags);
	t0 = ms_hold_begin();
	if (n->nr_partial <= MS_MAX_PARTIAL_SCAN) {
		list_for_each_entry(slab, &n->partial, slab_list) {
			x += slab->objects - slab->inuse;
			scanned++;
		}
	} else {
		/* Sample both ends of a long list and scale. */
		list_for_each_entry(slab, &n->partial, slab_list) {
			x += slab->objects - slab->inuse;
			if (++scanned == MS_MAX_PARTIAL_SCAN / 2)
				break;
		}
		list_for_each_entry_reverse(slab, &n->partial, slab_list) {
			x += slab->objects - slab->inuse;
			if (++scanned == MS_MAX_PARTIAL_SCAN)
				break;
		}
		x = mult_frac(x, n->nr_partial, scanned);
		x = min_t(unsigned long, x,
			  atomic_long_read(&n->total_objects));
		*approx = true;
	}
	ms_hold_end(MS_LOCK_SLAB_LIST, t0, scanned);
	spin_unlock_irqrestore(&n->list_lock, flags);
	return x;
}

struct ms_counts {
	unsigned long active_objs;
	unsigned long num_objs;
	unsigned long slabs;
	unsigned long partial;
	bool approx;
};

/* mm/slub.c get_slabinfo(); partial is the sum of nr_partial. */
static void ms_count(struct ms_kmem_cache *s, struct ms_counts *c)
{
	unsigned long nr_free = 0;
	int nid;

	memset(c, 0, sizeof(*c));
	for (nid = 0; nid < nr_node_ids; nid++) {
		struct ms_kmem_cache_node *n = s->node[nid];

		if (!n)
			continue;
		c->slabs += atomic_long_read(&n->nr_slabs);
		c->num_objs += atomic_long_read(&n->total_objects);
		c->partial += READ_ONCE(n->nr_partial);
		nr_free += ms_partial_free(n, &c->approx);
	}
	c->active_objs = c->num_objs - nr_free;
}

/* Slabs on the per-CPU partial lists, as sysfs slabs_cpu_partial sums. */
static unsigned long ms_cpu_partial_slabs(struct ms_kmem_cache *s)
{
	unsigned long slabs = 0;
#if defined(CONFIG_SLUB_CPU_PARTIAL) && !defined(CONFIG_SLUB_TINY)
	int cpu;

	for_each_possible_cpu(cpu) {
		struct ms_kmem_cache_cpu *c = per_cpu_ptr(s->cpu_slab, cpu);
		struct ms_slab *head = (struct ms_slab *)READ_ONCE(c->partial);

		if (!head)
			continue;
		/*
		 * Read without the CPU's lock, as sysfs slabs_cpu_partial
		 * does: a struct slab is a struct page, always mapped, so a
		 * stale head yields a stale count, never a fault.
		 */
		slabs += data_race(head->slabs);
	}
#endif
	return slabs;
}

static void ms_flags(struct ms_kmem_cache *s, bool approx, char *buf)
{
	static const struct {
		slab_flags_t flag;
		char letter;
	} letters[] = {
		{ SLAB_HWCACHE_ALIGN, 'A' },
		{ SLAB_RECLAIM_ACCOUNT, 'a' },
		{ SLAB_ACCOUNT, 'c' },
		{ SLAB_CACHE_DMA, 'd' },
		{ SLAB_POISON, 'P' },
		{ SLAB_RED_ZONE, 'Z' },
		{ SLAB_STORE_USER, 'U' },
		{ SLAB_CONSISTENCY_CHECKS, 'F' },
		{ SLAB_TYPESAFE_BY_RCU, 'R' },
	};
	char *p = buf;
	int i;

	for (i = 0; i < ARRAY_SIZE(letters); i++)
		if (s->flags & letters[i].flag)
			*p++ = letters[i].letter;
	if (approx)
		*p++ = '~';
	if (p == buf)
		*p++ = '-';
	*p = '\0';
}

/*
 * " %*lu" without vsnprintf(): a line is mostly numbers, and formatting
 * them by hand is what keeps a slabinfo read as cheap as the kernel's.
 */
static void ms_put_num(struct seq_file *m, unsigned long v, int width)
{
	char buf[24];
	int i = sizeof(buf);

	do {
		buf[--i] = '0' + v % 10;
		v /= 10;
	} while (v);
	while (i > 1 && (int)sizeof(buf) - i < width)
		buf[--i] = ' ';
	buf[--i] = ' ';
	seq_write(m, buf + i, sizeof(buf) - i);
}

static void ms_cache_show(struct seq_file *m, struct ms_kmem_cache *s)
{
	unsigned int order = ms_oo_order(s->oo.x);
	unsigned int objs = ms_oo_objects(s->oo.x);
	unsigned long slab_bytes = PAGE_SIZE << order;
	unsigned long waste_slab, waste_total, used;
	struct ms_counts c;
	char flags[16];
	size_t len;
	int nid;

	ms_count(s, &c);
	/* "%-17s %6lu %6lu %6u %4u %4d" */
	len = strlen(s->name);
	seq_write(m, s->name, len);
	for (; len < 17; len++)
		seq_putc(m, ' ');
	ms_put_num(m, c.active_objs, 6);
	ms_put_num(m, c.num_objs, 6);
	ms_put_num(m, s->size, 6);
	ms_put_num(m, objs, 4);
	ms_put_num(m, 1UL << order, 4);
	/* " : tunables %4u %4u %4u" and " : slabdata %6lu %6lu %6lu" */
	seq_puts(m, " : tunables    0    0    0 : slabdata");
	ms_put_num(m, c.slabs, 6);
	ms_put_num(m, c.slabs, 6);
	ms_put_num(m, 0, 6);

	waste_slab = slab_bytes - (unsigned long)objs * s->object_size;
	/* The counters are sampled one by one: never print a negative. */
	used = c.active_objs * s->object_size;
	waste_total = c.slabs * slab_bytes;
	waste_total = waste_total > used ? waste_total - used : 0;
	ms_flags(s, c.approx, flags);
	seq_puts(m, " : memscope");
	ms_put_num(m, order, 0);
	ms_put_num(m, s->object_size, 0);
	ms_put_num(m, s->size, 0);
	ms_put_num(m, s->align, 0);
	ms_put_num(m, ms_cpu_partial_slabs(s), 0);
	ms_put_num(m, waste_slab, 0);
	ms_put_num(m, waste_total, 0);
	seq_putc(m, ' ');
	seq_puts(m, flags);
	ms_put_num(m, c.partial, 0);
	for (nid = 0; nid < nr_node_ids; nid++) {
		struct ms_kmem_cache_node *n = s->node[nid];

		if (!n)
			continue;
		seq_puts(m, " N");
		seq_put_decimal_ull(m, "", nid);
		seq_put_decimal_ull(m, "=", READ_ONCE(n->nr_partial));
	}
	seq_putc(m, '\n');
}

int memscope_slab_geometry(struct kmem_cache *kc, unsigned int *order,
			   unsigned int *objs)
{
	struct ms_kmem_cache *s = (struct ms_kmem_cache *)kc;

	if (!ms_layout_ok)
		return -EOPNOTSUPP;
	*order = ms_oo_order(s->oo.x);
	*objs = ms_oo_objects(s->oo.x);
	return 0;
}

int memscope_slab_describe(struct seq_buf *sb, struct kmem_cache *kc)
{
	struct ms_kmem_cache *s = (struct ms_kmem_cache *)kc;
	struct ms_counts c;
	char flags[16];

	if (!ms_layout_ok)
		return -EOPNOTSUPP;
	ms_count(s, &c);
	ms_flags(s, c.approx, flags);
	seq_buf_printf(sb, "object_size %u slab_size %u align %u order %u objs_per_slab %u",
		       s->object_size, s->size, s->align, ms_oo_order(s->oo.x),
		       ms_oo_objects(s->oo.x));
	seq_buf_printf(sb, " active_objs %lu num_objs %lu slabs %lu partial %lu flags %s",
		       c.active_objs, c.num_objs, c.slabs, c.partial, flags);
	return 0;
}

static void *slabinfo_start(struct seq_file *m, loff_t *pos)
{
	mutex_lock(ms_slab_mutex);
	ms_mutex_begin = ms_hold_begin();
	ms_mutex_items = 0;
	return seq_list_start_head(ms_slab_caches, *pos);
}

static void *slabinfo_next(struct seq_file *m, void *v, loff_t *pos)
{
	return seq_list_next(v, ms_slab_caches, pos);
}

static void slabinfo_stop(struct seq_file *m, void *v)
{
	ms_hold_end(MS_LOCK_SLAB_MUTEX, ms_mutex_begin, ms_mutex_items);
	mutex_unlock(ms_slab_mutex);
}

static int slabinfo_show(struct seq_file *m, void *v)
{
	if (v == ms_slab_caches) {
		seq_puts(m, "slabinfo - version: 2.1\n");
		seq_puts(m, "# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>");
		seq_puts(m, " : tunables <limit> <batchcount> <sharedfactor>");
		seq_puts(m, " : slabdata <active_slabs> <num_slabs> <sharedavail>");
		seq_puts(m, " : memscope <order> <object_size> <slab_size> <align> <cpu_partial_slabs> <waste_per_slab> <waste_total> <flags> <partial> <N#=partial>...\n");
		return 0;
	}
	ms_cache_show(m, list_entry(v, struct ms_kmem_cache, list));
	ms_mutex_items++;
	return 0;
}

static const struct seq_operations slabinfo_sops = {
	.start = slabinfo_start,
	.next = slabinfo_next,
	.stop = slabinfo_stop,
	.show = slabinfo_show,
};

/*
 * Lines are about 1.6 times as long as /proc/slabinfo's. A two-page
 * buffer prints about as many caches per slab_mutex hold as the kernel's
 * one-page chunks do (56 against about 36 in the test guests), and halves
 * the chunks, each of which walks slab_caches from its head.
 */
#define MS_SLABINFO_BUF		(2 * PAGE_SIZE)

static int slabinfo_open(struct inode *inode, struct file *file)
{
	struct seq_file *m;
	int ret;

	if (!ms_layout_ok)
		return -EOPNOTSUPP;
	ret = seq_open(file, &slabinfo_sops);
	if (ret)
		return ret;
	/* seq_read() keeps a buffer it finds; seq_release() frees it. */
	m = file->private_data;
	m->buf = kvmalloc(MS_SLABINFO_BUF, GFP_KERNEL);
	if (!m->buf) {
		seq_release(inode, file);
		return -ENOMEM;
	}
	m->size = MS_SLABINFO_BUF;
	return 0;
}

static const struct file_operations slabinfo_fops = {
	.owner = THIS_MODULE,
	.open = slabinfo_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = seq_release,
};

void memscope_slab_init(struct dentry *root)
{
	int ret = ms_validate();

	/*
	 * The check expects its cache's CPU slab to survive until it looks;
	 * a flush from elsewhere (CPU hotplug, memory offline) could break
	 * that once. A wrong mirror fails every time.
	 */
	if (ret)
		ret = ms_validate();
	ms_layout_ok = !ret;
	if (ms_layout_ok)
		pr_info("slab: SLUB layout %s checked, slabinfo available\n",
			MS_SLAB_SERIES);
	else
		pr_warn("slab: SLUB layout %s refused (%s); slabinfo answers -EOPNOTSUPP\n",
			MS_SLAB_SERIES, ms_layout_why);
	debugfs_create_file("slabinfo", 0400, root, NULL, &slabinfo_fops);
}

#else /* !MS_HAVE_SLAB_LAYOUT */

int memscope_slab_geometry(struct kmem_cache *s, unsigned int *order,
			   unsigned int *objs)
{
	return -EOPNOTSUPP;
}

int memscope_slab_describe(struct seq_buf *sb, struct kmem_cache *s)
{
	return -EOPNOTSUPP;
}

static int slabinfo_open(struct inode *inode, struct file *file)
{
	return -EOPNOTSUPP;
}

static const struct file_operations slabinfo_fops = {
	.owner = THIS_MODULE,
	.open = slabinfo_open,
};

void memscope_slab_init(struct dentry *root)
{
	pr_info("slab: built without a SLUB layout; slabinfo answers -EOPNOTSUPP\n");
	debugfs_create_file("slabinfo", 0400, root, NULL, &slabinfo_fops);
}

#endif /* MS_HAVE_SLAB_LAYOUT */
