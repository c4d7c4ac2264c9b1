/* driver.c - a standalone fuzzing driver for the targets of tests/fuzz/, for
 * machines without libFuzzer (and for 'make check', which must not need it).
 *
 * It links with one target (fuzz_*.c: LLVMFuzzerTestOneInput, and
 * LLVMFuzzerInitialize if it has one) and runs it on: every seed (the files
 * named on the command line, and the files of the directories named), then
 * -runs inputs made by a seeded pseudo-random generator: random bytes,
 * strings of dictionary tokens, and seeds changed by stacked mutations (bit
 * flips, interesting bytes and numbers, insertions, deletions, duplicated or
 * repeated chunks, dictionary tokens, escapes, splices of another seed,
 * crops to some lines, swapped lines).  There is no coverage feedback: the
 * mutations and the seeds do the work, and the same seed makes the same
 * inputs, so a run is reproducible.
 *
 * The flags are libFuzzer's where they mean the same (so one command line
 * fits both): -seed=S -runs=N -max_total_time=SECS -max_len=BYTES -dict=FILE
 * -timeout=SECS -artifact_prefix=PATH; and -v=1 for progress.  -runs=0 runs
 * the seeds only: 'fuzz-lexer crash-1234' replays a saved input.
 *
 * Every input is copied to a buffer of exactly its size, so that ASan sees a
 * read past it.  A crash (a sanitizer report, a signal, a broken FUZZ_CHECK),
 * a leak (when the sanitizers are linked in: mallocs and frees of one input
 * that do not match, then LeakSanitizer's verdict) or an input that runs
 * longer than -timeout seconds ends the run with a message and the input
 * written to PREFIX{crash,leak,timeout}-HASH.  Exit status 0: no failure. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fuzz.h"

/* The sanitizers' interface, when they are linked in (weak: NULL if not). */
extern void __sanitizer_set_death_callback(void (*cb)(void)) __attribute__((weak));
extern int __sanitizer_install_malloc_and_free_hooks(void (*m)(const volatile void *, size_t),
						     void (*f)(const volatile void *)) __attribute__((weak));
extern int __lsan_do_recoverable_leak_check(void) __attribute__((weak));
extern void __sanitizer_print_stack_trace(void) __attribute__((weak));
/* The target's set-up, if it has one. */
extern int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

struct input {
	uint8_t *data;
	size_t size;
};

struct inputs {
	struct input *v;
	size_t n;
};

static const char *prog = "fuzz";
static const char *artifact_prefix = "./";
static unsigned timeout_secs = 20;
static bool verbose;

/* The input being run, for the crash handlers. */
static const uint8_t *volatile cur_data;
static volatile size_t cur_size;
static volatile sig_atomic_t dumped;

static volatile size_t nmallocs, nfrees;
static volatile bool counting;

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

static void *xalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		die("out of memory");
	return p;
}

/* ---- the generator: splitmix64 ---- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static size_t below(size_t n)
{
	return n ? (size_t)(rnd() % n) : 0;
}

/* A length below MAX, small ones far more often than large ones. */
static size_t skewed(size_t max)
{
	size_t bits = below(18);
	size_t n = below((size_t)1 << bits);
	return max ? n % max : 0;
}

/* ---- failures ---- */

/* Async-signal-safe: writes S to stderr. */
static void say(const char *s)
{
	ssize_t r = write(2, s, strlen(s));
	(void)r;
}

static uint64_t fnv1a(const uint8_t *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 0x100000001b3ULL;
	return h;
}

/* Writes the current input to PREFIX KIND-HASH; async-signal-safe. */
static void dump_input(const char *kind)
{
	if (dumped || !cur_data)
		return;
	dumped = 1;
	char path[PATH_MAX], hex[17];
	uint64_t h = fnv1a(cur_data, cur_size);
	for (int i = 15; i >= 0; i--, h >>= 4)
		hex[i] = "0123456789abcdef"[h & 15];
	hex[16] = '\0';
	size_t len = strlen(artifact_prefix) + strlen(kind) + 18;
	if (len >= sizeof path)
		return;
	strcpy(path, artifact_prefix);
	strcat(path, kind);
	strcat(path, "-");
	strcat(path, hex);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		say("==fuzz== cannot write the input to ");
		say(path);
		say("\n");
		return;
	}
	size_t done = 0;
	while (done < cur_size) {
		ssize_t w = write(fd, cur_data + done, cur_size - done);
		if (w <= 0)
			break;
		done += (size_t)w;
	}
	close(fd);
	say("==fuzz== ");
	say(prog);
	say(": the input was written to ");
	say(path);
	say("\n");
}

