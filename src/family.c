/* family.c - the registry of families, in the order help lists them. */
#include "family.h"

#include <stdlib.h>

static int by_rank(const void *a, const void *b)
{
	const struct family *x = *(const struct family *const *)a, *y = *(const struct family *const *)b;
	return (x->rank > y->rank) - (x->rank < y->rank);
}

const struct family *const *family_list(void)
{
	enum { MAX_FAMILIES = 64 };
	static const struct family *sorted[MAX_FAMILIES + 1];
	if (!sorted[0]) {
		int n = 0;
		while (families[n] && n < MAX_FAMILIES) {
			sorted[n] = families[n];
			n++;
		}
		qsort(sorted, (size_t)n, sizeof *sorted, by_rank);
	}
	return sorted;
}
