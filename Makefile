# The two commands a new user needs: `make run` and `make test`. Both install what is missing.
# SANITIZE=address,undefined or SANITIZE=thread: the same build and tests with those sanitizers,
# in their own build directory (build-asan, build-tsan), so the normal build stays as it is.
SANITIZE ?=
ifeq ($(SANITIZE),)
BUILD ?= build
else ifeq ($(SANITIZE),address,undefined)
BUILD ?= build-asan
else ifeq ($(SANITIZE),thread)
BUILD ?= build-tsan
else
BUILD ?= build-$(subst $(comma),-,$(SANITIZE))
endif
comma := ,
# A sanitized build needs only the binary and the unit tests (its suites run on SQLite).
BUILD_TARGETS := $(if $(SANITIZE),--target seatkeeper unit_tests)
JOBS ?= $(shell nproc)
export CCACHE_BASEDIR ?= $(CURDIR)
export CCACHE_NOHASHDIR ?= 1
DATA ?= $(CURDIR)/data
DB ?= sqlite://$(DATA)/seatkeeper.db
LISTEN ?= 127.0.0.1:8080

.PHONY: deps build fuzz-build run test unit e2e bench soak fuzz deb docker clean

deps:
	@bash scripts/install-deps.sh

$(BUILD)/Makefile: CMakeLists.txt
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSK_SANITIZE=$(SANITIZE) >/dev/null

build: deps $(BUILD)/Makefile
	cmake --build $(BUILD) -j$(JOBS) $(BUILD_TARGETS)

# The libFuzzer targets (fuzz/), built by clang-15 in their own directory.
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
$(FUZZ_BUILD)/Makefile: CMakeLists.txt fuzz/CMakeLists.txt
	CXX=clang++-15 cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSK_FUZZ=ON >/dev/null

fuzz-build: deps $(FUZZ_BUILD)/Makefile
	cmake --build $(FUZZ_BUILD) -j$(JOBS) --target fuzz_targets

run: build
	@bash scripts/run.sh "$(DB)" "$(LISTEN)"

# Without SANITIZE the tests include a smoke run of the fuzz targets, so they are built too.
test: build $(if $(SANITIZE),,fuzz-build)
	@BUILD=$(BUILD) SANITIZE=$(SANITIZE) bash scripts/test.sh

# Every fuzz target for FUZZ_SECONDS (default 60) each; prints the executions run.
fuzz: fuzz-build
	@FUZZ_BUILD=$(FUZZ_BUILD) FUZZ_SECONDS=$(FUZZ_SECONDS) bash scripts/fuzz.sh

# 100 cycles of write load + kill -9 + restart on SQLite, checked after each restart (scripts/soak.mjs).
soak: build
	@SOAK_CYCLES=$${SOAK_CYCLES:-100} SEATKEEPER_BIN=$(CURDIR)/$(BUILD)/seatkeeper node scripts/soak.mjs

bench: build
	@bash bench/run.sh

# A Debian package (binary, systemd unit, /etc/default/seatkeeper) in $(BUILD)/.
deb: build
	cd $(BUILD) && cpack -G DEB

# The container image (Dockerfile), when Docker and its daemon are there.
docker:
	@if command -v docker >/dev/null && docker info >/dev/null 2>&1; then \
	  docker build -t seatkeeper:latest . ; \
	else echo "docker (or its daemon) is not available: image not built"; fi

clean:
	rm -rf $(BUILD) $(FUZZ_BUILD)
