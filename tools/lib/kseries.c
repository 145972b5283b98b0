// SPDX-License-Identifier: GPL-2.0
/* tools/lib: kernel series names (see kseries.h). */
#include <string.h>

#include "kseries.h"

int ms_series_parse(const char *s, enum ms_series *series)
{
	if (!strcmp(s, "6.1") || !strncmp(s, "6.1.", 4) || !strncmp(s, "6.1-", 4)) {
		*series = MS_SERIES_6_1;
		return 0;
	}
	if (!strcmp(s, "6.12") || !strncmp(s, "6.12.", 5) || !strncmp(s, "6.12-", 5)) {
		*series = MS_SERIES_6_12;
		return 0;
	}
	return -1;
}

const char *ms_series_name(enum ms_series series)
{
	return series == MS_SERIES_6_1 ? "6.1" : "6.12";
}
