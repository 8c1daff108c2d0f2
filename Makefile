# AssessKit: `make demo` and `make test` do everything on a fresh machine (they install what is missing).
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
ASSESS := .build/debug/assess

.PHONY: all deps browser build test demo bench asan clean docs completions man

all: build

## Install the system packages the build needs when they are missing (Debian/Ubuntu).
deps:
	@if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists lua5.4; then \
		echo "==> installing pkg-config and liblua5.4-dev"; \
		$(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pkg-config liblua5.4-dev >/dev/null; \
	fi
	@if ! pkg-config --exists sqlite3; then \
		echo "==> installing libsqlite3-dev (the exercise store)"; \
		$(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libsqlite3-dev >/dev/null; \
	fi

## Headless Chromium for the report rendering test (Debian's chromium); the test is skipped, not
## failed, where it cannot be installed.
browser:
	@if ! command -v chromium >/dev/null 2>&1; then \
		echo "==> installing chromium (for rendering the HTML reports in a test)"; \
		( $(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null ) \
			|| echo "chromium could not be installed: the report rendering test will be skipped"; \
	fi

build: deps
	$(SWIFT) build

## Runs every test: unit tests, the adversarial sandbox suite (in-process and in two child processes),
## instrument loading and diagnostics, API stability, and the command line. `make man` runs first
## so that the man page test has swift-argument-parser's generate-manual tool.
test: deps browser
	$(SWIFT) build --build-tests
	@$(MAKE) --no-print-directory man || echo "make man failed: the man page test will be skipped"
	$(SWIFT) test --skip-build

## Shell completion scripts for bash, zsh and fish, written into DESTDIR (default .build/completions).
## bash: source assess.bash from ~/.bashrc (or copy it to /etc/bash_completion.d/assess);
## zsh: put _assess in a folder on $fpath before compinit; fish: copy assess.fish to
## ~/.config/fish/completions/.
COMPLETIONS_DIR = $(or $(DESTDIR),.build/completions)
completions: deps
	$(SWIFT) build --product assess
	@mkdir -p "$(COMPLETIONS_DIR)"
	@for shell in bash zsh fish; do \
		case $$shell in bash) name=assess.bash;; zsh) name=_assess;; fish) name=assess.fish;; esac; \
		$(ASSESS) --generate-completion-script $$shell > "$(COMPLETIONS_DIR)/.$$name.tmp" \
			&& mv "$(COMPLETIONS_DIR)/.$$name.tmp" "$(COMPLETIONS_DIR)/$$name" \
			&& echo "wrote $(COMPLETIONS_DIR)/$$name" || exit 1; \
	done

## The man page assess.1, made by swift-argument-parser's GenerateManual plugin from the same
## definitions as --help, written into DESTDIR (default .build/man); read it with man -l. The date
## is the last commit's, so the same checkout gives the same page.
MAN_DIR = $(or $(DESTDIR),.build/man)
MAN_DATE = $(or $(shell git log -1 --format=%cs 2>/dev/null),$(shell date -u +%F))
man: deps
	$(SWIFT) package generate-manual --configuration debug --date $(MAN_DATE)
	@mkdir -p "$(MAN_DIR)"
	@# Blank lines in the help discussions become paragraph breaks (mdoc warns about empty lines), and
	@# each Examples: block is set literally, so commands are neither filled nor hyphenated.
	@awk '/^Examples:$$/ { print; print ".Bd -literal -offset indent"; ex = 1; next } \
		ex && (/^$$/ || /^\./) { print ".Ed"; ex = 0 } \
		ex { sub(/^  /, ""); print; next } \
		/^$$/ { print ".Pp"; next } { print } \
		END { if (ex) print ".Ed" }' \
		.build/plugins/GenerateManual/outputs/assess/assess.1 > "$(MAN_DIR)/.assess.1.tmp" \
		&& mv "$(MAN_DIR)/.assess.1.tmp" "$(MAN_DIR)/assess.1"
	@echo "wrote $(MAN_DIR)/assess.1 (read it with: man -l $(MAN_DIR)/assess.1)"

