/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MEMSIM_TESTS_H
#define MEMSIM_TESTS_H
#include <string.h>
#include "ktap.h"
extern const struct ktest buddy_tests[];
extern const struct ktest slab_tests[];
extern const struct ktest pgtable_tests[];
extern const struct ktest vma_tests[];
extern const struct ktest misc_tests[];
extern const struct ktest cli_tests[];
#endif
