# ipcsh - build, run, test and install.  See README.md.
# SPDX-License-Identifier: GPL-3.0-or-later

VERSION   := 0.1
PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
DATADIR   ?= $(PREFIX)/share/ipcsh
MANDIR    ?= $(PREFIX)/share/man
DESTDIR   ?=

CC        ?= cc
B         := build
DEB_PKGS  := libreadline-dev libsmartcols-dev libcmocka-dev pkg-config mandoc groff-base python3 valgrind
PKGS      := readline smartcols

# CFLAGS, CPPFLAGS and LDFLAGS belong to the user (make CFLAGS=-O0, or
# dpkg-buildflags' values, on the command line or in the environment): they
# are added to the project's own flags below, never in their place.
CFLAGS    ?= -O2 -g
IPCSH_CPPFLAGS := -D_GNU_SOURCE -Isrc -Icommands \
             -DIPCSH_VERSION='"$(VERSION)"' -DIPCSH_DATADIR='"$(DATADIR)"' -MMD -MP
IPCSH_CFLAGS   := -std=c11 -Wall -Wextra -Wshadow -Wno-unused-parameter
IPCSH_LDFLAGS  :=
ifeq ($(SANITIZE),1)
IPCSH_CFLAGS   += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
IPCSH_LDFLAGS  += -fsanitize=address,undefined
B         := build/san
endif
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lreadline -lsmartcols)
# Compiling (and compiling and linking in one go), and linking objects.
COMPILE    = $(CC) $(CPPFLAGS) $(IPCSH_CPPFLAGS) $(IPCSH_CFLAGS) $(CFLAGS)
LINK       = $(CC) $(IPCSH_CFLAGS) $(CFLAGS) $(IPCSH_LDFLAGS) $(LDFLAGS)

CORE_SRC  := $(wildcard src/*.c)
CMD_SRC   := $(wildcard commands/*.c)
LIB_SRC   := $(filter-out src/main.c,$(CORE_SRC)) $(CMD_SRC)
# Every commands/NAME.c is a family and defines family_NAME; the list the
# core reads (src/family.h) is made from the file names.
FAMILIES  := $(sort $(notdir $(CMD_SRC:.c=)))
FAMILIES_OBJ := $(B)/gen/families.o
LIB_OBJ   := $(LIB_SRC:%.c=$(B)/%.o) $(FAMILIES_OBJ)
MAIN_OBJ  := $(B)/src/main.o
BIN       := $(B)/ipcsh

UNIT_SRC  := $(wildcard tests/unit/test_*.c)
UNIT_BIN  := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
INTEROP_SRC := $(wildcard tests/interop/*.c)
INTEROP_BIN := $(INTEROP_SRC:tests/interop/%.c=$(B)/interop/%)
BENCH_BIN := $(B)/bench/pingpong $(B)/bench/spawn
# The C programs lessons run: lessons/programs/NAME.c is built into
# $(B)/lessons/programs/NAME and installed, with its source, into
# $(DATADIR)/lessons/programs/; 'program: NAME' in a lesson copies it into
# the lesson's scratch directory.
LESSON_PROG_SRC := $(wildcard lessons/programs/*.c)
LESSON_PROGS := $(LESSON_PROG_SRC:lessons/programs/%.c=$(B)/lessons/programs/%)

.PHONY: FORCE deps-check all run check check-unit check-transcripts deps install uninstall clean bench valgrind lint-man

all: $(BIN) ipcsh $(LESSON_PROGS)

ipcsh: $(BIN)
	ln -sf $(BIN) $@

$(BIN): $(MAIN_OBJ) $(B)/libipcsh.a
	$(LINK) -o $@ $^ $(PKG_LIBS)

$(B)/libipcsh.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	$(COMPILE) $(PKG_CFLAGS) -c -o $@ $<

$(B)/gen/families.c: FORCE
	@mkdir -p $(dir $@)
	@{ echo '/* Made by the Makefile from the files of commands/: do not edit. */'; \
	  echo '#include <stddef.h>'; echo '#include "family.h"'; \
	  for f in $(FAMILIES); do echo "extern const struct family family_$$f;"; done; \
	  echo 'const struct family *const families[] = {'; \
	  for f in $(FAMILIES); do echo "	&family_$$f,"; done; \
	  echo '	NULL,'; echo '};'; } > $@.new
	@cmp -s $@.new $@ && rm -f $@.new || mv $@.new $@

