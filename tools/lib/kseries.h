/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tools/lib: the kernel series userspace models and reports, one
 * encoding for all of it. The enum itself is the module's too
 * (module/common/slub_geometry.h, enum ms_series: MS_SERIES_6_1 = 61,
 * MS_SERIES_6_12 = 612), so the client, memsim and the geometry both
 * sides share cannot disagree on it.
 */
#ifndef MS_LIB_KSERIES_H
#define MS_LIB_KSERIES_H

#include "../../module/common/slub_geometry.h"

/*
 * "6.1", "6.12", or a release of either series ("6.12.48+deb12-amd64",
 * "6.1-rc1"): 0 and *series set, or -1.
 */
int ms_series_parse(const char *s, enum ms_series *series);

/* "6.1" or "6.12". */
const char *ms_series_name(enum ms_series series);

#endif /* MS_LIB_KSERIES_H */
