/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memscope: who may open and write each file. The rule for each is the
 * capability the kernel itself asks for the same information (the ABI
 * file lists them): physical frame numbers and allocations
 * CAP_SYS_ADMIN (as /proc/PID/pagemap's PFNs and /proc/kpageflags);
 * another process's layout CAP_SYS_PTRACE (what ptrace_may_access(),
 * not exported, falls back to for /proc/PID/maps); kernel addresses what
 * kptr_restrict allows /proc/kallsyms (CAP_SYSLOG, never at 2). Files
 * /proc shows under DAC alone (buddyinfo, zoneinfo, ...) need nothing
 * more. -EPERM otherwise.
 */
#ifndef MEMSCOPE_ACCESS_H
#define MEMSCOPE_ACCESS_H

#include <linux/fs.h>

enum ms_need {
	MS_NEED_PHYS,	/* CAP_SYS_ADMIN */
	MS_NEED_PTRACE,	/* CAP_SYS_PTRACE */
	MS_NEED_KADDR,	/* kernel addresses: kptr_restrict and CAP_SYSLOG */
};

/* At open: the opener's credentials (file->f_cred). */
int ms_may_open(struct file *file, enum ms_need need);
/* At write: the opener's and the writer's. */
int ms_may_write(struct file *file, enum ms_need need);

#endif /* MEMSCOPE_ACCESS_H */
