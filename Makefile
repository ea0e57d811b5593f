# newsmill — build, tests, fuzzing.
#
#   make            build/newsmill (installs missing packages first, see scripts/deps.sh)
#   make test       unit + e2e tests, again under ASan+UBSan, then each fuzz target for 10 s
#   make check      the quick loop: unit + e2e tests of the normal build only
#   make fuzz       every fuzz target for FUZZ_SECONDS (default 60)
#   make demo       builds the demo site from examples/demo (no network needed)
#   make install    PREFIX=/usr/local
#
# Sources are found by pattern, so a new file needs no edit here:
#   src/<module>/*.c      -> libnewsmill.a (src/cli/*.c -> the binary)
#   src/cli/cmd_<name>.c  -> one command of the table (build/gen/commands.inc)
#   tests/unit/<module>/test_<name>.c -> one cmocka test program each
#   tests/tools/<name>.c  -> helper programs for tests (test HTTP server …)
#   tests/e2e/*.sh        -> end-to-end tests run against the binary
#   tests/fuzz/fuzz_<name>.c with seeds in tests/fuzz/corpus/<name>/

BUILD ?= build
PREFIX ?= /usr/local
FUZZ_SECONDS ?= 60
SAN ?=

PKGS := libcurl libxml-2.0 jansson yaml-0.1 gumbo md4c md4c-html sqlite3 \
        libutf8proc libxxhash libmicrohttpd uchardet vips nettle libpq
# Compiled against but not linked: loaded with dlopen by the one module
# that needs them (src/fetch/curl_lib.c, src/serve/mhd_lib.c,
# src/site/img_vips.c, src/mirror/mirror.c for libnettle's SHA-256,
# src/store/pq_lib.c), so that a command that does not touch the network,
# images or PostgreSQL does not map the network stack, the image codecs or
# libpq at start-up. Test tools link them as usual.
PKGS_DLOPEN := libcurl libmicrohttpd vips nettle libpq

ifeq ($(NM_INNER),)
# ---- outer make: check dependencies once, then build in an inner make ----

.PHONY: all test check fuzz demo install clean deps
all: deps
	@$(MAKE) --no-print-directory NM_INNER=1 bin

deps:
	@scripts/deps.sh

test: deps
	@$(MAKE) --no-print-directory NM_INNER=1 bin tests
	@$(MAKE) --no-print-directory NM_INNER=1 BUILD=build/asan SAN=1 bin tests
	@$(MAKE) --no-print-directory NM_INNER=1 BUILD=build/tsan SAN=thread bin tests
	@$(MAKE) --no-print-directory NM_INNER=1 BUILD=build/fuzz fuzzers
	@FUZZ_SECONDS=10 scripts/run-tests.sh build build/asan build/tsan build/fuzz

# The quick loop while developing: normal build, unit + e2e only.
check: deps
	@$(MAKE) --no-print-directory NM_INNER=1 bin tests
	@scripts/run-tests.sh build

fuzz: deps
	@$(MAKE) --no-print-directory NM_INNER=1 BUILD=build/fuzz fuzzers
	@FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/run-tests.sh --fuzz-only build/fuzz

demo: all
	@if [ -f scripts/demo.sh ]; then scripts/demo.sh; \
	 else echo "make demo: scripts/demo.sh is not there yet" >&2; exit 2; fi

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 build/newsmill $(DESTDIR)$(PREFIX)/bin/newsmill
	install -m 644 doc/newsmill.1 $(DESTDIR)$(PREFIX)/share/man/man1/newsmill.1

clean:
	rm -rf build

else
# ---- inner make: the real rules ----------------------------------------

CC ?= cc
ifeq ($(SAN),1)
OPT := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
else ifeq ($(SAN),thread)
OPT := -O1 -g -fsanitize=thread -fno-omit-frame-pointer
else
OPT := -O2 -g
endif
WARN := -Wall -Wextra -Werror -Wno-missing-field-initializers
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS))
PKG_LIBS := $(shell pkg-config --libs $(filter-out $(PKGS_DLOPEN),$(PKGS))) -ldl -lpthread -lm
TOOL_LIBS := $(PKG_LIBS) $(shell pkg-config --libs $(PKGS_DLOPEN))
CPPFLAGS_NM := -D_GNU_SOURCE -Isrc -I$(BUILD)/gen
CFLAGS_NM := -std=c11 $(WARN) $(OPT) -MMD -MP $(PKG_CFLAGS)
LDFLAGS_NM := $(OPT)
# Quiet rules; `make V=1` shows the commands.
Q := $(if $(V),,@)
say = $(if $(V),,@printf '  %-6s %s\n' $(1) $(2);)

