#!/usr/bin/env bash
# Runs a Spring Boot jar with class data sharing (CDS), as Spring Boot documents it: the jar extracted once with
# `java -Djarmode=tools -jar JAR extract`, one training run that starts the application with the same arguments and
# exits once its context is refreshed (-Dspring.context.exit=onRefresh, no port opened) while the JVM writes the
# classes it loaded to an archive (-XX:ArchiveClassesAtExit), then every start maps that archive
# (-XX:SharedArchiveFile). Extraction and training run again only when the jar is newer than the archive.
#
#   scripts/cds.sh gateway-app/target/gateway-app.jar --spring.profiles.active=demo
#   JAVA_OPTS=-Xmx512m scripts/cds.sh forecast-sidecar/target/forecast-sidecar.jar --server.port=8090
#
# The extracted application and its archive are in $CDS_DIR (default: <jar's directory>/cds/<jar name>). Train with
# the configuration you run with (the arguments are passed to the training run): classes the training run did not
# load are loaded from the jar as usual, only slower. A JVM that cannot map the archive (another JDK) starts without it.
set -euo pipefail

[ $# -ge 1 ] || { echo "usage: $0 JAR [application arguments...]" >&2; exit 2; }
JAR=$1; shift
[ -f "$JAR" ] || { echo "cds: $JAR not found (build it first: mvn -B -q -DskipTests package)" >&2; exit 1; }
NAME=$(basename "$JAR" .jar)
CDS_DIR=${CDS_DIR:-$(cd "$(dirname "$JAR")" && pwd)/cds/$NAME}
ARCHIVE=$CDS_DIR/$NAME.jsa
JAVA_OPTS=${JAVA_OPTS:-}

if [ ! -f "$ARCHIVE" ] || [ "$JAR" -nt "$ARCHIVE" ]; then
  echo "cds: extracting $JAR to $CDS_DIR and training the archive (once per build)" >&2
  rm -rf "$CDS_DIR"
  mkdir -p "$(dirname "$CDS_DIR")"
  java -Djarmode=tools -jar "$JAR" extract --destination "$CDS_DIR" >&2
  # shellcheck disable=SC2086
  java $JAVA_OPTS -XX:ArchiveClassesAtExit="$ARCHIVE" -Dspring.context.exit=onRefresh \
    -jar "$CDS_DIR/$NAME.jar" "$@" >"$CDS_DIR/training.log" 2>&1 \
    || { echo "cds: the training run failed (log: $CDS_DIR/training.log)" >&2; tail -20 "$CDS_DIR/training.log" >&2; rm -f "$ARCHIVE"; exit 1; }
fi
# shellcheck disable=SC2086
exec java $JAVA_OPTS -XX:SharedArchiveFile="$ARCHIVE" -Xshare:auto -jar "$CDS_DIR/$NAME.jar" "$@"
