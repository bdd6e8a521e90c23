#!/usr/bin/env bash
# Stalls of the window: runs the desktop app in a virtual display on a home with one database of
# the given size and measures, while it backs up (zstd, the default) and re-verifies that
# database, the longest gap between JavaFX frames, how late a posted runLater runs, and the
# collector's pauses (src/test/java/app/lifeboat/bench/StallBench.java). Optionally with a
# busy loop on every core. A measurement, not a test: nothing fails when it is slow.
# See bench/README.md.
set -euo pipefail

usage() {
    cat <<'EOF'
usage: bench/stall.sh [options]
  --size SIZE       database size for bench/make-db.py (default 1GiB)
  --seed N          generator seed (default 42)
  --data DIR        where the pristine database is kept or built (default REPO/bench-data);
                    the pristine file is only ever copied
  --work DIR        scratch folder (default DATA/work-stall-SIZE, deleted at the end)
  --rounds N        runs per load setting (default 1)
  --load LIST       comma list of: none (no added load), busy (one busy loop per core); default none,busy
  --storage KIND    full (default: the zstd files measured before incremental became the default)
                    or incremental (what a database added today gets)
  --mode MODE       schedule: the in-app scheduler's first check (a due backup, then its
                    re-verification, as one operation; the default); ui: "Back up now", then "Verify all"
  --jar PATH        the app jar (default REPO/target/lifeboat.jar, built with ./mvnw package if missing)
  --java-opts "..." extra JVM options (e.g. -Djavafx.pulseLogger=true), after the launcher's own
  --display :N      use this X display instead of starting Xvfb
  --sched           also record the scheduler (perf sched, needs perf and root) and write, per run,
                    who had the cores while the FX thread went without one for > 100 ms
                    (bench/stall-sched.py); the trace takes about 60 MB per 100 s in --work
  -h, --help        this text
Needs JDK 17 (java, javac), python3, Xvfb and libgtk-3-0 (apt-get install xvfb libgtk-3-0).
EOF
}

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
SIZE=1GiB
SEED=42
DATA="$REPO/bench-data"
WORK=""
ROUNDS=1
LOADS=none,busy
MODE=schedule
STORAGE=full
JAR="$REPO/target/lifeboat.jar"
EXTRA=""
DISPLAY_ARG=""
SCHED=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        --size) SIZE="$2"; shift 2 ;;
        --seed) SEED="$2"; shift 2 ;;
        --data) DATA="$2"; shift 2 ;;
        --work) WORK="$2"; shift 2 ;;
        --rounds) ROUNDS="$2"; shift 2 ;;
        --load) LOADS="$2"; shift 2 ;;
        --mode) MODE="$2"; shift 2 ;;
        --storage) STORAGE="$2"; shift 2 ;;
        --jar) JAR="$2"; shift 2 ;;
        --java-opts) EXTRA="$2"; shift 2 ;;
        --display) DISPLAY_ARG="$2"; shift 2 ;;
        --sched) SCHED=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "error: unknown option $1 — see bench/stall.sh --help" >&2; exit 2 ;;
    esac
done
case "$MODE" in schedule|ui) ;; *) echo "error: --mode is schedule or ui" >&2; exit 2 ;; esac
[[ -n "$WORK" ]] || WORK="$DATA/work-stall-$SIZE"
if [[ "$SCHED" == 1 ]] && ! command -v perf >/dev/null; then
    echo "error: --sched needs perf (apt-get install linux-perf)" >&2
    exit 2
fi

if [[ ! -f "$JAR" ]]; then
    (cd "$REPO" && ./mvnw -q -B package -DskipTests)
fi
mkdir -p "$DATA" "$WORK"
PRISTINE="$DATA/db-$SIZE-seed$SEED.pristine.db"
if [[ ! -f "$PRISTINE" ]]; then
    echo "building $PRISTINE (about a minute per GiB)" >&2
    python3 "$HERE/make-db.py" "$PRISTINE.tmp" --size "$SIZE" --seed "$SEED" >&2
    mv "$PRISTINE.tmp" "$PRISTINE"
    chmod a-w "$PRISTINE"
fi