static void on_death(void)
{
	dump_input("crash");
}

static void on_signal(int sig)
{
	if (sig == SIGALRM) {
		say("==fuzz== timeout: an input ran longer than -timeout\n");
		dump_input("timeout");
		_exit(70);
	}
	say("==fuzz== deadly signal\n");
	if (__sanitizer_print_stack_trace)
		__sanitizer_print_stack_trace();
	dump_input("crash");
	signal(sig, SIG_DFL);
	raise(sig);
}

static void malloc_hook(const volatile void *p, size_t n)
{
	if (counting)
		nmallocs++;
}

static void free_hook(const volatile void *p)
{
	if (counting && p)
		nfrees++;
}

static void setup_handlers(void)
{
	struct sigaction sa = { 0 };
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	sigaction(SIGABRT, &sa, NULL);
	if (__sanitizer_set_death_callback) {
		/* The sanitizers report SEGV and friends themselves, then call this. */
		__sanitizer_set_death_callback(on_death);
	} else {
		sigaction(SIGSEGV, &sa, NULL);
		sigaction(SIGBUS, &sa, NULL);
		sigaction(SIGFPE, &sa, NULL);
		sigaction(SIGILL, &sa, NULL);
	}
	if (__sanitizer_install_malloc_and_free_hooks && __lsan_do_recoverable_leak_check)
		__sanitizer_install_malloc_and_free_hooks(malloc_hook, free_hook);
}

/* Runs the target on DATA (copied to a buffer of exactly SIZE bytes). */
static void run_one(const uint8_t *data, size_t size)
{
	uint8_t *copy = xalloc(size);
	if (size)
		memcpy(copy, data, size);
	cur_data = copy;
	cur_size = size;
	nmallocs = nfrees = 0;
	counting = true;
	alarm(timeout_secs);
	LLVMFuzzerTestOneInput(copy, size);
	alarm(0);
	counting = false;
	if (nmallocs != nfrees && __lsan_do_recoverable_leak_check && __lsan_do_recoverable_leak_check()) {
		say("==fuzz== a leak: the input's mallocs and frees do not match\n");
		dump_input("leak");
		exit(77);
	}
	cur_data = NULL;
	free(copy);
}

/* ---- seeds and dictionary ---- */

static void add_input(struct inputs *in, uint8_t *data, size_t size)
{
	in->v = realloc(in->v, sizeof *in->v * (in->n + 1));
	if (!in->v)
		die("out of memory");
	in->v[in->n].data = data;
	in->v[in->n].size = size;
	in->n++;
}

static void add_file(struct inputs *in, const char *path, size_t max_len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		die("%s: %s", path, strerror(errno));
	uint8_t *data = NULL;
	size_t size = 0, cap = 0;
	int c;
	while ((c = getc(f)) != EOF && size < max_len) {
		if (size == cap) {
			cap = cap ? 2 * cap : 4096;
			data = realloc(data, cap);
			if (!data)
				die("out of memory");
		}
		data[size++] = (uint8_t)c;
	}
	fclose(f);
	add_input(in, data ? data : xalloc(1), size);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A file is a seed; a directory's regular files are, in name order. */
static void add_path(struct inputs *in, const char *path, size_t max_len)
{
	struct stat st;
	if (stat(path, &st) < 0)
		die("%s: %s", path, strerror(errno));
	if (!S_ISDIR(st.st_mode)) {
		add_file(in, path, max_len);
		return;
	}
	DIR *d = opendir(path);
	if (!d)
		die("%s: %s", path, strerror(errno));
	char **names = NULL;
	size_t n = 0;
	for (struct dirent *e; (e = readdir(d));) {
		if (e->d_name[0] == '.')
			continue;
		names = realloc(names, sizeof *names * (n + 1));
		if (!names || asprintf(&names[n], "%s/%s", path, e->d_name) < 0)
			die("out of memory");
		n++;
	}
	closedir(d);
	qsort(names, n, sizeof *names, by_name);
	for (size_t i = 0; i < n; i++) {
		if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode))
			add_file(in, names[i], max_len);
		free(names[i]);
	}
	free(names);
}

