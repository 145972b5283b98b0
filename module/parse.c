// SPDX-License-Identifier: GPL-2.0
/*
 * memscope: the one parser of control-file input (see parse.h for the
 * rule). Written out by hand rather than with kstrto*(), which accept a
 * sign, leading zeros, octal and surrounding whitespace.
 */
#include <linux/ctype.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "parse.h"

int ms_cmd_from_user(struct ms_cmd *c, const char __user *ubuf, size_t len)
{
	char *p;
	size_t n;

	c->nwords = 0;
	if (len == 0 || len >= MS_CMD_MAX)
		return -EINVAL;
	if (copy_from_user(c->buf, ubuf, len))
		return -EFAULT;
	c->buf[len] = '\0';
	n = len;
	if (c->buf[n - 1] == '\n')
		c->buf[--n] = '\0';
	/* Empty, or a NUL inside: strlen() stops short of what was sent. */
	if (n == 0 || strlen(c->buf) != n)
		return -EINVAL;
	if (c->buf[0] == ' ' || c->buf[n - 1] == ' ')
		return -EINVAL;
	for (p = c->buf; *p; p++) {
		if (*p == ' ') {
			if (p[1] == ' ')
				return -EINVAL;
			*p = '\0';
			continue;
		}
		if (*p < 0x21 || *p > 0x7e)
			return -EINVAL;
		if (p == c->buf || !p[-1]) {
			if (c->nwords == MS_CMD_WORDS)
				return -EINVAL;
			c->word[c->nwords++] = p;
		}
	}
	return 0;
}

int ms_parse_number(const char *w, u64 max, u64 *v)
{
	unsigned int base = 10, d;
	u64 x = 0;

	if ((w[0] == '0') && (w[1] == 'x' || w[1] == 'X')) {
		base = 16;
		w += 2;
	} else if (w[0] == '0' && w[1]) {
		return -EINVAL;		/* a leading zero: not decimal */
	}
	if (!*w)
		return -EINVAL;
	for (; *w; w++) {
		if (base == 16 && isxdigit(*w))
			d = hex_to_bin(*w);
		else if (isdigit(*w))
			d = *w - '0';
		else
			return -EINVAL;
		if (x > (U64_MAX - d) / base)
			return -ERANGE;
		x = x * base + d;
	}
	if (x > max)
		return -ERANGE;
	*v = x;
	return 0;
}
