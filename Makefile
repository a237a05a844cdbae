# motcua — the two commands:
#   make run    install what is missing, build (Release), migrate, serve the demo commune on :8080
#   make test   install what is missing, build, run every test suite
BUILD    ?= build
DATA_DIR ?= var
LISTEN   ?= 127.0.0.1:8080
JOBS     ?= $(shell nproc)

.PHONY: run test deps test-deps build bench bench-http clean

deps:
	@scripts/install-deps.sh scripts/packages-build.txt

test-deps: deps
	@scripts/install-deps.sh scripts/packages-test.txt
	@tests/e2e/ensure-deps.sh

$(BUILD)/build.ninja: CMakeLists.txt
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD) -j $(JOBS)

run: build
	$(BUILD)/motcua migrate --data-dir $(DATA_DIR)
	exec $(BUILD)/motcua serve --demo --data-dir $(DATA_DIR) --listen $(LISTEN)

test: test-deps build
	cd $(BUILD) && ctest --output-on-failure --timeout 900 -j $(JOBS)

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
	rm -rf $(BUILD)
