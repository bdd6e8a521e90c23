#!/usr/bin/env bash
# Launch to first window: starts the desktop app N times on a home with one small database and
# reports, from the app's own log line ("window shown ... ms after the process started (first
# frame at ... ms, engine ready at ... ms ...)"), the medians of the first frame and of the filled
# main window. A measurement, not a test: nothing fails when it is slow. See bench/README.md.
set -euo pipefail

usage() {
    cat <<'EOF'
usage: bench/launch.sh [options]
  --rounds N        launches per variant (default 5)
  --variant N|JAR|OPTS  a build to measure (name, jar, JVM options; repeatable, interleaved);
                    default "lifeboat|REPO/target/lifeboat.jar|"; JAR may also be an installed
                    launcher (e.g. /usr/bin/lifeboat, /opt/lifeboat/bin/lifeboat), run as it is"
  --work DIR        scratch folder (default: a new temp folder, deleted at the end)
  --display :N      use this X display instead of starting Xvfb
  -h, --help        this text
Needs Xvfb (apt-get install xvfb libgtk-3-0) unless --display is given, and python3.
EOF
}

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
ROUNDS=5
VARIANTS=()
WORK=""
DISPLAY_ARG=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rounds) ROUNDS="$2"; shift 2 ;;
        --variant) VARIANTS+=("$2"); shift 2 ;;
        --work) WORK="$2"; shift 2 ;;
        --display) DISPLAY_ARG="$2"; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "error: unknown option $1 — see bench/launch.sh --help" >&2; exit 2 ;;
    esac
done
[[ ${#VARIANTS[@]} -gt 0 ]] || VARIANTS=("lifeboat|$REPO/target/lifeboat.jar|")

CLEAN=0
if [[ -z "$WORK" ]]; then
    WORK="$(mktemp -d)"
    CLEAN=1
fi
mkdir -p "$WORK"
XVFB_PID=""
APP_PID=""
cleanup() {
    if [[ -n "$APP_PID" ]]; then kill "$APP_PID" 2>/dev/null || true; fi
    if [[ -n "$XVFB_PID" ]]; then kill "$XVFB_PID" 2>/dev/null || true; fi
    if [[ $CLEAN == 1 ]]; then rm -rf "$WORK"; fi
}
trap cleanup EXIT

if [[ -n "$DISPLAY_ARG" ]]; then
    export DISPLAY="$DISPLAY_ARG"
else
    command -v Xvfb >/dev/null || { echo "error: Xvfb is needed (apt-get install xvfb libgtk-3-0)" >&2; exit 2; }
    for n in $(seq 90 140); do
        if [[ ! -e /tmp/.X11-unix/X$n && ! -e /tmp/.X$n-lock ]]; then break; fi
    done
    Xvfb ":$n" -screen 0 1400x900x24 -nolisten tcp >/dev/null 2>&1 &
    XVFB_PID=$!
    export DISPLAY=":$n"
    sleep 1
fi

HOME_DIR="$WORK/home"
DB="$WORK/small.db"
rm -rf "$HOME_DIR" "$DB"
python3 - "$DB" <<'EOF'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute('create table t(id integer primary key, v text)')
c.executemany('insert into t(v) values(?)', [('x' * 100,) for _ in range(1000)])
c.commit()
EOF
# Runs variant jar-or-launcher $1 with JVM options $2 (a jar only) and the rest as arguments.
run() {
    local jar=$1 opts=$2
    shift 2
    if [[ $jar == *.jar ]]; then
        # shellcheck disable=SC2086
        java $opts -jar "$jar" "$@"
    else
        "$jar" "$@"
    fi
}
IFS='|' read -r _ FIRST_JAR FIRST_OPTS <<<"${VARIANTS[0]}"
run "$FIRST_JAR" "$FIRST_OPTS" --home "$HOME_DIR" add "$DB" --name small >/dev/null
run "$FIRST_JAR" "$FIRST_OPTS" --home "$HOME_DIR" backup small >/dev/null
LOG="$HOME_DIR/logs/lifeboat.log"

# One launch: prints "first_frame_ms window_ms" from the new log line, or fails after 120 s.
launch() {
    local jar=$1 opts=$2 before
    before=$(grep -c "window shown" "$LOG" 2>/dev/null || true)
    run "$jar" "$opts" --home "$HOME_DIR" >"$WORK/app.out" 2>&1 &
    APP_PID=$!
    for _ in $(seq 1 1200); do
        if [[ $(grep -c "window shown" "$LOG" 2>/dev/null || true) -gt $before ]]; then break; fi
        sleep 0.1
    done
    kill "$APP_PID" 2>/dev/null || true
    wait "$APP_PID" 2>/dev/null || true
    APP_PID=""
    grep "window shown" "$LOG" | tail -1 | python3 -c '
import re, sys
line = sys.stdin.read()
shown = int(re.search(r"window shown (\d+) ms", line).group(1))
m = re.search(r"first frame at (\d+) ms", line)
print(int(m.group(1)) if m else shown, shown)'
}

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

for ((k = 0; k < ${#VARIANTS[@]}; k++)); do : >"$WORK/launch-$k"; done
for ((i = 0; i < ROUNDS; i++)); do
    for ((k = 0; k < ${#VARIANTS[@]}; k++)); do
        IFS='|' read -r _ vjar vopts <<<"${VARIANTS[$k]}"
        launch "$vjar" "$vopts" >>"$WORK/launch-$k"
    done
done
echo "| variant | first frame median (ms) | main window median (ms) | runs |"
echo "|---|---|---|---|"
for ((k = 0; k < ${#VARIANTS[@]}; k++)); do
    echo "| ${VARIANTS[$k]%%|*} | $(cut -d' ' -f1 "$WORK/launch-$k" | median) | $(cut -d' ' -f2 "$WORK/launch-$k" | median) | $ROUNDS |"
done
