#!/usr/bin/env bash
# Prints the JVM options the installed launcher passes (packaging/jpackage-common.txt), plus the
# class-data-sharing archive when the build made one (as the installed app uses its own), so that
# benchmarks running `java -jar target/lifeboat.jar` measure what users run:
#   java $(bench/launcher-options.sh) -jar target/lifeboat.jar ...
root="$(dirname "$0")/.."
sed -n 's/^--java-options //p' "$root/packaging/jpackage-common.txt" | tr '\n' ' '
[ -f "$root/target/lifeboat.jsa" ] && printf '%s ' "-XX:SharedArchiveFile=$root/target/lifeboat.jsa" "-Xlog:cds=off"
exit 0
