/* SPDX-License-Identifier: GPL-2.0 */
/* tools/lib: JSON output shared by the client and memsim. */
#ifndef MS_LIB_JSON_H
#define MS_LIB_JSON_H

#include <stdio.h>

/*
 * S as a JSON string: '"' and '\\' escaped, control bytes as \u00XX,
 * well-formed UTF-8 as it is, and any byte that does not start a
 * well-formed sequence as \ufffd (a file or cache name may hold any
 * bytes; the document stays parsable).
 */
void ms_json_str(FILE *f, const char *s);

/* S as a JSON number if it is a decimal integer literal, else a string. */
void ms_json_value(FILE *f, const char *s);

#endif /* MS_LIB_JSON_H */
