# motcua — the two commands:
#   make run    install what is missing, build (Release), migrate, serve the demo commune on :8080
#   make test   install what is missing, build, run every test suite; then the sanitizer build
#               (build-asan: clang, AddressSanitizer + UndefinedBehaviorSanitizer) runs the unit
#               and integration suites and a short run of every fuzzer (make test-asan)
BUILD    ?= build
ASAN_BUILD ?= build-asan
DATA_DIR ?= var
LISTEN   ?= 127.0.0.1:8080
JOBS     ?= $(shell nproc)

.PHONY: run test deps test-deps build build-asan test-asan bench bench-http clean

deps:
	@scripts/install-deps.sh scripts/packages-build.txt

test-deps: deps
	@scripts/install-deps.sh scripts/packages-test.txt
	@tests/e2e/ensure-deps.sh

$(BUILD)/build.ninja: CMakeLists.txt
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD) -j $(JOBS)

# make run builds the server alone; the tests and benchmarks are make test's.
run: deps $(BUILD)/build.ninja
	ninja -C $(BUILD) -j $(JOBS) motcua
	$(BUILD)/motcua migrate --data-dir $(DATA_DIR)
	exec $(BUILD)/motcua serve --demo --data-dir $(DATA_DIR) --listen $(LISTEN)

test: test-deps build
	cd $(BUILD) && ctest --output-on-failure --timeout 900 -j $(JOBS)
	$(MAKE) test-asan

# The sanitizer build: every report is fatal (halt_on_error, -fno-sanitize-recover), leaks included
# (tests/sanitizers/lsan.supp names the libraries whose caches are left to the exit).
# docs/fuzzing.md explains the fuzzers and how to run them longer.
SANITIZER_ENV = ASAN_OPTIONS=halt_on_error=1:abort_on_error=1:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1 \
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/sanitizers/lsan.supp:print_suppressions=0

$(ASAN_BUILD)/build.ninja: CMakeLists.txt
	cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=clang++ \
	  -DMOTCUA_SANITIZE=ON -DMOTCUA_FUZZ=ON -DMOTCUA_BUILD_BENCH=OFF

build-asan: test-deps $(ASAN_BUILD)/build.ninja
	$(SANITIZER_ENV) ninja -C $(ASAN_BUILD) -j $(JOBS)

# Unit and integration suites and the short fuzz runs; not the browser suites (e2e), which drive
# the same server through Chromium and would double the time for little more coverage.
test-asan: build-asan
	cd $(ASAN_BUILD) && $(SANITIZER_ENV) ctest --output-on-failure --timeout 900 -j $(JOBS) -LE e2e

bench: build bench-http
	$(BUILD)/bench/store_commit/bench_store_commit
	$(BUILD)/bench/deadlines/bench_deadlines
	$(BUILD)/bench/pages/bench_pages

# Intake and public lookup through HTTP on a store holding a million dossiers. The first run
# prepares that store (minutes) and caches it in $(BUILD)/bench-data/; later runs copy it.
bench-http: build
	python3 bench/intake/intake.py --build $(BUILD)
	python3 bench/lookup/lookup.py --build $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
