#!/usr/bin/env bash
# Prints the JVM options the installed launcher passes (packaging/jpackage-common.txt), plus the
# class-data-sharing archive when the build made one (as the installed app uses its own), so that
# benchmarks running `java -jar target/lifeboat.jar` measure what users run:
#   java $(bench/launcher-options.sh) -jar target/lifeboat.jar ...
# With --window, the archive of the window's launcher (lifeboat-window.jsa, which also holds the
# classes the window and an S3 copy load) instead of the command line's.
root="$(dirname "$0")/.."
jsa="$root/target/lifeboat.jsa"
[ "${1:-}" = "--window" ] && jsa="$root/target/lifeboat-window.jsa"
sed -n 's/^--java-options //p' "$root/packaging/jpackage-common.txt" | tr '\n' ' '
[ -f "$jsa" ] && printf '%s ' "-XX:SharedArchiveFile=$jsa" "-Xlog:cds=off"
exit 0