static int hexdigit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* libFuzzer's dictionary format: one "token" a line (name= before it is
 * optional), with \\ \" and \xHH escapes; '#' starts a comment. */
static void load_dict(struct inputs *dict, const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		die("%s: %s", path, strerror(errno));
	char *line = NULL;
	size_t cap = 0;
	int lineno = 0;
	while (getline(&line, &cap, f) >= 0) {
		lineno++;
		char *s = line + strspn(line, " \t");
		if (*s == '#' || *s == '\n' || !*s)
			continue;
		char *open = strchr(s, '"'), *close = strrchr(s, '"');
		if (!open || close == open)
			die("%s:%d: no \"token\"", path, lineno);
		uint8_t *tok = xalloc((size_t)(close - open));
		size_t n = 0;
		for (char *p = open + 1; p < close; p++) {
			if (*p == '\\' && p + 1 < close && p[1] == 'x' && p + 3 < close &&
			    hexdigit(p[2]) >= 0 && hexdigit(p[3]) >= 0) {
				tok[n++] = (uint8_t)(hexdigit(p[2]) * 16 + hexdigit(p[3]));
				p += 3;
			} else if (*p == '\\' && p + 1 < close) {
				tok[n++] = (uint8_t)*++p;
			} else {
				tok[n++] = (uint8_t)*p;
			}
		}
		add_input(dict, tok, n);
	}
	free(line);
	fclose(f);
}

/* ---- mutations ---- */

struct bytes {
	uint8_t *v;
	size_t n, max;	/* MAX: -max_len; v has room for it */
};

static const uint8_t interesting_bytes[] = { 0, ' ', '\t', '\n', '\r', '"', '\'', '\\', ';', '#', '@',
					     ':', 'x', '0', '9', 'f', 'p', '-', 0x7f, 0x80, 0xc3, 0xff };
static const char *const interesting_text[] = {
	"\\x00", "\\x", "\\x4", "\\xg0", "\\", "\\n", "\\t", "\\q", "\\ ", "\\;", "\\#", "\"", "'", "\"\"",
	"''", "#", ";", ";;", "\n", "  ", "@p1 ", "@p2 ", "@p99999 ", "@", "@p0", "p1", "p2", "p0", "p-1",
	"pipe1", "pipe99", "msg1", "0", "-1", "1", "4096", "65536", "2147483647", "2147483648",
	"4294967296", "9223372036854775807", "99999999999999999999", "0x10", "010", "1e3", "+5", " -- ",
	"\xc3\x28", "\xe2\x82", "\xf0\x9f\x98\x80", "\xff\xfe", "  ", "\t", ": ", "step: ", "check: ",
	"solution: ", "file: ", "hint: ", "predict: ", "choices: ", "answer: ", "title: ", "order: ",
};

static void insert(struct bytes *b, size_t at, const uint8_t *p, size_t n)
{
	if (b->n + n > b->max)
		n = b->max - b->n;
	if (at > b->n)
		at = b->n;
	memmove(b->v + at + n, b->v + at, b->n - at);
	memcpy(b->v + at, p, n);
	b->n += n;
}

static void erase(struct bytes *b, size_t at, size_t n)
{
	if (at >= b->n)
		return;
	if (n > b->n - at)
		n = b->n - at;
	memmove(b->v + at, b->v + at + n, b->n - at - n);
	b->n -= n;
}

/* The start of the line that holds byte AT, and the end of the line after it. */
static size_t line_start(const struct bytes *b, size_t at)
{
	while (at > 0 && b->v[at - 1] != '\n')
		at--;
	return at;
}

static size_t line_end(const struct bytes *b, size_t at)
{
	while (at < b->n && b->v[at] != '\n')
		at++;
	return at < b->n ? at + 1 : at;
}

