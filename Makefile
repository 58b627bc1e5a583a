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

.PHONY: deps build run test unit e2e bench soak deb docker clean

deps:
	@bash scripts/install-deps.sh

$(BUILD)/Makefile: CMakeLists.txt
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSK_SANITIZE=$(SANITIZE) >/dev/null

build: deps $(BUILD)/Makefile
	cmake --build $(BUILD) -j$(JOBS) $(BUILD_TARGETS)

run: build
	@bash scripts/run.sh "$(DB)" "$(LISTEN)"

test: build
	@BUILD=$(BUILD) SANITIZE=$(SANITIZE) bash scripts/test.sh

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
	rm -rf $(BUILD)
