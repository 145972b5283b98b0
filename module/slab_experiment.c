// SPDX-License-Identifier: GPL-2.0
/*
 * memscope: the slab experiment, one probe cache at a time
 * (`slab_experiment`, and `experiment`'s "slab ..." lines through
 * slab_experiment.h).
 *
 * Writing "slab SIZE ALIGN COUNT [FLAGS]" creates one cache named
 * "memscope_slab" and allocates COUNT objects from it; reading prints the
 * cache's geometry and counts as the slab view reads them; "slab free"
 * frees the objects and destroys the cache. One probe cache exists at a
 * time; it is destroyed on unload. The cache is created with a usercopy
 * region covering the whole object, which keeps the kernel from merging
 * it into an existing cache, so it shows up under its own name in
 * /proc/slabinfo and /sys/kernel/slab. A command and the line it leaves
 * are one hold of ms_probe_lock, so `experiment` answers with the state
 * its own command made.
 *
 * What the cache will hold is charged to the experiment budget
 * (budget.h) after the cache is created and before objects are
 * allocated: DIV_ROUND_UP(COUNT, objects per slab) whole slabs at the
 * cache's real order, and the array of object pointers. The geometry is
 * the kernel's own (kmem_cache.oo through the layout mirrors), so debug
 * flags, red zones and tracking data count. Without a checked layout the
 * order is read off the first object's slab and every object is counted
 * as a slab of its own: an upper bound.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/seq_buf.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "access.h"
#include "budget.h"
#include "memscope.h"
#include "parse.h"
#include "slab_experiment.h"
#include "slab_view.h"
#include "stats.h"

#define MS_PROBE_CACHE		"memscope_slab"
#define MS_PROBE_MIN_SIZE	8
#define MS_PROBE_MAX_SIZE	(64 * 1024)

static unsigned int slab_probe_max_objects = 1 << 20;
module_param(slab_probe_max_objects, uint, 0400);
MODULE_PARM_DESC(slab_probe_max_objects,
		 "most objects a slab_experiment probe cache may hold");

static DEFINE_MUTEX(ms_probe_lock);	/* protects the probe cache's state */
static struct kmem_cache *ms_probe;
static void **ms_probe_obj;
static unsigned int ms_probe_count;
static unsigned int ms_probe_size;
static unsigned int ms_probe_align;
static slab_flags_t ms_probe_flags;
static unsigned long ms_probe_charged;	/* bytes charged to the budget */

static const struct {
	const char *name;
	slab_flags_t flag;
} ms_probe_flag_names[] = {
	{ "hwcache", SLAB_HWCACHE_ALIGN },
	{ "reclaim", SLAB_RECLAIM_ACCOUNT },
	{ "account", SLAB_ACCOUNT },
	{ "poison", SLAB_POISON },
	{ "redzone", SLAB_RED_ZONE },
	{ "store_user", SLAB_STORE_USER },
};

/* Comma-separated flag names, or "-" for none. */
static int ms_parse_flags(char *arg, slab_flags_t *flags)
{
	char *tok;
	int i;

	*flags = 0;
	if (!strcmp(arg, "-"))
		return 0;
	while ((tok = strsep(&arg, ",")) != NULL) {
		for (i = 0; i < ARRAY_SIZE(ms_probe_flag_names); i++)
			if (!strcmp(tok, ms_probe_flag_names[i].name))
				break;
		if (i == ARRAY_SIZE(ms_probe_flag_names))
			return -EINVAL;
		*flags |= ms_probe_flag_names[i].flag;
	}
	return 0;
}

static void ms_probe_destroy(void)
{
	unsigned int i;

	if (!ms_probe)
		return;
	for (i = 0; i < ms_probe_count; i++) {
		kmem_cache_free(ms_probe, ms_probe_obj[i]);
		if (!(i & 1023))
			cond_resched();
	}
	ms_kvfree(ms_probe_obj);
	kmem_cache_destroy(ms_probe);
	ms_budget_uncharge(MS_BUDGET_SLAB, ms_probe_charged);
	ms_probe = NULL;
	ms_probe_obj = NULL;
	ms_probe_count = 0;
	ms_probe_charged = 0;
}