static void mutate_once(struct bytes *b, const struct inputs *seeds, const struct inputs *dict)
{
	size_t at = below(b->n + 1);
	switch (below(16)) {
	case 0:		/* flip a bit */
		if (b->n)
			b->v[below(b->n)] ^= (uint8_t)(1u << below(8));
		break;
	case 1:		/* a random byte */
		if (b->n)
			b->v[below(b->n)] = (uint8_t)rnd();
		break;
	case 2:		/* an interesting byte, over one */
		if (b->n)
			b->v[below(b->n)] = interesting_bytes[below(sizeof interesting_bytes)];
		break;
	case 3: {	/* interesting or random bytes, inserted */
		uint8_t c[4];
		size_t n = 1 + below(4);
		for (size_t i = 0; i < n; i++)
			c[i] = below(2) ? interesting_bytes[below(sizeof interesting_bytes)] : (uint8_t)rnd();
		insert(b, at, c, n);
		break;
	}
	case 4:		/* a range, erased */
		erase(b, at, 1 + skewed(b->n + 1));
		break;
	case 5: {	/* a range, copied elsewhere */
		if (!b->n)
			break;
		size_t from = below(b->n), n = 1 + below(b->n - from);
		uint8_t *tmp = xalloc(n);
		memcpy(tmp, b->v + from, n);
		insert(b, at, tmp, n);
		free(tmp);
		break;
	}
	case 6:		/* a dictionary token, inserted */
	case 7:
		if (dict->n) {
			const struct input *t = &dict->v[below(dict->n)];
			insert(b, at, t->data, t->size);
		}
		break;
	case 8:		/* a dictionary token, over what was there */
		if (dict->n) {
			const struct input *t = &dict->v[below(dict->n)];
			erase(b, at, t->size);
			insert(b, at, t->data, t->size);
		}
		break;
	case 9: {	/* an interesting string: escapes, quotes, numbers, directives */
		const char *s = interesting_text[below(sizeof interesting_text / sizeof *interesting_text)];
		if (below(2))
			erase(b, at, 1 + below(4));
		insert(b, at, (const uint8_t *)s, strlen(s));
		break;
	}
	case 10: {	/* a piece of another seed, spliced in */
		if (!seeds->n)
			break;
		const struct input *o = &seeds->v[below(seeds->n)];
		if (!o->size)
			break;
		size_t from = below(o->size), n = 1 + skewed(o->size - from);
		if (below(2))
			erase(b, at, b->n);	/* a crossover: this one's head, that one's tail */
		insert(b, at, o->data + from, n);
		break;
	}
	case 11: {	/* cropped to some of its lines */
		if (!b->n)
			break;
		size_t s = line_start(b, below(b->n)), e = s;
		for (size_t k = 1 + below(4); k && e < b->n; k--)
			e = line_end(b, e);
		memmove(b->v, b->v + s, e - s);
		b->n = e - s;
		break;
	}
	case 12: {	/* two lines swapped (here: one line moved) */
		if (!b->n)
			break;
		size_t s = line_start(b, below(b->n)), e = line_end(b, s);
		uint8_t *tmp = xalloc(e - s);
		memcpy(tmp, b->v + s, e - s);
		erase(b, s, e - s);
		insert(b, line_start(b, below(b->n + 1)), tmp, e - s);
		free(tmp);
		break;
	}
	case 13: {	/* a chunk, repeated: long words, many commands */
		if (!b->n)
			break;
		size_t from = below(b->n), n = 1 + below(b->n - from < 64 ? b->n - from : 64);
		uint8_t *tmp = xalloc(n);
		memcpy(tmp, b->v + from, n);
		for (size_t k = 1 + skewed(b->max / n + 1); k && b->n < b->max; k--)
			insert(b, from, tmp, n);
		free(tmp);
		break;
	}
	case 14:	/* truncated */
		b->n = below(b->n + 1);
		break;
	case 15: {	/* a run of digits, changed to another number */
		size_t i = at;
		while (i < b->n && (b->v[i] < '0' || b->v[i] > '9'))
			i++;
		if (i >= b->n)
			break;
		size_t j = i;
		while (j < b->n && b->v[j] >= '0' && b->v[j] <= '9')
			j++;
		static const char *const nums[] = { "0", "1", "2", "3", "9", "10", "99", "255", "256", "1000",
						    "4096", "65536", "65537", "2147483647", "2147483648", "-1",
						    "18446744073709551616", "00000000000000000001" };
		const char *s = nums[below(sizeof nums / sizeof *nums)];
		erase(b, i, j - i);
		insert(b, i, (const uint8_t *)s, strlen(s));
		break;
	}
	}
}

