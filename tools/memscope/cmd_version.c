// SPDX-License-Identifier: GPL-2.0
/* memscope version: the module's version line, parsed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msclient.h"

int cmd_version(int argc, char **argv)
{
	char ver[64], kernel[256], *buf;
	int abi;

	(void)argv;
	if (argc != 1)
		return ms_error("version takes no arguments");
	buf = ms_read("version", NULL);
	if (!buf)
		return 1;
	if (sscanf(buf, "memscope %63s abi %d kernel %255s", ver, &abi,
		   kernel) != 3) {
		free(buf);
		return ms_error("%s/version: unexpected format", ms_opts.root);
	}
	if (ms_opts.json) {
		printf("{\"version\":");
		ms_json_str(stdout, ver);
		printf(",\"abi\":%d,\"kernel\":", abi);
		ms_json_str(stdout, kernel);
		printf("}\n");
	} else {
		printf("memscope %s, debugfs ABI %d, kernel %s\n", ver, abi,
		       kernel);
	}
	free(buf);
	return 0;
}