/*
 * What COUNT objects of @s will hold, in bytes (see the top of the file).
 * @first is an object already allocated from @s, or NULL when COUNT is 0.
 */
static unsigned long ms_probe_footprint(struct kmem_cache *s, void *first,
					unsigned int count)
{
	unsigned int order, objs;
	unsigned long slabs;

	if (memscope_slab_geometry(s, &order, &objs) || !objs) {
		order = first ? folio_order(virt_to_folio(first)) : 0;
		objs = 1;
	}
	slabs = DIV_ROUND_UP(count, objs);
	return slabs * (PAGE_SIZE << order) +
	       ms_budget_alloc_bytes(max(count, 1U) * sizeof(void *));
}

static int ms_probe_create(unsigned int size, unsigned int align,
			   unsigned int count, slab_flags_t flags)
{
	struct kmem_cache *s;
	unsigned long bytes;
	unsigned int i;
	void **obj;
	int ret;

	if (ms_probe)
		return -EBUSY;
	obj = ms_kvzalloc(max(count, 1U) * sizeof(*obj), GFP_KERNEL);
	if (!obj)
		return -ENOMEM;
	s = kmem_cache_create_usercopy(MS_PROBE_CACHE, size, align, flags, 0,
				       size, NULL);
	if (!s) {
		ms_kvfree(obj);
		return -ENOMEM;
	}
	ms_probe = s;
	ms_probe_obj = obj;
	ms_probe_count = 0;
	ms_probe_size = size;
	ms_probe_align = align;
	ms_probe_flags = flags;
	ms_probe_charged = 0;
	ret = -ENOMEM;
	if (count) {
		/* one object first: its slab tells the order without a layout */
		obj[0] = kmem_cache_alloc(s, GFP_KERNEL | __GFP_NOWARN);
		if (!obj[0])
			goto fail;
		ms_probe_count = 1;
	}
	bytes = ms_probe_footprint(s, obj[0], count);
	ret = ms_budget_charge(MS_BUDGET_SLAB, bytes);
	if (ret)
		goto fail;
	ms_probe_charged = bytes;
	for (i = ms_probe_count; i < count; i++) {
		/* a million objects take seconds: a kill ends the command */
		if (fatal_signal_pending(current)) {
			ret = -EINTR;
			goto fail;
		}
		obj[i] = kmem_cache_alloc(s, GFP_KERNEL | __GFP_NOWARN);
		if (!obj[i]) {
			ret = -ENOMEM;
			goto fail;
		}
		ms_probe_count = i + 1;
		if (!(i & 1023))
			cond_resched();
	}
	return 0;
fail:
	ms_probe_destroy();
	return ret;
}

/*
 * "slab SIZE ALIGN COUNT [FLAGS]" or "slab free", parsed (parse.h); the
 * caller holds ms_probe_lock.
 */
static int ms_probe_command(struct ms_cmd *c)
{
	char **argv = c->word;
	int argc = c->nwords, ret;
	unsigned int size, align, count;
	slab_flags_t flags = 0;
	u64 v[3];

	if (argc < 2 || strcmp(argv[0], "slab"))
		return -EINVAL;
	if (argc == 2) {
		if (strcmp(argv[1], "free"))
			return -EINVAL;
		ms_probe_destroy();
		return 0;
	}
	if (argc != 4 && argc != 5)
		return -EINVAL;
	ret = ms_parse_number(argv[1], UINT_MAX, &v[0]);
	if (!ret)
		ret = ms_parse_number(argv[2], UINT_MAX, &v[1]);
	if (!ret)
		ret = ms_parse_number(argv[3], UINT_MAX, &v[2]);
	if (ret)
		return ret;
	size = v[0];
	align = v[1];
	count = v[2];
	if (argc == 5 && ms_parse_flags(argv[4], &flags))
		return -EINVAL;
	if (align && !is_power_of_2(align))
		return -EINVAL;
	if (size < MS_PROBE_MIN_SIZE || size > MS_PROBE_MAX_SIZE ||
	    align > PAGE_SIZE)
		return -ERANGE;
	if (count > slab_probe_max_objects)
		return -E2BIG;
	return ms_probe_create(size, align, count, flags);
}