## Builds, lists and validates the bundled instruments, and runs the sandbox examples.
demo: build
	@echo "==> the bundled instruments"
	$(ASSESS) list
	@echo "==> validating them, and a trust's own 360 that extends hlm-360"
	$(ASSESS) check Instruments/ Examples/trust-values-360/
	@echo "==> scoring the example self-assessments (Examples/data/hlm-self.csv, 40 people) with scale-scores"
	$(ASSESS) score hlm-self Examples/data/hlm-self.csv --format csv --out Examples/data/hlm-self.scores.csv
	@head -4 Examples/data/hlm-self.scores.csv
	@echo "==> scoring the example 360 cohort (Examples/data/hlm-360.csv, 40 people) with rater-groups"
	$(ASSESS) score hlm-360 Examples/data/hlm-360.csv --out Examples/data/hlm-360.scores.json
	@echo "==> an exercise: replaying a recorded attempt of the situational judgement set, then its golden cases"
	$(ASSESS) exercise replay Examples/exercises/sjt-leadership Examples/exercises/sjt-leadership/tests/typical/transcript.jsonl --expect Examples/exercises/sjt-leadership/tests/typical/expected/result.json
	$(ASSESS) test Examples/exercises
	@echo "==> a well-behaved script in the sandbox"
	$(ASSESS) lua Examples/sandbox/hello.lua
	@echo "==> a hostile script: it loops forever and is stopped by the instruction limit (exit 65 expected)"
	@$(ASSESS) lua Examples/sandbox/runaway.lua --instructions 10000000 || echo "(exit status $$?: a script error or limit)"
	@echo "==> the 360 reports for that cohort (HTML and Markdown per person, a cohort view, CSV and JSON exports)"
	@$(ASSESS) report hlm-360 --scores Examples/data/hlm-360.scores.json --reporter feedback-html --reporter feedback-markdown \
		--reporter cohort-html --reporter scores-csv --reporter scores-json --out Examples/reports --date 2026-12-01 | tail -3
	@echo "==> the reports are in Examples/reports/ (open Examples/reports/S00001-feedback.html in a browser)"

## Benchmarks (release build): the Lua host against the stock lua5.4 interpreter, and scoring a
## million responses against pandas and polars (lua5.4, pandas and polars are installed when missing).
bench: deps
	@command -v lua5.4 >/dev/null 2>&1 || { echo "==> installing lua5.4"; $(SUDO) apt-get install -y -qq lua5.4 >/dev/null; }
	$(SWIFT) build -c release --product assess-benchmarks
	$(SWIFT) build -c release --product assess
	.build/release/assess-benchmarks
	python3 Benchmarks/scoring/bench.py

## The whole test suite under AddressSanitizer (separate build folder).
asan: deps
	LSAN_OPTIONS=suppressions=$(CURDIR)/Tests/asan-suppressions.txt $(SWIFT) test --sanitize=address --scratch-path .build-asan

clean:
	rm -rf .build .build-asan

DOCC ?= docc
DOC_MODULES := LuaRuntime AssessModel AssessScripting AssessEngine AssessTesting AssessExercises AssessCharts
DOC_BUILD := .build-docs

## DocC archives of the public modules, made with the docc in the toolchain (no package
## dependency): .build/docs/<Module>.doccarchive. Any warning fails. The symbol graphs come from a
## build of their own ($(DOC_BUILD)), so the flags that emit them never invalidate `make build`.
docs: deps
	$(SWIFT) build --scratch-path $(DOC_BUILD) --target AssessTesting \
		-Xswiftc -emit-symbol-graph -Xswiftc -emit-symbol-graph-dir -Xswiftc $(CURDIR)/$(DOC_BUILD)/symbol-graphs
	@set -e; for m in $(DOC_MODULES); do \
		rm -rf .build/docs/$$m.symbols .build/docs/$$m.doccarchive; mkdir -p .build/docs/$$m.symbols; \
		find $(DOC_BUILD)/symbol-graphs -maxdepth 1 \( -name "$$m.symbols.json" -o -name "$$m@*.symbols.json" \) \
			-exec cp {} .build/docs/$$m.symbols/ \; ; \
		echo "==> $$m"; \
		$(DOCC) convert Sources/$$m/$$m.docc --additional-symbol-graph-dir .build/docs/$$m.symbols \
			--fallback-display-name $$m --fallback-bundle-identifier org.assesskit.$$m \
			--output-path .build/docs/$$m.doccarchive --warnings-as-errors --disable-parameters-and-returns-validation; \
	done
