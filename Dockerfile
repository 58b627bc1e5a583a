# seatkeeper in a container: built on Debian 12, run on Debian 12 slim as an unprivileged user.
#   docker build -t seatkeeper .     (or `make docker`)
#   docker run -p 8080:8080 -v seatkeeper-data:/var/lib/seatkeeper \
#     -e SEATKEEPER_PUBLIC_URL=https://seats.example.com seatkeeper
FROM debian:12-slim AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
    g++ cmake make pkg-config libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev \
    libssl-dev libcurl4-openssl-dev libsqlite3-dev libpq-dev zlib1g-dev libcli11-dev \
    libgtest-dev libgmock-dev libbenchmark-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY CMakeLists.txt ./
COPY cmake cmake
COPY src src
COPY bench bench
COPY deploy deploy
COPY docs docs
RUN cmake -S . -B /build -DCMAKE_BUILD_TYPE=Release \
 && cmake --build /build --target seatkeeper -j"$(nproc)" \
 && strip /build/seatkeeper

FROM debian:12-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
    libboost-json1.81.0 libboost-url1.81.0 libssl3 libcurl4 libsqlite3-0 libpq5 zlib1g ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --user-group --home-dir /var/lib/seatkeeper --shell /usr/sbin/nologin seatkeeper \
 && install -d -o seatkeeper -g seatkeeper -m 0700 /var/lib/seatkeeper
COPY --from=build /build/seatkeeper /usr/bin/seatkeeper
USER 10001:10001
ENV SEATKEEPER_DATABASE=sqlite:///var/lib/seatkeeper/seatkeeper.db \
    SEATKEEPER_LISTEN=0.0.0.0:8080 \
    SEATKEEPER_LOG_FORMAT=json
VOLUME /var/lib/seatkeeper
EXPOSE 8080
# SIGTERM drains and exits 0 (docker stop's default signal); give it the 10 s it may need.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/bin/seatkeeper"]
CMD ["serve"]
