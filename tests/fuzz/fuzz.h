/* fuzz.h - what the fuzz targets of tests/fuzz/ share.
 *
 * Every target defines LLVMFuzzerTestOneInput (and may define
 * LLVMFuzzerInitialize), so the same file links into libFuzzer
 * (clang -fsanitize=fuzzer) or into tests/fuzz/driver.c, the standalone
 * driver that 'make check' uses.  A broken invariant is a crash: FUZZ_CHECK
 * prints what failed and aborts, and the fuzzer keeps the input. */
#ifndef IPCSH_FUZZ_H
#define IPCSH_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define FUZZ_CHECK(cond, ...) do { \
	if (!(cond)) { \
		fprintf(stderr, "%s:%d: fuzz invariant broken: %s: ", __FILE__, __LINE__, #cond); \
		fprintf(stderr, __VA_ARGS__); \
		fputc('\n', stderr); \
		abort(); \
	} \
} while (0)

#endif
