#!/usr/bin/env bash
# Starts a single-node KRaft Kafka broker from Apache Kafka's Maven Central jars (Java 17+ and Maven).
# Idempotent: the jars are fetched once into $KAFKA_HOME_DIR/lib; a broker already running from the
# same state dir is reused. Prints "KAFKA_BROKERS=127.0.0.1:<port>" when ready.
#
#   KAFKA_PORT       broker port (default 9092; the controller uses KAFKA_PORT+1)
#   KAFKA_HOME_DIR   jars and state (default <repo>/.kafka)
#   KAFKA_STATE_DIR  this broker's data, log and pid (default $KAFKA_HOME_DIR/broker-<port>)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
port=${KAFKA_PORT:-9092}
cport=$((port + 1))
home=${KAFKA_HOME_DIR:-$repo/.kafka}
state=${KAFKA_STATE_DIR:-$home/broker-$port}
lib=$home/lib

command -v java >/dev/null || { echo "kafka-up: java not found (Java 17+ is needed for the local broker)" >&2; exit 2; }
mkdir -p "$home" "$state"

if [ ! -f "$lib/.complete" ]; then
  command -v mvn >/dev/null || { echo "kafka-up: mvn not found (Maven fetches the broker jars once)" >&2; exit 2; }
  echo "kafka-up: fetching Kafka jars into $lib (once)" >&2
  mvn -q -B -f "$here/pom.xml" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$lib" >&2
  touch "$lib/.complete"
fi

ready() { grep -q "Kafka Server started" "$state/broker.log" 2>/dev/null; }
if [ -f "$state/broker.pid" ] && kill -0 "$(cat "$state/broker.pid")" 2>/dev/null && ready; then
  echo "KAFKA_BROKERS=127.0.0.1:$port"
  exit 0
fi

sed -e "s#@PORT@#$port#g" -e "s#@CONTROLLER_PORT@#$cport#g" -e "s#@DATA_DIR@#$state/data#g" \
  "$here/server.properties" > "$state/server.properties"
jopts=(-Xms256m -Xmx768m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true
  -Djava.net.preferIPv4Stack=true "-Dlog4j2.configurationFile=$here/log4j2.properties")
if [ ! -f "$state/data/meta.properties" ]; then
  cid=$(java "${jopts[@]}" -cp "$lib/*" kafka.tools.StorageTool random-uuid | tail -1)
  java "${jopts[@]}" -cp "$lib/*" kafka.tools.StorageTool format -t "$cid" -c "$state/server.properties" --ignore-formatted >&2
fi
: > "$state/broker.log"
# Its own session: a Ctrl-C meant for the caller must not take the broker down under the services
# still draining; it is stopped by its PID (kafka-down.sh).
setsid nohup java "${jopts[@]}" -cp "$lib/*" kafka.Kafka "$state/server.properties" >"$state/broker.log" 2>&1 &
echo $! > "$state/broker.pid"
for _ in $(seq 1 240); do
  if ready; then echo "KAFKA_BROKERS=127.0.0.1:$port"; exit 0; fi
  if ! kill -0 "$(cat "$state/broker.pid")" 2>/dev/null; then
    echo "kafka-up: broker exited; its log follows" >&2; cat "$state/broker.log" >&2; exit 1
  fi
  sleep 0.5
done
echo "kafka-up: broker not ready after 120 s; its log follows" >&2
cat "$state/broker.log" >&2
exit 1
