#!/usr/bin/env bash
# Regenerates src/main/resources/app/lifeboat/window-classes.txt: the classes the desktop window
# loads at launch that the command-line training does not, so that the class-data-sharing archive
# (app.lifeboat.Training) holds them too. Runs the app for a few seconds in a virtual display on a
# throw-away home, with the archive `./mvnw package` made, and keeps every class it loaded from a
# jar or a JDK module (hidden and lambda classes cannot be named). Needs Xvfb and target/lifeboat.jar.
#   packaging/window-classes.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
jar=target/lifeboat.jar
[ -f "$jar" ] || { echo "build the jar first: ./mvnw package -DskipTests" >&2; exit 2; }
work=$(mktemp -d)
trap 'kill "$xvfb" 2>/dev/null || true; rm -rf "$work"' EXIT
for n in $(seq 90 140); do [ -e "/tmp/.X11-unix/X$n" ] || break; done
Xvfb ":$n" -screen 0 1400x900x24 -nolisten tcp >/dev/null 2>&1 & xvfb=$!
sleep 1
archive=()
[ -f target/lifeboat.jsa ] && archive=(-XX:SharedArchiveFile=target/lifeboat.jsa -Xlog:cds=off)
DISPLAY=":$n" timeout "$seconds" java "${archive[@]}" -Xlog:class+load:file="$work/classes.txt" \
    -jar "$jar" --home "$work/home" >/dev/null 2>&1 || true
out=src/main/resources/app/lifeboat/window-classes.txt
{
    echo "# Classes the window loads at launch beyond the command line's; made by packaging/window-classes.sh"
    grep -v 'shared objects file' "$work/classes.txt" | awk '{print $2}' | grep -v -e 'Lambda' -e '__JVM' -e '\$\$' -e 'Generated[A-Za-z]*Accessor' -e '\$Proxy' | sort -u
} > "$out"
echo "$(($(wc -l < "$out") - 1)) classes in $out"
