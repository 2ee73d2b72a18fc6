# dyad - plain Makefile. `make` builds libdyad.a and dyad; `make test` runs the tests;
# `make check` runs them again under ASan/UBSan; `make bench`, `make fuzz`.

CC      ?= cc
CFLAGS  ?= -O3 -g
WARN     = -std=c11 -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wformat=2 -Wvla -Wno-sign-compare
WERROR  ?= -Werror
PKGS     = libutf8proc jansson libxml-2.0 sqlite3
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CPPFLAGS += -D_GNU_SOURCE -Iinclude -Isrc $(PKG_CFLAGS)
ALL_CFLAGS = $(WARN) $(WERROR) $(CFLAGS) -fvisibility=hidden
LDLIBS  += $(PKG_LIBS) -lm -lpthread
# With gcc the program is linked with link-time optimisation (small functions of one
# stage inlined into another: about 5% faster coding, docs/architecture.md). The objects
# keep their plain code too (fat), so tests and other programs link them without it.
IS_CLANG := $(shell $(CC) -dM -E -x c /dev/null 2>/dev/null | grep -c __clang__)
LTO     ?= $(if $(filter 0,$(IS_CLANG)),-flto=auto -ffat-lto-objects)
NO_LTO   = $(if $(LTO),-fno-lto)
SAN      = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

B       ?= build
LIB_SRC := $(sort $(wildcard src/*/*.c))
LIB_SRC := $(filter-out src/cli/%,$(LIB_SRC))
CLI_SRC := $(sort $(wildcard src/cli/*.c))
LIB_OBJ := $(LIB_SRC:%.c=$(B)/%.o)
CLI_OBJ := $(CLI_SRC:%.c=$(B)/%.o)
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
FUZZ_SRC := $(sort $(wildcard fuzz/fuzz_*.c))

# Dictionaries generated from packages that keep the facts (docs/dictionaries.md,
# "Sources"); the program finds them, and data/dict, through the paths compiled in here.
ISO_3166 ?= /usr/share/iso-codes/json/iso_3166-1.json
WORLD_COUNTRIES = node_modules/world-countries/countries.json
GEN_DICT = $(B)/gen/countries.txt

.PHONY: all test check sanitize bench fuzz clean format-check
all: $(B)/dyad $(B)/libdyad.a $(GEN_DICT)

$(GEN_DICT): scripts/gen_countries.mjs $(ISO_3166) $(WORLD_COUNTRIES) package-lock.json
	@mkdir -p $(dir $@)
	node scripts/gen_countries.mjs $(ISO_3166) $(WORLD_COUNTRIES) >$@.tmp && mv $@.tmp $@

$(WORLD_COUNTRIES):
	@echo "error: $@ is missing: run 'npm ci' (scripts/setup.sh does)" >&2; exit 1

$(ISO_3166):
	@echo "error: $@ is missing: install Debian's iso-codes (scripts/setup.sh does)" >&2; exit 1

$(B)/src/cli/dictargs.o: CPPFLAGS += -DDYAD_DATADIR='"$(CURDIR)/data/dict"' \
                                     -DDYAD_GENDIR='"$(abspath $(B))/gen"'

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(LTO) -MMD -MP -c $< -o $@

# A new library may read dictionaries differently while their sources stay the same: the
# images cached in the build's gen/ folder (dyad-dict.img, petrarch-*.img) go with the old.
$(B)/libdyad.a: $(LIB_OBJ)
	@rm -f $@ $(B)/gen/*.img
	ar rcs $@ $^

$(B)/dyad: $(CLI_OBJ) $(B)/libdyad.a
	$(CC) $(ALL_CFLAGS) $(LTO) $(LDFLAGS) -o $@ $(CLI_OBJ) $(B)/libdyad.a $(LDLIBS)

$(B)/tests/%: tests/unit/%.c $(B)/libdyad.a tests/unit/t.h
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Itests/unit $(ALL_CFLAGS) $(NO_LTO) -o $@ $< $(B)/libdyad.a $(LDLIBS)

# Replays every committed fuzz corpus file through its target (no libFuzzer needed).
$(B)/fuzz/replay_%: fuzz/fuzz_%.c fuzz/driver.c $(B)/libdyad.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(NO_LTO) -o $@ $< fuzz/driver.c $(B)/libdyad.a $(LDLIBS)

FUZZ_REPLAY := $(FUZZ_SRC:fuzz/fuzz_%.c=$(B)/fuzz/replay_%)

# `make test`: unit tests, fuzz-corpus replay, CLI tests, the PETRARCH suite; one summary.
test: all $(UNIT_BIN) $(FUZZ_REPLAY)
	@B=$(B) sh tests/run.sh

# `make check`: the tests with gcc, then the same tests under ASan/UBSan.
check: test
	$(MAKE) sanitize

sanitize:
	$(MAKE) B=build-san CC=clang CFLAGS="-O1 -g $(SAN)" LDFLAGS="$(SAN)" test

$(B)/bench/gen_corpus: bench/gen_corpus.c $(B)/libdyad.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(NO_LTO) -o $@ $< $(B)/libdyad.a $(LDLIBS)

bench: all $(B)/bench/gen_corpus
	B=$(B) sh bench/run.sh

FUZZ_SECONDS ?= 60
fuzz:
	sh fuzz/run.sh $(FUZZ_SECONDS)

clean:
	rm -rf build build-san build-fuzz

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)
