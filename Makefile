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

CFLAGS    ?= -O2 -g
CFLAGS    += -std=c11 -D_GNU_SOURCE -Wall -Wextra -Wshadow -Wno-unused-parameter \
             -Isrc -Icommands -DIPCSH_VERSION='"$(VERSION)"' -DIPCSH_DATADIR='"$(DATADIR)"' -MMD -MP
ifeq ($(SANITIZE),1)
CFLAGS    += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS   += -fsanitize=address,undefined
B         := build/san
endif
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lreadline -lsmartcols)

CORE_SRC  := $(wildcard src/*.c)
CMD_SRC   := $(wildcard commands/*.c)
LIB_SRC   := $(filter-out src/main.c,$(CORE_SRC)) $(CMD_SRC)
LIB_OBJ   := $(LIB_SRC:%.c=$(B)/%.o)
MAIN_OBJ  := $(B)/src/main.o
BIN       := $(B)/ipcsh

UNIT_SRC  := $(wildcard tests/unit/test_*.c)
UNIT_BIN  := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
INTEROP_SRC := $(wildcard tests/interop/*.c)
INTEROP_BIN := $(INTEROP_SRC:tests/interop/%.c=$(B)/interop/%)
BENCH_BIN := $(B)/bench/pingpong $(B)/bench/spawn

.PHONY: FORCE deps-check all run check check-unit check-transcripts deps install uninstall clean bench valgrind lint-man

all: $(BIN) ipcsh

ipcsh: $(BIN)
	ln -sf $(BIN) $@

$(BIN): $(MAIN_OBJ) $(B)/libipcsh.a
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(B)/libipcsh.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(B)/%.o: %.c | deps-check
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -c -o $@ $<

# The lessons directory is compiled in: rebuild what uses it when PREFIX changes.
$(B)/datadir: FORCE
	@mkdir -p $(B); echo '$(DATADIR)' | cmp -s - $@ || echo '$(DATADIR)' > $@
$(B)/src/play.o: $(B)/datadir
FORCE:

$(B)/tests/%: tests/unit/%.c $(B)/libipcsh.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) $(LDFLAGS) -o $@ $< $(B)/libipcsh.a $(PKG_LIBS) $$(pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)

$(B)/interop/%: tests/interop/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $<

$(B)/bench/%: bench/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $<

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

run: all
	./$(BIN)

check: deps-check all $(UNIT_BIN) $(INTEROP_BIN)
	@B=$(B) tests/run-all

valgrind: all
	@B=$(B) tests/run-all valgrind

bench: all $(BENCH_BIN)
	@B=$(B) bench/run

lint-man:
	groff -man -ww -z man/ipcsh.1
	mandoc -Tlint -W warning man/ipcsh.1

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/lessons $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/ipcsh
	for f in lessons/*.lesson; do [ -e "$$f" ] && install -m 644 "$$f" $(DESTDIR)$(DATADIR)/lessons/; done; true
	install -m 644 man/ipcsh.1 $(DESTDIR)$(MANDIR)/man1/ipcsh.1
	for f in man/*.5; do [ -e "$$f" ] && install -m 644 "$$f" $(DESTDIR)$(MANDIR)/man5/; done; true

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/ipcsh $(DESTDIR)$(MANDIR)/man1/ipcsh.1 $(DESTDIR)$(MANDIR)/man5/ipcsh-lessons.5
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build ipcsh

-include $(shell find build -name '*.d' 2>/dev/null)