/* Makes the next input into B. */
static void generate(struct bytes *b, const struct inputs *seeds, const struct inputs *dict)
{
	size_t r = below(100);
	b->n = 0;
	if (r < 10 || (!seeds->n && r < 55)) {	/* random bytes: printable, or anything */
		size_t n = skewed(b->max + 1);
		bool printable = below(2);
		for (size_t i = 0; i < n; i++)
			b->v[i] = printable ? (uint8_t)(0x20 + below(0x5f)) : (uint8_t)rnd();
		b->n = n;
		return;
	}
	if (r < 25 || !seeds->n) {	/* dictionary tokens, with separators */
		static const char *const seps[] = { " ", " ", " ", "\n", ";", "", "\t", " ; ", "\n  " };
		for (size_t k = 1 + below(24); k && dict->n; k--) {
			const struct input *t = &dict->v[below(dict->n)];
			insert(b, b->n, t->data, t->size);
			const char *s = seps[below(sizeof seps / sizeof *seps)];
			insert(b, b->n, (const uint8_t *)s, strlen(s));
		}
		if (below(2))
			mutate_once(b, seeds, dict);
		return;
	}
	const struct input *s = &seeds->v[below(seeds->n)];
	b->n = s->size < b->max ? s->size : b->max;
	memcpy(b->v, s->data, b->n);
	for (size_t k = 1 + skewed(16); k; k--)
		mutate_once(b, seeds, dict);
}

/* ---- main ---- */

static bool flag(const char *arg, const char *name, const char **value)
{
	size_t n = strlen(name);
	if (strncmp(arg, name, n) != 0 || arg[n] != '=')
		return false;
	*value = arg + n + 1;
	return true;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	const char *base = strrchr(argv[0], '/');
	prog = base ? base + 1 : argv[0];
	uint64_t seed = 1;
	unsigned long long runs = 10000;
	double max_time = 0;
	size_t max_len = 0;
	const char *dict_path = NULL, *v;
	struct inputs seeds = { 0 }, dict = { 0 };
	char **paths = xalloc(sizeof *paths * (size_t)argc);
	int npaths = 0;

	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (flag(a, "-seed", &v))
			seed = strtoull(v, NULL, 0);
		else if (flag(a, "-runs", &v))
			runs = strtoull(v, NULL, 0);
		else if (flag(a, "-max_total_time", &v))
			max_time = strtod(v, NULL);
		else if (flag(a, "-max_len", &v))
			max_len = (size_t)strtoull(v, NULL, 0);
		else if (flag(a, "-dict", &v))
			dict_path = v;
		else if (flag(a, "-timeout", &v))
			timeout_secs = (unsigned)strtoul(v, NULL, 0);
		else if (flag(a, "-artifact_prefix", &v))
			artifact_prefix = v;
		else if (flag(a, "-v", &v))
			verbose = atoi(v) != 0;
		else if (strcmp(a, "-help=1") == 0 || strcmp(a, "--help") == 0) {
			printf("usage: %s [-seed=S] [-runs=N] [-max_total_time=SECS] [-max_len=BYTES] [-dict=FILE]\n"
			       "       [-timeout=SECS] [-artifact_prefix=PATH] [-v=1] [SEED_FILE_OR_DIR...]\n"
			       "Runs every seed, then N generated inputs (-runs=0: the seeds only).\n", prog);
			return 0;
		} else if (a[0] == '-')
			fprintf(stderr, "%s: ignoring unknown flag %s\n", prog, a);
		else
			paths[npaths++] = argv[i];
	}
	if (!max_len)
		max_len = 1 << 16;
	for (int i = 0; i < npaths; i++)
		add_path(&seeds, paths[i], max_len);
	free(paths);
	if (dict_path)
		load_dict(&dict, dict_path);
	rng_state = seed;
	setup_handlers();

	double start = now();
	for (size_t i = 0; i < seeds.n; i++)
		run_one(seeds.v[i].data, seeds.v[i].size);
	struct bytes b = { xalloc(max_len), 0, max_len };
	unsigned long long done = 0;
	for (; done < runs; done++) {
		if (max_time > 0 && (done & 63) == 0 && now() - start >= max_time)
			break;
		generate(&b, &seeds, &dict);
		run_one(b.v, b.n);
		if (verbose && (done & (done - 1)) == 0)
			fprintf(stderr, "%s: #%llu in %.1f s\n", prog, done, now() - start);
	}
	fprintf(stderr, "%s: %zu seeds and %llu generated inputs in %.1f s (seed %llu): no failure\n", prog,
		seeds.n, done, now() - start, (unsigned long long)seed);
	free(b.v);
	for (size_t i = 0; i < seeds.n; i++)
		free(seeds.v[i].data);
	free(seeds.v);
	for (size_t i = 0; i < dict.n; i++)
		free(dict.v[i].data);
	free(dict.v);
	return 0;
}
