/* SPDX-License-Identifier: GPL-2.0 */
/* memsim host tests: a tiny KTAP runner. */
#ifndef MEMSIM_KTAP_H
#define MEMSIM_KTAP_H

#include <stdio.h>

struct ktest {
	const char *name;
	int (*fn)(void);	/* 0 pass, 1 fail, 2 skip */
};

extern const char *ktap_skip_reason;

#define CHECK(cond) do { \
	if (!(cond)) { \
		printf("# %s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
		return 1; \
	} \
} while (0)

#define CHECK_EQ_U(a, b) do { \
	unsigned long long _a = (unsigned long long)(a), _b = (unsigned long long)(b); \
	if (_a != _b) { \
		printf("# %s:%d: %s == %llu, expected %s == %llu\n", __FILE__, __LINE__, #a, _a, #b, _b); \
		return 1; \
	} \
} while (0)

#define CHECK_STR(a, b) do { \
	const char *_a = (a), *_b = (b); \
	if (strcmp(_a, _b)) { \
		printf("# %s:%d: strings differ\n# got:\n", __FILE__, __LINE__); \
		ktap_diag(_a); \
		printf("# expected:\n"); \
		ktap_diag(_b); \
		return 1; \
	} \
} while (0)

void ktap_diag(const char *text);

#endif