$(FAMILIES_OBJ): $(B)/gen/families.c
	$(COMPILE) -c -o $@ $<

# The lessons directory is compiled in: rebuild what uses it when PREFIX changes.
$(B)/datadir: FORCE
	@mkdir -p $(B); echo '$(DATADIR)' | cmp -s - $@ || echo '$(DATADIR)' > $@
$(B)/src/lessondir.o: $(B)/datadir
FORCE:

$(B)/tests/%: tests/unit/%.c $(B)/libipcsh.a
	@mkdir -p $(dir $@)
	$(COMPILE) $(PKG_CFLAGS) $(IPCSH_LDFLAGS) $(LDFLAGS) -o $@ $< $(B)/libipcsh.a $(PKG_LIBS) $$(pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)

$(B)/interop/%: tests/interop/%.c
	@mkdir -p $(dir $@)
	$(COMPILE) $(IPCSH_LDFLAGS) $(LDFLAGS) -o $@ $<

$(B)/lessons/programs/%: lessons/programs/%.c
	@mkdir -p $(dir $@)
	$(COMPILE) $(IPCSH_LDFLAGS) $(LDFLAGS) -o $@ $<

$(B)/bench/%: bench/%.c
	@mkdir -p $(dir $@)
	$(COMPILE) $(IPCSH_LDFLAGS) $(LDFLAGS) -o $@ $<

# Fuzzing (tests/fuzz/README).  The in-process targets tests/fuzz/fuzz_*.c
# link with the library: with the standalone driver (tests/fuzz/driver.c),
# built like the unit tests with this build's flags (the sanitizers under
# SANITIZE=1), for 'make check'; and with libFuzzer, when clang can, into
# build/libfuzzer, whose library is compiled again by clang with coverage.
# 'make fuzz' builds the sanitizer build and runs both kinds and the session
# fuzzer (tests/fuzz/session.py); N=COUNT sets how many inputs and lines.
FUZZ_TARGETS := lexer lookup lesson
FUZZ_BIN  := $(FUZZ_TARGETS:%=$(B)/fuzz/fuzz-%)
LF        := build/libfuzzer
LF_CC     ?= clang
LF_CFLAGS := -O1 -g -Wno-missing-field-initializers -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
LF_LIB_OBJ := $(LIB_SRC:%.c=$(LF)/%.o) $(LF)/gen/families.o
LF_BIN    := $(FUZZ_TARGETS:%=$(LF)/fuzz-%)
# Can clang link a libFuzzer target here?  (Asked only when 'fuzz' runs.)
LF_WORKS   = $(shell printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }\n' | \
		$(LF_CC) -fsanitize=fuzzer,address,undefined -x c - -o /dev/null >/dev/null 2>&1 && echo yes)
N         ?=
SEED      ?=

.PHONY: fuzz fuzz-drivers libfuzzer

$(B)/fuzz/fuzz-%: tests/fuzz/fuzz_%.c tests/fuzz/driver.c tests/fuzz/fuzz.h $(B)/libipcsh.a
	@mkdir -p $(dir $@)
	$(filter-out -MMD -MP,$(COMPILE)) $(PKG_CFLAGS) $(IPCSH_LDFLAGS) $(LDFLAGS) -Itests/fuzz -o $@ \
		tests/fuzz/driver.c $< $(B)/libipcsh.a $(PKG_LIBS)

fuzz-drivers: $(FUZZ_BIN)

$(LF)/%.o: %.c
	@mkdir -p $(dir $@)
	$(LF_CC) $(CPPFLAGS) $(IPCSH_CPPFLAGS) $(IPCSH_CFLAGS) $(LF_CFLAGS) -fsanitize=fuzzer-no-link $(PKG_CFLAGS) -c -o $@ $<