/*
 * The line slab_experiment reads, into @sb; the caller holds ms_probe_lock.
 * -ENOMEM if it does not fit, which MS_SLAB_EXPERIMENT_LINE rules out: the
 * longest line, every number at its widest, is under 380 bytes.
 */
static int ms_probe_line(struct seq_buf *sb)
{
	const char *sep = "";
	int i;

	if (!ms_probe) {
		seq_buf_printf(sb, "none\n");
		goto out;
	}
	seq_buf_printf(sb, "name %s size %u align %u count %u flags ",
		       MS_PROBE_CACHE, ms_probe_size, ms_probe_align,
		       ms_probe_count);
	if (!ms_probe_flags)
		seq_buf_printf(sb, "-");
	for (i = 0; i < ARRAY_SIZE(ms_probe_flag_names); i++)
		if (ms_probe_flags & ms_probe_flag_names[i].flag) {
			seq_buf_printf(sb, "%s%s", sep,
				       ms_probe_flag_names[i].name);
			sep = ",";
		}
	seq_buf_printf(sb, " : ");
	if (memscope_slab_describe(sb, ms_probe) == -EOPNOTSUPP)
		seq_buf_printf(sb, "layout unavailable");
	seq_buf_printf(sb, "\n");
out:
	return seq_buf_has_overflowed(sb) ? -ENOMEM : 0;
}

int ms_slab_experiment_command(struct ms_cmd *cmd, char *buf, size_t size)
{
	struct seq_buf sb;
	int ret;

	seq_buf_init(&sb, buf, size);
	mutex_lock(&ms_probe_lock);
	ret = ms_probe_command(cmd);
	if (!ret)
		ret = ms_probe_line(&sb);
	mutex_unlock(&ms_probe_lock);
	if (ret)
		return ret;
	return seq_buf_used(&sb);
}

static ssize_t slab_experiment_write(struct file *file,
				     const char __user *ubuf, size_t len,
				     loff_t *ppos)
{
	struct ms_cmd c;
	int ret;

	ret = ms_may_write(file, MS_NEED_PHYS);
	if (!ret)
		ret = ms_cmd_from_user(&c, ubuf, len);
	if (ret)
		return ret;
	mutex_lock(&ms_probe_lock);
	ret = ms_probe_command(&c);
	mutex_unlock(&ms_probe_lock);
	return ret ? ret : len;
}

static int slab_experiment_show(struct seq_file *m, void *v)
{
	char line[MS_SLAB_EXPERIMENT_LINE];
	struct seq_buf sb;
	int ret;

	seq_buf_init(&sb, line, sizeof(line));
	mutex_lock(&ms_probe_lock);
	ret = ms_probe_line(&sb);
	mutex_unlock(&ms_probe_lock);
	if (!ret)
		seq_write(m, line, seq_buf_used(&sb));
	return ret;
}

static int slab_experiment_open(struct inode *inode, struct file *file)
{
	int ret = ms_may_open(file, MS_NEED_PHYS);

	if (ret)
		return ret;
	ret = single_open(file, slab_experiment_show, NULL);
	/*
	 * seq_open() clears FMODE_PWRITE; each write is one whole command
	 * wherever it lands, so pwrite() is as good as write().
	 */
	if (!ret)
		file->f_mode |= FMODE_PWRITE;
	return ret;
}

static const struct file_operations slab_experiment_fops = {
	.owner = THIS_MODULE,
	.open = slab_experiment_open,
	.read = seq_read,
	.write = slab_experiment_write,
	.llseek = seq_lseek,
	.release = single_release,
};

void memscope_slab_experiment_init(struct dentry *root)
{
	debugfs_create_file("slab_experiment", 0600, root, NULL,
			    &slab_experiment_fops);
}

/* After the debugfs tree is gone, nobody can write: destroy the cache. */
void memscope_slab_experiment_exit(void)
{
	mutex_lock(&ms_probe_lock);
	ms_probe_destroy();
	mutex_unlock(&ms_probe_lock);
}
