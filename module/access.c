// SPDX-License-Identifier: GPL-2.0
/*
 * memscope: capability checks at open and at write (see access.h).
 */
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/user_namespace.h>

#include "access.h"

/*
 * Kernel addresses, by /proc/kallsyms' rule (kallsyms_show_value()):
 * kptr_restrict 2 never, else CAP_SYSLOG. kptr_restrict itself is not
 * exported, so it is read through %pK, which applies it to the current
 * task: zeros at 2 (or at 1 without CAP_SYSLOG), a hash at 0, the
 * address itself at 1 with CAP_SYSLOG.
 */
static bool ms_kaddr_allowed(void)
{
	static const char zeros[] = "0000000000000000";
	char restricted[24];

	snprintf(restricted, sizeof(restricted), "%pK", (void *)zeros);
	if (!strcmp(restricted, zeros))
		return false;
	return capable(CAP_SYSLOG);
}

static int ms_cap(enum ms_need need)
{
	switch (need) {
	case MS_NEED_PHYS:
		return CAP_SYS_ADMIN;
	case MS_NEED_PTRACE:
		return CAP_SYS_PTRACE;
	default:
		return CAP_SYSLOG;
	}
}

int ms_may_open(struct file *file, enum ms_need need)
{
	if (!file_ns_capable(file, &init_user_ns, ms_cap(need)))
		return -EPERM;
	if (need == MS_NEED_KADDR && !ms_kaddr_allowed())
		return -EPERM;
	return 0;
}

int ms_may_write(struct file *file, enum ms_need need)
{
	if (!file_ns_capable(file, &init_user_ns, ms_cap(need)) ||
	    !capable(ms_cap(need)))
		return -EPERM;
	return 0;
}
