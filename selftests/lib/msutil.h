/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers shared by memscope's C selftests. */
#ifndef MSUTIL_H
#define MSUTIL_H

#include <stddef.h>
#include <sys/types.h>

/* ms_read_file(), ms_write_file(); the debugfs formats' parsers */
#include "../../tools/lib/fileio.h"
#include "../../tools/lib/formats.h"

#define MS_DEBUGFS "/sys/kernel/debug/memscope"

/* Split BUF in place into lines; returns the count, *lines malloc'd. */
int ms_split_lines(char *buf, char ***lines);

/*
 * Is the guest feature NAME (swap, hugetlb, thp) set up? Sets it up first
 * if selftests/lib/features.sh has not run this boot. WHY gets "yes" or
 * the reason it is missing, for a KTAP SKIP.
 */
int ms_feature(const char *name, char *why, size_t len);

#endif /* MSUTIL_H */
