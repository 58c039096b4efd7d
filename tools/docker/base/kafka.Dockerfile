# roster-local/kafka:4 — a single-node KRaft broker from the Maven Central jars tools/kafka fetches (the same broker
# the tests run without Docker), on Debian's Java 17, for the testcontainers pass and the compose product where no
# registry is reachable. KAFKA_PORT chooses the broker port (the controller takes KAFKA_PORT+1): containers run on
# the host network here. KAFKA_ADVERTISED_HOST (default 127.0.0.1) is what clients are told to connect to.
ARG DEBIAN_IMAGE=roster-local/debian:bookworm
FROM ${DEBIAN_IMAGE}
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN apt-get update \
 && mkdir -p /usr/share/man/man1 \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends openjdk-17-jre-headless \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --gid 1000 kafka \
 && useradd --uid 1000 --gid kafka --home-dir /var/lib/kafka --create-home --shell /bin/sh kafka \
 && install -d -o kafka -g kafka /var/lib/kafka/data
# (/var/lib/kafka/data exists in the image so that a named volume mounted there starts owned by kafka, not root.)
COPY lib/ /opt/kafka/lib/
COPY server.properties log4j2.properties /opt/kafka/config/
COPY kafka-entrypoint.sh /usr/local/bin/kafka-entrypoint.sh
ENV KAFKA_PORT=9092 KAFKA_HEAP_OPTS="-Xms256m -Xmx768m"
USER kafka
ENTRYPOINT ["/usr/local/bin/kafka-entrypoint.sh"]
