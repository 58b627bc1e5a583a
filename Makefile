# The two commands a new user needs: `make run` and `make test`. Both install what is missing.
BUILD ?= build
JOBS ?= $(shell nproc)
export CCACHE_BASEDIR ?= $(CURDIR)
export CCACHE_NOHASHDIR ?= 1
DATA ?= $(CURDIR)/data
DB ?= sqlite://$(DATA)/seatkeeper.db
LISTEN ?= 127.0.0.1:8080

.PHONY: deps build run test unit e2e bench deb docker clean

deps:
	@bash scripts/install-deps.sh

$(BUILD)/Makefile: CMakeLists.txt
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null

build: deps $(BUILD)/Makefile
	cmake --build $(BUILD) -j$(JOBS)

run: build
	@bash scripts/run.sh "$(DB)" "$(LISTEN)"

test: build
	@bash scripts/test.sh

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
