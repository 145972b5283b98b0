// SPDX-License-Identifier: GPL-2.0
/* tools/lib: JSON strings and values (see json.h). */
#include <stdbool.h>

#include "json.h"

/*
 * Length of the well-formed UTF-8 sequence at S (2 to 4 bytes, as RFC
 * 3629 allows them: no overlong forms, no surrogates, nothing above
 * U+10FFFF), or 0. A NUL ends the check before any byte past it is read.
 */
static int utf8_len(const unsigned char *s)
{
	unsigned char lo = 0x80, hi = 0xbf;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		return (s[1] & 0xc0) == 0x80 ? 2 : 0;
	if (s[0] >= 0xe0 && s[0] <= 0xef) {
		if (s[0] == 0xe0)
			lo = 0xa0;
		if (s[0] == 0xed)
			hi = 0x9f;
		return s[1] >= lo && s[1] <= hi && (s[2] & 0xc0) == 0x80 ? 3 : 0;
	}
	if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		if (s[0] == 0xf0)
			lo = 0x90;
		if (s[0] == 0xf4)
			hi = 0x8f;
		return s[1] >= lo && s[1] <= hi && (s[2] & 0xc0) == 0x80 &&
		       (s[3] & 0xc0) == 0x80 ? 4 : 0;
	}
	return 0;
}

void ms_json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = *s;
		int n;

		if (c == '"' || c == '\\') {
			fprintf(f, "\\%c", c);
		} else if (c < 0x20) {
			fprintf(f, "\\u%04x", c);
		} else if (c < 0x80) {
			fputc(c, f);
		} else if ((n = utf8_len((const unsigned char *)s))) {
			fwrite(s, 1, n, f);
			s += n - 1;
		} else {
			fputs("\\ufffd", f);
		}
	}
	fputc('"', f);
}

/* A JSON integer literal: -?(0|[1-9][0-9]*). */
static bool json_int(const char *s)
{
	if (*s == '-')
		s++;
	if (*s == '0')
		return !s[1];
	if (*s < '1' || *s > '9')
		return false;
	while (*s >= '0' && *s <= '9')
		s++;
	return !*s;
}

void ms_json_value(FILE *f, const char *s)
{
	if (json_int(s))
		fputs(s, f);
	else
		ms_json_str(f, s);
}
