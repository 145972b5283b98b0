/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memscope: the one parser of what is written to a control file (track,
 * untrack, translate, experiment, slab_experiment).
 *
 * The rule, as the ABI file states it: one write is one command; words
 * of printable ASCII separated by single spaces, optionally one trailing
 * newline, nothing else (no NUL, tab, leading, trailing or doubled
 * space): -EINVAL otherwise. Numbers are decimal without sign or leading
 * zeros ("0" itself is fine), or 0x/0X and hex digits; a number that does
 * not fit is -ERANGE.
 */
#ifndef MEMSCOPE_PARSE_H
#define MEMSCOPE_PARSE_H

#include <linux/types.h>

#define MS_CMD_MAX	128	/* bytes of one command, newline included */
#define MS_CMD_WORDS	6

struct ms_cmd {
	char buf[MS_CMD_MAX];
	char *word[MS_CMD_WORDS];
	int nwords;
};

/* Copy and split one write; 0, -EINVAL or -EFAULT. */
int ms_cmd_from_user(struct ms_cmd *c, const char __user *ubuf, size_t len);
/* One number by the rule above; 0, -EINVAL or -ERANGE (over max). */
int ms_parse_number(const char *word, u64 max, u64 *v);

#endif /* MEMSCOPE_PARSE_H */
