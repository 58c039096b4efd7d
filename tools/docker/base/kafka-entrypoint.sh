#!/bin/sh
# Formats the KRaft log dir on the first start, then execs the broker (tools/kafka/server.properties with the ports
# and data dir filled in). The JVM is PID 1's child of nothing: exec, so SIGTERM reaches it (controlled shutdown).
set -eu
port="${KAFKA_PORT:-9092}"
cport=$((port + 1))
data=/var/lib/kafka/data
host="${KAFKA_ADVERTISED_HOST:-127.0.0.1}"
conf=/var/lib/kafka/server.properties
sed -e "s#@PORT@#$port#g" -e "s#@CONTROLLER_PORT@#$cport#g" -e "s#@DATA_DIR@#$data#g" \
  -e "s#^listeners=.*#listeners=PLAINTEXT://${KAFKA_LISTEN_HOST:-127.0.0.1}:$port,CONTROLLER://127.0.0.1:$cport#" \
  -e "s#^advertised.listeners=.*#advertised.listeners=PLAINTEXT://$host:$port,CONTROLLER://127.0.0.1:$cport#" \
  -e "s#^auto.create.topics.enable=.*#auto.create.topics.enable=${KAFKA_AUTO_CREATE_TOPICS_ENABLE:-true}#" \
  /opt/kafka/config/server.properties >"$conf"
# shellcheck disable=SC2086 # KAFKA_HEAP_OPTS is a list of JVM flags
set -- ${KAFKA_HEAP_OPTS} -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true \
  -Djava.net.preferIPv4Stack=true -Dlog4j2.configurationFile=/opt/kafka/config/log4j2.properties -cp '/opt/kafka/lib/*'
if [ ! -f "$data/meta.properties" ]; then
  java "$@" kafka.tools.StorageTool format -t "${CLUSTER_ID:-$(java "$@" kafka.tools.StorageTool random-uuid | tail -1)}" \
    -c "$conf" --ignore-formatted >/dev/null
fi
exec java "$@" kafka.Kafka "$conf"