$(LF)/gen/families.o: $(B)/gen/families.c
	@mkdir -p $(dir $@)
	$(LF_CC) $(CPPFLAGS) $(IPCSH_CPPFLAGS) $(IPCSH_CFLAGS) $(LF_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(LF)/libipcsh.a: $(LF_LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(LF)/fuzz-%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(LF)/libipcsh.a
	$(LF_CC) $(CPPFLAGS) $(filter-out -MMD -MP,$(IPCSH_CPPFLAGS)) $(IPCSH_CFLAGS) $(LF_CFLAGS) -fsanitize=fuzzer \
		$(PKG_CFLAGS) -Itests/fuzz -o $@ $< $(LF)/libipcsh.a $(PKG_LIBS)

libfuzzer: $(LF_BIN)

fuzz: deps-check
	@$(MAKE) --no-print-directory SANITIZE=1 build/san/ipcsh fuzz-drivers
	@if [ -n "$(LF_WORKS)" ]; then $(MAKE) --no-print-directory libfuzzer; \
	else echo "fuzz: $(LF_CC) cannot build a libFuzzer target here: the standalone driver only"; fi
	@tests/fuzz/run $(if $(N),--count $(N)) $(if $(SEED),--seed $(SEED)) $(if $(LF_WORKS),--libfuzzer)

# Missing Debian packages: installed when root, otherwise the one line to run.
deps:
	@missing=""; for p in $(DEB_PKGS); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then echo "deps: all packages present"; \
	elif [ "$$(id -u)" = 0 ]; then \
	  echo "deps: installing$$missing"; \
	  (apt-get update -qq || true) && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	else echo "deps: missing packages; run:"; echo "  sudo apt-get install -y$$missing"; exit 1; fi

deps-check:
	@dpkg -s $(DEB_PKGS) >/dev/null 2>&1 || $(MAKE) --no-print-directory deps

# run, check, valgrind and bench see to the packages first, before anything is
# built (building needs their -dev headers).  'make' and 'make install' never
# do: install runs under fakeroot as uid 0 and must not try apt-get.
DEPS_GOALS := run check valgrind bench
ifneq ($(filter $(DEPS_GOALS),$(MAKECMDGOALS)),)
$(LIB_OBJ) $(MAIN_OBJ) $(UNIT_BIN) $(INTEROP_BIN) $(BENCH_BIN): | deps-check
endif

run: deps-check all
	./$(BIN)

check: deps-check all $(UNIT_BIN) $(INTEROP_BIN) $(FUZZ_BIN)
	@B=$(B) tests/run-all

valgrind: deps-check all
	@B=$(B) tests/run-all valgrind

bench: deps-check all $(BENCH_BIN)
	@B=$(B) bench/run
	@B=$(B) bench/sysv
	@B=$(B) bench/ipcs

lint-man:
	groff -man -ww -z man/ipcsh.1
	mandoc -Tlint -W warning man/ipcsh.1

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/lessons/programs $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/ipcsh
	for f in lessons/*.lesson; do [ -e "$$f" ] && install -m 644 "$$f" $(DESTDIR)$(DATADIR)/lessons/; done; true
	for f in $(LESSON_PROGS); do install -m 755 "$$f" $(DESTDIR)$(DATADIR)/lessons/programs/; done
	for f in $(LESSON_PROG_SRC); do install -m 644 "$$f" $(DESTDIR)$(DATADIR)/lessons/programs/; done
	install -m 644 man/ipcsh.1 $(DESTDIR)$(MANDIR)/man1/ipcsh.1
	for f in man/*.5; do [ -e "$$f" ] && install -m 644 "$$f" $(DESTDIR)$(MANDIR)/man5/; done; true

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/ipcsh $(DESTDIR)$(MANDIR)/man1/ipcsh.1 $(DESTDIR)$(MANDIR)/man5/ipcsh-lessons.5
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build ipcsh

-include $(shell find build -name '*.d' 2>/dev/null)
