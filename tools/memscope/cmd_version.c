// SPDX-License-Identifier: GPL-2.0
/* memscope version: the module's version line, parsed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msclient.h"
#include "../lib/formats.h"

/* The ABI word as a number: decimal digits only. */
static int parse_abi(const char *s, int *abi)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s < '0' || *s > '9' || *end || v > 1 << 20)
		return -1;
	*abi = (int)v;
	return 0;
}

int cmd_version(int argc, char **argv)
{
	struct ms_version v;
	char *buf;
	int abi;

	(void)argv;
	if (argc != 1)
		return ms_error("version takes no arguments");
	buf = ms_read("version", NULL);
	if (!buf)
		return 1;
	if (ms_version_parse(buf, &v) || parse_abi(v.abi, &abi)) {
		free(buf);
		return ms_error("%s/version: unexpected format", ms_opts.root);
	}
	if (ms_opts.json) {
		printf("{\"version\":");
		ms_json_str(stdout, v.version);
		printf(",\"abi\":%d,\"kernel\":", abi);
		ms_json_str(stdout, v.kernel);
		printf("}\n");
	} else {
		printf("memscope %s, debugfs ABI %d, kernel %s\n", v.version,
		       abi, v.kernel);
	}
	free(buf);
	return 0;
}
