/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tools/lib: reading and writing whole files, for the client, memsim and
 * the selftests. debugfs and /proc files report size 0, so every read
 * goes on until EOF.
 */
#ifndef MS_LIB_FILEIO_H
#define MS_LIB_FILEIO_H

#include <stddef.h>
#include <sys/types.h>

/* ms_read_fd()'s answer when it could not allocate (not an errno). */
#define MS_READ_NOMEM	(-2)

/*
 * Read FD to EOF into a malloc'd NUL-terminated buffer (*buf). Returns
 * the length; -1 with *err set to read()'s errno; or MS_READ_NOMEM. On
 * failure *buf is NULL. FD stays open. A read error and running out of
 * memory are told apart because a debugfs read may itself fail with
 * ENOMEM.
 */
ssize_t ms_read_fd(int fd, char **buf, int *err);

/*
 * Read the file at PATH whole (ms_read_fd). Returns the length, or
 * -errno (ENOMEM when out of memory); *buf is then NULL.
 */
ssize_t ms_read_file(const char *path, char **buf);

/* Write the string S to PATH in one write() on a fresh open: 0 or -errno. */
int ms_write_file(const char *path, const char *s);

#endif /* MS_LIB_FILEIO_H */