LIB_SRC := $(sort $(shell find src -name '*.c' -not -path 'src/cli/*'))
CLI_SRC := $(sort $(wildcard src/cli/*.c))
CMD_NAMES := $(sort $(patsubst src/cli/cmd_%.c,%,$(wildcard src/cli/cmd_*.c)))
UNIT_SRC := $(sort $(wildcard tests/unit/*/test_*.c))
TOOL_SRC := $(sort $(wildcard tests/tools/*.c))
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))

# Embedded themes: every file under themes/NAME/ becomes the array
# site_theme_NAME in $(BUILD)/gen/theme_NAME.c (scripts/embed.sh), compiled
# into the library like any source, so a theme lives inside the binary.
THEME_NAMES := $(notdir $(wildcard themes/*))
THEME_FILES := $(shell find themes -type f 2>/dev/null)
GEN_SRC := $(THEME_NAMES:%=$(BUILD)/gen/theme_%.c)

LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/obj/%.o) $(GEN_SRC:%.c=$(BUILD)/obj/%.o)
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/obj/%.o)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/unit/%)
TOOL_BIN := $(TOOL_SRC:tests/tools/%.c=$(BUILD)/tests/tools/%)
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/%)

.PHONY: bin tests fuzzers FORCE
bin: $(BUILD)/newsmill
tests: $(UNIT_BIN) $(TOOL_BIN)

# The command table: one NM_COMMAND(name) per src/cli/cmd_<name>.c,
# rewritten only when the set of commands changes.
$(BUILD)/gen/commands.inc: FORCE
	@mkdir -p $(@D)
	@printf 'NM_COMMAND(%s)\n' $(CMD_NAMES) > $@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@

$(BUILD)/obj/src/cli/main.o: $(BUILD)/gen/commands.inc

$(GEN_SRC): $(BUILD)/gen/theme_%.c: $(THEME_FILES) scripts/embed.sh
	@mkdir -p $(@D)
	$(call say,EMBED,themes/$*)scripts/embed.sh themes/$* $* > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(call say,CC,$<)$(CC) $(CPPFLAGS_NM) $(CFLAGS_NM) $(CFLAGS) -c $< -o $@

$(BUILD)/libnewsmill.a: $(LIB_OBJ)
	@rm -f $@
	$(call say,AR,$@)ar rcs $@ $^

$(BUILD)/newsmill: $(CLI_OBJ) $(BUILD)/libnewsmill.a
	$(call say,LINK,$@)$(CC) $(LDFLAGS_NM) $(LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libnewsmill.a $(PKG_LIBS)

$(BUILD)/tests/unit/%: tests/unit/%.c $(BUILD)/libnewsmill.a
	@mkdir -p $(@D)
	$(call say,TEST,$@)$(CC) $(CPPFLAGS_NM) $(CFLAGS_NM) $(CFLAGS) -o $@ $< $(BUILD)/libnewsmill.a \
	    $(PKG_LIBS) $(shell pkg-config --libs cmocka)

$(BUILD)/tests/tools/%: tests/tools/%.c $(BUILD)/libnewsmill.a
	@mkdir -p $(@D)
	$(call say,TOOL,$@)$(CC) $(CPPFLAGS_NM) $(CFLAGS_NM) $(CFLAGS) -o $@ $< $(BUILD)/libnewsmill.a $(TOOL_LIBS)

# Fuzzers: clang, libFuzzer, ASan and UBSan over the whole library.
FUZZ_CC := clang
FUZZ_FLAGS := -g -O1 -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
fuzzers: $(FUZZ_BIN)

$(BUILD)/fobj/%.o: %.c
	@mkdir -p $(@D)
	$(call say,FUZZCC,$<)$(FUZZ_CC) $(CPPFLAGS_NM) -std=c11 -Wall -Wno-unused-command-line-argument $(FUZZ_FLAGS) \
	    -MMD -MP $(PKG_CFLAGS) -c $< -o $@

$(BUILD)/libfuzz.a: $(LIB_SRC:%.c=$(BUILD)/fobj/%.o) $(GEN_SRC:%.c=$(BUILD)/fobj/%.o)
	@rm -f $@
	$(call say,AR,$@)ar rcs $@ $^

$(BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(BUILD)/libfuzz.a
	$(call say,FUZZ,$@)$(FUZZ_CC) $(CPPFLAGS_NM) -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined \
	    -fno-sanitize-recover=all $(PKG_CFLAGS) -o $@ $< $(BUILD)/libfuzz.a $(PKG_LIBS)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
endif
