// SPDX-License-Identifier: GPL-2.0
/*
 * fuzzwrite FILE COUNT [SEED]: throw COUNT hostile writes at one memscope
 * control file and check how each is refused.
 *
 * Inputs: random bytes, overlong lines, embedded NULs, numbers at and past
 * every bound (0, -1, INT_MAX, ULONG_MAX, non-canonical and kernel
 * addresses), partial writes (a number split across two write calls) and
 * writes at odd offsets (pwrite). Each write must either succeed or fail
 * with one of the errnos memscope documents; anything else is reported.
 * Prints "fuzzwrite FILE tried=N accepted=N refused=N bad=N" and exits 1
 * if any errno was undocumented.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const int documented[] = {
	EINVAL, ESRCH, ERANGE, E2BIG, EOPNOTSUPP, EBUSY, ENOMEM, EFAULT,
	EPERM, ENOSPC,
};

static const char *const bounds[] = {
	"0", "-1", "1", "2147483647", "2147483648", "4294967295",
	"4294967296", "18446744073709551615", "18446744073709551616",
	"-9223372036854775808", "0x0", "0xffffffffffffffff",
	"0x7ffffffff000", "0x800000000000", "0x00007fffffffffff",
	"0xffff800000000000", "0xffffffff81000000", "0xffff888000000000",
	"0x0100000000000000", "0x1000", "4096", "00000000000000000000001",
	"+1", " 1", "1 ", "1\n", "\n", "", "x", "0x", "0xg", "1e3", "1.5",
	"alloc", "alloc 0 1", "alloc 11 1", "alloc 10 100000", "alloc -1 1",
	"alloc 0 0", "free", "free all", "free 0", "free 0xffffffffffff",
	"slab", "slab 0 0 0", "slab 8 3 1", "slab 4194304 8 1",
	"slab 64 8 4294967296", "slab free",
};

static unsigned long long rng_state;

static unsigned long long rnd(void)
{
	/* xorshift64*: deterministic per seed, so a failure can be replayed */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ULL;
}

static int is_documented(int err)
{
	size_t i;

	for (i = 0; i < sizeof(documented) / sizeof(documented[0]); i++)
		if (documented[i] == err)
			return 1;
	return 0;
}

static char buf[70000];

/* Build one hostile input in buf; returns its length. */
static size_t make_input(unsigned long i)
{
	size_t len, k;

	switch (i % 6) {
	case 0:	/* a bound, verbatim */
		len = strlen(bounds[(i / 6) % (sizeof(bounds) / sizeof(bounds[0]))]);
		memcpy(buf, bounds[(i / 6) % (sizeof(bounds) / sizeof(bounds[0]))], len);
		return len;
	case 1:	/* random bytes */
		len = 1 + rnd() % 64;
		for (k = 0; k < len; k++)
			buf[k] = (char)rnd();
		return len;
	case 2:	/* overlong line of digits */
		len = 4096 + rnd() % (sizeof(buf) - 4096);
		memset(buf, '7', len);
		return len;
	case 3:	/* embedded NUL inside a number */
		memcpy(buf, "12\0" "34", 5);
		return 5;
	case 4:	/* random printable number-ish text */
		len = snprintf(buf, sizeof(buf), "%s%llx %lld",
			       rnd() & 1 ? "0x" : "", rnd(), (long long)rnd());
		return len;
	default: /* a bound with a random byte flipped */
		len = strlen(bounds[rnd() % (sizeof(bounds) / sizeof(bounds[0]))]);
		memcpy(buf, bounds[rnd() % (sizeof(bounds) / sizeof(bounds[0]))], len);
		len = strlen(buf) ? strlen(buf) : 1;
		buf[rnd() % len] ^= (char)(1 + rnd() % 255);
		return len;
	}
}

int main(int argc, char **argv)
{
	unsigned long count, i, accepted = 0, refused = 0, bad = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: fuzzwrite FILE COUNT [SEED]\n");
		return 2;
	}
	count = strtoul(argv[2], NULL, 0);
	rng_state = argc > 3 ? strtoull(argv[3], NULL, 0) : 0x9e3779b97f4a7c15ULL;
	if (!rng_state)
		rng_state = 1;

	for (i = 0; i < count; i++) {
		size_t len = make_input(i);
		int fd = open(argv[1], O_WRONLY);
		ssize_t n;

		if (fd < 0) {
			fprintf(stderr, "fuzzwrite: open %s: %s\n", argv[1],
				strerror(errno));
			return 1;
		}
		if (i % 11 == 5 && len > 1) {
			/* partial: the same input in two writes */
			n = write(fd, buf, len / 2);
			if (n >= 0)
				n = write(fd, buf + len / 2, len - len / 2);
		} else if (i % 13 == 7) {
			n = pwrite(fd, buf, len, 1 + rnd() % 4095);
		} else {
			n = write(fd, buf, len);
		}
		if (n >= 0) {
			accepted++;
		} else if (is_documented(errno)) {
			refused++;
		} else {
			bad++;
			if (bad <= 5)
				printf("# %s: input %lu refused with undocumented errno %d (%s)\n",
				       argv[1], i, errno, strerror(errno));
		}
		close(fd);
	}
	printf("fuzzwrite %s tried=%lu accepted=%lu refused=%lu bad=%lu\n",
	       argv[1], count, accepted, refused, bad);
	return bad ? 1 : 0;
}