XVFB_PID=""
PERF_PID=""
LOAD_PIDS=()
stop_load() {
    for p in "${LOAD_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    for p in "${LOAD_PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
    LOAD_PIDS=()
}
cleanup() {
    stop_load
    if [[ -n "$PERF_PID" ]]; then kill -INT "$PERF_PID" 2>/dev/null || true; wait "$PERF_PID" 2>/dev/null || true; fi
    if [[ -n "$XVFB_PID" ]]; then kill "$XVFB_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
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

# The harness is compiled against the jar (whose manifest brings the libraries and JavaFX), so
# the app runs from the same jars as `java -jar` with the launcher's JVM options.
PROBE="$WORK/probe"
mkdir -p "$PROBE"
javac -nowarn -cp "$JAR" -d "$PROBE" "$REPO/src/test/java/app/lifeboat/bench/StallBench.java"
read -r -a LAUNCHER <<<"$("$HERE/launcher-options.sh" | sed 's/-XX:SharedArchiveFile=[^ ]*//; s/-Xlog:cds=off//')"
read -r -a EXTRA_OPTS <<<"$EXTRA"
ADD_OPTS=(--no-schedule --storage "$STORAGE")
[[ "$MODE" == schedule ]] && ADD_OPTS=(--storage "$STORAGE")

STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
RESULTS="$DATA/stall-$SIZE-$STAMP.tsv"
echo -e "load\tround\tuptime_before\toperation_s\tmax_gap_ms\tgaps_over_100ms\tmax_runlater_ms\tmax_gc_ms\twith_end_max_gap_ms\tidle_max_gap_ms\tpeak_rss_mb\toutcome\tcpu_pressure_after" >"$RESULTS"

one_run() {
    local load=$1 round=$2 home="$WORK/home" db="$WORK/src.db" report line up
    rm -rf "$home" "$db" "$db-wal" "$db-shm"
    cp "$PRISTINE" "$db"
    chmod u+w "$db"
    java -jar "$JAR" --home "$home" add "$db" --name big "${ADD_OPTS[@]}" >/dev/null
    sync
    if [[ "$load" == busy ]]; then
        for _ in $(seq 1 "$(nproc)"); do
            bash -c 'while :; do :; done' &
            LOAD_PIDS+=($!)
        done
    fi
    up="$(uptime | sed 's/.*load average: //')"
    report="$DATA/stall-$SIZE-$STAMP-$load-$round.txt"
    if [[ "$SCHED" == 1 ]]; then
        # CLOCK_MONOTONIC: the trace's times are the harness's System.nanoTime.
        perf sched record -k CLOCK_MONOTONIC -a -o "$WORK/sched.data" >/dev/null 2>&1 &
        PERF_PID=$!
        sleep 1
    fi
    line="$(java "${LAUNCHER[@]}" "${EXTRA_OPTS[@]}" -cp "$PROBE:$JAR" app.lifeboat.bench.StallBench "$home" "$report" "$MODE" \
        2>"$report.stderr" | tail -1)"
    # Share of the last minute in which some task on the machine waited for a core (all of it, not only the app's).
    psi="$(sed -n 's/^some avg10=[^ ]* avg60=\([^ ]*\).*/\1%/p' /proc/pressure/cpu 2>/dev/null || true)"
    stop_load
    if [[ "$SCHED" == 1 ]]; then
        kill -INT "$PERF_PID" 2>/dev/null || true
        wait "$PERF_PID" 2>/dev/null || true
        PERF_PID=""
        perf sched timehist -i "$WORK/sched.data" >"$WORK/sched.txt" 2>/dev/null
        python3 "$HERE/stall-sched.py" "$WORK/sched.txt" "$report" >"$report.sched.md" || true
        rm -f "$WORK/sched.data" "$WORK/sched.txt"
        head -1 "$report.sched.md" >&2
    fi
    python3 - "$load" "$round" "$up" "$line" "${psi:-?}" >>"$RESULTS" <<'EOF'
import re, shlex, sys
load, rnd, up, line, psi = sys.argv[1:6]
kv = dict(p.split('=', 1) for p in shlex.split(line) if '=' in p)
ops = [k[:-len('_max_gap_ms')] for k in kv if k.endswith('_max_gap_ms') and '_with_end' not in k]
num = lambda f: max(float(kv.get(o + f, 0)) for o in ops) if ops else 0
tot = sum(float(kv.get(o + '_seconds', 0)) for o in ops)
print('\t'.join([load, rnd, up.replace(',', ''), '%.1f' % tot, '%.0f' % num('_max_gap_ms'),
                 '%d' % sum(int(kv.get(o + '_gaps_over_100ms', 0)) for o in ops), '%.0f' % num('_max_runlater_ms'),
                 '%.0f' % num('_max_gc_ms'), '%.0f' % num('_with_end_max_gap_ms'), kv.get('idle_max_gap_ms', '?'), kv.get('peak_rss_mb', '?'),
                 kv.get('outcome', '?'), psi]))
EOF
    tail -1 "$RESULTS" >&2
}

IFS=',' read -r -a LOAD_LIST <<<"$LOADS"
for ((r = 1; r <= ROUNDS; r++)); do
    for load in "${LOAD_LIST[@]}"; do
        one_run "$load" "$r"
    done
done

echo
echo "Stalls of the window, $SIZE, mode $MODE, $(nproc) cores, JVM options: ${LAUNCHER[*]} ${EXTRA_OPTS[*]}"
echo
python3 - "$RESULTS" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter='\t'))
print('| load | round | load average before (1, 5, 15 min) | CPU pressure, last minute | operation (s) | longest frame gap (ms) '
      '| gaps > 100 ms | longest runLater wait (ms) | longest GC pause (ms) | longest gap, idle window after (ms) | peak RSS (MB) '
      '| outcome |')
print('|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|')
for r in rows:
    name = 'busy loop on every core' if r['load'] == 'busy' else 'no added load'
    print(f"| {name} | {r['round']} | {r['uptime_before']} | {r.get('cpu_pressure_after') or '?'} | {r['operation_s']} | {r['max_gap_ms']} | {r['gaps_over_100ms']} "
          f"| {r['max_runlater_ms']} | {r['max_gc_ms']} | {r['idle_max_gap_ms']} | {r['peak_rss_mb']} | {r['outcome'][:60]} |")
EOF
echo
echo "every sample: $RESULTS; per run (longest gaps, collector pauses, what the FX thread did): $DATA/stall-$SIZE-$STAMP-*.txt"
[[ "$SCHED" == 1 ]] && echo "who had the cores in the FX thread's longest waits: $DATA/stall-$SIZE-$STAMP-*.txt.sched.md"
exit 0
