// SPDX-License-Identifier: GPL-2.0
/* tools/lib: the version file (see formats.h). */
#include <string.h>

#include "formats.h"

/* Copy the word at *P (up to a blank or the line's end) into OUT. */
static bool word(const char **p, char *out, size_t size)
{
	size_t len;

	*p += strspn(*p, " \t");
	len = strcspn(*p, " \t\n");
	if (!len || len >= size)
		return false;
	memcpy(out, *p, len);
	out[len] = '\0';
	*p += len;
	return true;
}

int ms_version_parse(const char *text, struct ms_version *v)
{
	char w[3][16];
	const char *p = text;

	if (!word(&p, w[0], sizeof(w[0])) || strcmp(w[0], "memscope") ||
	    !word(&p, v->version, sizeof(v->version)) ||
	    !word(&p, w[1], sizeof(w[1])) || strcmp(w[1], "abi") ||
	    !word(&p, v->abi, sizeof(v->abi)) ||
	    !word(&p, w[2], sizeof(w[2])) || strcmp(w[2], "kernel") ||
	    !word(&p, v->kernel, sizeof(v->kernel)))
		return -1;
	p += strspn(p, " \t");
	return *p && *p != '\n' ? -1 : 0;
}
