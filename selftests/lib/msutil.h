/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers shared by memscope's C selftests. */
#ifndef MSUTIL_H
#define MSUTIL_H

#include <stddef.h>
#include <sys/types.h>

#define MS_DEBUGFS "/sys/kernel/debug/memscope"

/*
 * Read a whole file into a malloc'd NUL-terminated buffer. Returns the
 * length, or -errno (the buffer is then NULL). debugfs and /proc files
 * report size 0, so read until EOF.
 */
ssize_t ms_read_file(const char *path, char **buf);

/* Write the string S to PATH in one write() on a fresh open: 0 or -errno. */
int ms_write_file(const char *path, const char *s);

/* Split BUF in place into lines; returns the count, *lines malloc'd. */
int ms_split_lines(char *buf, char ***lines);

/*
 * Is the guest feature NAME (swap, hugetlb, thp) set up? Sets it up first
 * if selftests/lib/features.sh has not run this boot. WHY gets "yes" or
 * the reason it is missing, for a KTAP SKIP.
 */
int ms_feature(const char *name, char *why, size_t len);

#endif /* MSUTIL_H */
