#!/usr/bin/env bash
# Lifeboat benchmark: create, verify and restore next to the commands a user would run by hand,
# measured interleaved in the same run, reported as medians and ratios, plus peak RSS.
# See bench/README.md.
set -euo pipefail

usage() {
    cat <<'EOF'
usage: bench/run.sh [options]
  --size SIZE        database size for the timed rounds (default 1GiB; e.g. 100MiB, 2GiB)
  --rounds N         interleaved rounds per operation (default 3)
  --data DIR         where databases, backups and results go (default REPO/bench-data, git-ignored)
  --rss-size SIZE    second size at which Lifeboat's peak RSS is measured once per operation
                     (default 100MiB, or none when --size is 100MiB); may be given more than once
  --flat-check       also measure peak RSS at 2GiB (adds a 2 GiB database build, ~2-5 min)
  --no-rss-size      measure RSS only at --size
  --seed N           bench/make-db.py seed (default 42)
  --jar PATH         use this lifeboat.jar instead of building target/lifeboat.jar
  --no-build         reuse target/lifeboat.jar as it is
  --only LIST        comma-separated subset of create,verify,restore (default all)
  --report TSV       measure nothing: print the table again from a results-*.tsv of an earlier run
  -h, --help         this text
Output: a markdown table on stdout, also saved as DATA/results-SIZE-TIMESTAMP.md;
raw samples in DATA/results-SIZE-TIMESTAMP.tsv.
EOF
}

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
MAKE_DB="${MAKE_DB:-$HERE/make-db.py}"   # the repository's own generator; MAKE_DB=... to use another

SIZE=1GiB
ROUNDS=3
DATA="$REPO/bench-data"   # ./bench-data from the repository root; git-ignored
RSS_SIZES=()
RSS_DEFAULT=1
FLAT=0
SEED=42
JAR=""
BUILD=1
ONLY="create,verify,restore"
REPORT=""

while [[ $# -gt 0 ]]; do
    case "$1" in
        --size) SIZE="$2"; shift 2 ;;
        --rounds) ROUNDS="$2"; shift 2 ;;
        --data) DATA="$2"; shift 2 ;;
        --rss-size) RSS_SIZES+=("$2"); RSS_DEFAULT=0; shift 2 ;;
        --no-rss-size) RSS_DEFAULT=0; shift ;;
        --flat-check) FLAT=1; shift ;;
        --seed) SEED="$2"; shift 2 ;;
        --jar) JAR="$2"; BUILD=0; shift 2 ;;
        --no-build) BUILD=0; shift ;;
        --only) ONLY="$2"; shift 2 ;;
        --report) REPORT="$2"; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "error: unknown option $1 — see bench/run.sh --help" >&2; exit 2 ;;
    esac
done
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || { echo "error: --rounds must be a positive number" >&2; exit 2; }
if [[ $RSS_DEFAULT == 1 && "$SIZE" != "100MiB" ]]; then RSS_SIZES+=(100MiB); fi
if [[ $FLAT == 1 && "$SIZE" != "2GiB" ]]; then RSS_SIZES+=(2GiB); fi

want() { [[ ",$ONLY," == *",$1,"* ]]; }

if [[ -z "$REPORT" ]]; then
# ---- tools ------------------------------------------------------------------------------------
need() { command -v "$1" >/dev/null 2>&1 || { echo "error: $1 is missing — $2" >&2; exit 1; }; }
need java "install JDK 17"
need python3 "install python3"
need sqlite3 "apt-get install sqlite3"
need sha256sum "install coreutils"
if [[ ! -x /usr/bin/time ]]; then
    echo "installing GNU time (for peak RSS)..." >&2
    if command -v apt-get >/dev/null && [[ $(id -u) == 0 ]]; then
        apt-get install -y -q time >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q time >/dev/null; }
    fi
    [[ -x /usr/bin/time ]] || { echo "error: /usr/bin/time is missing — apt-get install time" >&2; exit 1; }
fi

if [[ -z "$JAR" ]]; then
    JAR="$REPO/target/lifeboat.jar"
    if [[ $BUILD == 1 || ! -f "$JAR" ]]; then
        echo "building $JAR ..." >&2
        (cd "$REPO" && ./mvnw -q -B package -DskipTests) >&2
    fi
fi
[[ -f "$JAR" ]] || { echo "error: $JAR not found" >&2; exit 1; }

mkdir -p "$DATA"
DATA="$(cd "$DATA" && pwd)"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
TSV="$DATA/results-$SIZE-$STAMP.tsv"
MD="$DATA/results-$SIZE-$STAMP.md"
LOG="$DATA/run-$SIZE-$STAMP.log"
: >"$TSV"
: >"$LOG"
fi
log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; echo "[$(date -u +%H:%M:%S)] $*" >>"$LOG"; }

# ---- measuring --------------------------------------------------------------------------------
# measure OP SIDE SIZE ROUND -- command...: wall seconds (date, ns), peak RSS and CPU seconds
# (user + system, /usr/bin/time -v) of one command; appends "op side size round seconds rss_kib
# cpu_seconds" to the TSV. Fails the run if the
# command fails, so a broken operation never shows up as a fast one.
measure() {
    local op="$1" side="$2" size="$3" round="$4"; shift 5
    local tv="$DATA/.time.$$"
    local t0 t1 rc=0
    t0=$(date +%s%N)
    /usr/bin/time -v -o "$tv" "$@" >>"$LOG" 2>&1 || rc=$?
    t1=$(date +%s%N)
    if [[ $rc != 0 ]]; then
        log "FAILED ($rc): $*"; tail -n 20 "$LOG" >&2; exit 1
    fi
    local rss cpu secs
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tv")
    cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.2f", s}' "$tv")
    secs=$(python3 -c "print(f'{($t1-$t0)/1e9:.3f}')")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$op" "$side" "$size" "$round" "$secs" "$rss" "$cpu" >>"$TSV"
    log "  $op/$side round $round: ${secs}s (CPU ${cpu}s), peak RSS $((rss / 1024)) MB"
}

# Dirty pages left by an untimed step must not be flushed inside the next timed one.
settle() { sync; sleep 1; }

# ---- databases --------------------------------------------------------------------------------
# pristine SIZE: path of a cached, deterministic database of that size (built once).
pristine() {
    local size="$1" p="$DATA/db-$1-seed$SEED.pristine.db"
    if [[ ! -f "$p" ]]; then
        log "building a $size database with $MAKE_DB (about a minute per GiB on an idle machine)..."
        rm -f "$p.tmp" "$p.tmp-wal" "$p.tmp-shm"
        python3 "$MAKE_DB" "$p.tmp" --size "$size" --seed "$SEED" >>"$LOG"
        [[ ! -e "$p.tmp-wal" ]] || sqlite3 "$p.tmp" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
        rm -f "$p.tmp-wal" "$p.tmp-shm"
        chmod 0444 "$p.tmp"
        mv "$p.tmp" "$p"
    fi
    echo "$p"
}

# reset_copy PRISTINE TARGET: TARGET becomes a byte-identical copy of the pristine database.
reset_copy() {
    rm -f "$2" "$2-wal" "$2-shm" "$2-journal"
    cp "$1" "$2"
    chmod 0644 "$2"
}

# ---- Lifeboat ---------------------------------------------------------------------------------
LB() { java -jar "$JAR" --home "$HOME_DIR" "$@"; }

# ids of backups of type $1 (or all when empty), newest first
lb_ids() {
    LB list bench --json | python3 -c '
import json, sys
want = sys.argv[1]
for r in json.load(sys.stdin):
    if not want or r.get("type") == want:
        print(r["id"])' "${1:-}"
}

# setup SIZE: a fresh work area with a registered source, one manual backup (BASE_ID) to verify
# and restore, and the paths the peers use.
setup() {
    local size="$1"
    PRISTINE="$(pristine "$size")"
    WORK="$DATA/work-$size"
    rm -rf "$WORK"
    mkdir -p "$WORK/home" "$WORK/dest" "$WORK/peer"
    HOME_DIR="$WORK/home"
    SRC="$WORK/src.db"
    reset_copy "$PRISTINE" "$SRC"
    # Issue 2's targets are for uncompressed backups; keep every backup (no keep-rules, no schedule).
    LB add "$SRC" --name bench --dest "$WORK/dest" --compression none --no-schedule --keep-last 0 --keep-daily 0 \
        --keep-weekly 0 --keep-monthly 0 ${LIFEBOAT_ADD_OPTIONS:-} >>"$LOG" 2>&1
    LB backup bench >>"$LOG" 2>&1
    BASE_ID="$(lb_ids manual | head -n1)"
    BASE_FILE="$(LB list bench --json | python3 -c 'import json,sys; print([r["path"] for r in json.load(sys.stdin) if r["id"]==sys.argv[1]][0])' "$BASE_ID")"
    log "setup $size: source $SRC ($(du -h "$SRC" | cut -f1)), base backup $BASE_ID"
    settle
}

# Delete every backup except the base one (untimed housekeeping between rounds).
cleanup_backups() {
    local id
    for id in $(lb_ids); do
        [[ "$id" == "$BASE_ID" ]] || LB delete bench "$id" >>"$LOG" 2>&1
    done
    rm -f "$WORK"/peer/*
}

# ---- the operations ---------------------------------------------------------------------------
run_create() {   # round size
    local r="$1" s="$2"
    measure create lifeboat "$s" "$r" -- java -jar "$JAR" --home "$HOME_DIR" backup bench
    cleanup_backups; settle
    measure create sqlite3-backup "$s" "$r" -- sqlite3 "$SRC" ".backup '$WORK/peer/copy.db'"
    cleanup_backups; settle
    measure create cp "$s" "$r" -- cp "$SRC" "$WORK/peer/copy.db"
    cleanup_backups; settle
    measure create cp+sync "$s" "$r" -- sh -c 'cp "$1" "$2" && sync "$2"' sh "$SRC" "$WORK/peer/copy.db"
    cleanup_backups; settle
}

run_verify() {
    local r="$1" s="$2"
    measure verify lifeboat "$s" "$r" -- java -jar "$JAR" --home "$HOME_DIR" verify bench "$BASE_ID"
    settle
    measure verify sha256sum+integrity_check "$s" "$r" -- sh -c \
        'sha256sum "$1" >/dev/null && test "$(sqlite3 "$1" "PRAGMA integrity_check")" = ok' sh "$BASE_FILE"
    settle
}

run_restore() {
    local r="$1" s="$2"
    reset_copy "$PRISTINE" "$SRC"; settle
    measure restore lifeboat "$s" "$r" -- java -jar "$JAR" --home "$HOME_DIR" restore bench "$BASE_ID" --yes
    cleanup_backups
    reset_copy "$PRISTINE" "$SRC"; settle
    # By hand: check the backup, keep a safety copy of the target, restore, check the target.
    measure restore sqlite3-by-hand "$s" "$r" -- sh -c '
        test "$(sqlite3 "$1" "PRAGMA integrity_check")" = ok &&
        sqlite3 "$2" ".backup '"'"'$3'"'"'" &&
        sqlite3 "$2" ".restore '"'"'$1'"'"'" &&
        test "$(sqlite3 "$2" "PRAGMA quick_check")" = ok' sh "$BASE_FILE" "$SRC" "$WORK/peer/safety.db"
    cleanup_backups; settle
}

if [[ -z "$REPORT" ]]; then
LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"
log "Lifeboat benchmark: size $SIZE, $ROUNDS rounds, data in $DATA (load average $LOAD_START)"
setup "$SIZE"
# JVM start-up, for reading the Lifeboat numbers (every Lifeboat run pays it once).
for r in $(seq 1 "$ROUNDS"); do
    measure jvm-start lifeboat "$SIZE" "$r" -- java -jar "$JAR" --version
done
for op in create verify restore; do
    want "$op" || continue
    log "$op: $ROUNDS interleaved rounds at $SIZE"
    for r in $(seq 1 "$ROUNDS"); do
        "run_$op" "$r" "$SIZE"
    done
done
rm -rf "$WORK"

# Peak RSS at other sizes: one Lifeboat run per operation.
for s in "${RSS_SIZES[@]}"; do
    log "peak RSS at $s (one run per operation)"
    setup "$s"
    want create && { measure create lifeboat "$s" 1 -- java -jar "$JAR" --home "$HOME_DIR" backup bench; cleanup_backups; settle; }
    want verify && { measure verify lifeboat "$s" 1 -- java -jar "$JAR" --home "$HOME_DIR" verify bench "$BASE_ID"; settle; }
    want restore && { reset_copy "$PRISTINE" "$SRC"; settle;
        measure restore lifeboat "$s" 1 -- java -jar "$JAR" --home "$HOME_DIR" restore bench "$BASE_ID" --yes; cleanup_backups; }
    rm -rf "$WORK"
done
rm -f "$DATA/.time.$$"
else
    # Report mode: the table of an earlier run, from its samples.
    [[ -f "$REPORT" ]] || { echo "error: $REPORT not found" >&2; exit 2; }
    TSV="$REPORT"
    SIZE="$(awk -F'\t' '$1 != "jvm-start" {print $3; exit}' "$TSV")"
    ROUNDS="$(awk -F'\t' -v s="$SIZE" '$3 == s && $4 > m {m = $4} END {print m}' "$TSV")"
    STAMP="$(basename "$TSV" .tsv | sed 's/.*-//') (table regenerated $(date -u +%Y%m%dT%H%M%SZ))"
    MD="${TSV%.tsv}.md"
    LOG=/dev/null
    LOAD_START="n/a"
fi

# ---- report -----------------------------------------------------------------------------------
CPU="$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
MEM="$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
JAVA_V="$(java -version 2>&1 | head -n1)"
SQLITE_V="$(sqlite3 --version | cut -d' ' -f1)"
LOAD="$(cut -d' ' -f1-3 /proc/loadavg)"
COMMIT="$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?')"
if [[ -n "$REPORT" ]]; then LOAD="n/a"; COMMIT="n/a (regenerated)"; fi
python3 - "$TSV" "$SIZE" "$ROUNDS" "$(nproc)" "$CPU" "$MEM" "$JAVA_V" "$SQLITE_V" "$LOAD_START / $LOAD" "$STAMP" \
    "$COMMIT" >"$MD" <<'PY'
import sys, statistics as st
from collections import defaultdict
tsv, size, rounds, nproc, cpu, mem, java_v, sqlite_v, load, stamp, commit = sys.argv[1:]
samples = defaultdict(list)   # (op, side, size) -> [(round, secs, rss_kib)]
cpus = defaultdict(list)      # (op, side, size) -> [cpu seconds]
for line in open(tsv):
    op, side, sz, rnd, secs, rss, cpu_s = (line.rstrip("\n").split("\t") + [""])[:7]
    samples[(op, side, sz)].append((int(rnd), float(secs), int(rss)))
    if cpu_s:
        cpus[(op, side, sz)].append(float(cpu_s))

def cpu_med(op, side, sz=size):
    v = cpus.get((op, side, sz), [])
    return st.median(v) if v else None

def med(op, side, sz=size):
    v = [s for _, s, _ in samples.get((op, side, sz), [])]
    return st.median(v) if v else None

def rss_mb(op, side="lifeboat", sz=size):
    v = [r for _, _, r in samples.get((op, side, sz), [])]
    return max(v) / 1024 if v else None

def per_round_ratio(op, a, b):
    A = {r: s for r, s, _ in samples.get((op, a, size), [])}
    B = {r: s for r, s, _ in samples.get((op, b, size), [])}
    rs = [A[r] / B[r] for r in A if r in B and B[r] > 0]
    return st.median(rs) if rs else None

f = lambda x, d=2: "—" if x is None else f"{x:.{d}f}"
rows = [
    ("create (uncompressed)", "create", "sqlite3-backup", "`sqlite3 SRC '.backup DST'`", "≤ 1.2"),
    ("create, vs `cp` (reference)", "create", "cp", "`cp SRC DST`", "—"),
    ("create, vs `cp` + fsync (reference)", "create", "cp+sync", "`cp SRC DST && sync DST`", "—"),
    ("full verify", "verify", "sha256sum+integrity_check", "`sha256sum F` then `sqlite3 F 'PRAGMA integrity_check'`", "≤ 1.0"),
    ("whole restore", "restore", "sqlite3-by-hand", "integrity_check + `.backup` safety copy + `.restore` + quick_check", "≤ 1.0"),
]
out = []
out.append(f"### {size} database, {rounds} interleaved rounds (medians)\n")
out.append("| operation | Lifeboat median s | peer | peer median s | ratio (Lifeboat/peer) | median per-round ratio | target ratio | Lifeboat peak RSS MB | CPU s Lifeboat / peer |")
out.append("|---|---:|---|---:|---:|---:|---:|---:|---:|")
for label, op, side, peer, target in rows:
    lb, pe = med(op, "lifeboat"), med(op, side)
    if lb is None and pe is None:
        continue
    ratio = lb / pe if lb and pe else None
    ok = ""
    if ratio is not None and target.startswith("≤"):
        ok = " ✅" if ratio <= float(target[1:]) else " ❌"
    out.append(f"| {label} | {f(lb)} | {peer} | {f(pe)} | {f(ratio)}{ok} | {f(per_round_ratio(op, 'lifeboat', side))} | {target} | {f(rss_mb(op), 0)} | {f(cpu_med(op, 'lifeboat'), 1)} / {f(cpu_med(op, side), 1)} |")
jvm = med("jvm-start", "lifeboat")
out.append("")
out.append(f"Every Lifeboat run is one `java -jar lifeboat.jar` process; JVM start-up alone (`--version`) took a median {f(jvm)} s of it. "
           "CPU s = user + system seconds (median), less sensitive to other jobs' load than wall time; "
           "Lifeboat uses up to 2 threads, so its wall time can be below its CPU time.")
sizes = sorted({sz for (op, side, sz) in samples if side == "lifeboat" and op != "jvm-start"},
               key=lambda s: float(s.rstrip("KMGTiB")) * {"K": 1, "M": 2**10, "G": 2**20, "T": 2**30}[s.rstrip("iB")[-1]])
if len(sizes) > 1:
    out.append("")
    out.append("**Lifeboat peak RSS by database size** (MB, max over runs; target < 300, flat):\n")
    out.append("| operation | " + " | ".join(sizes) + " |")
    out.append("|---|" + "---:|" * len(sizes))
    for op in ("create", "verify", "restore"):
        if any((op, "lifeboat", s) in samples for s in sizes):
            out.append(f"| {op} | " + " | ".join(f(rss_mb(op, "lifeboat", s), 0) for s in sizes) + " |")
    out.append("")
    out.append("(seconds at the other sizes, one run each: " + "; ".join(
        f"{op} {s} {f(med(op, 'lifeboat', s))} s" for s in sizes if s != size
        for op in ("create", "verify", "restore") if (op, "lifeboat", s) in samples) + ")")
out.append("")
out.append("<details><summary>all samples (seconds; peak RSS MB)</summary>\n")
out.append("| operation | side | size | " + " | ".join(f"round {i}" for i in range(1, int(rounds) + 1)) + " |")
out.append("|---|---|---|" + "---|" * int(rounds))
for (op, side, sz), v in samples.items():
    cells = {r: f"{s:.2f} ({rss/1024:.0f})" for r, s, rss in v}
    out.append(f"| {op} | {side} | {sz} | " + " | ".join(cells.get(i, "") for i in range(1, int(rounds) + 1)) + " |")
out.append("\n</details>\n")
out.append(f"Machine: {nproc} cores ({cpu}), {mem} RAM; {java_v}; sqlite3 {sqlite_v}; lifeboat commit {commit}; "
           f"run {stamp}; load average (1/5/15 min) at the start / end: {load}.")
out.append("Warm page cache: dropping the cache is not reliably possible here, so every number is a warm-cache "
           "number (the database and backup files fit in RAM). The machine is shared, so absolute seconds are "
           "noisy; the runs are interleaved (Lifeboat, peer, Lifeboat, peer, …) and the ratios are the numbers to read.")
print("\n".join(out))
PY
cat "$MD"
log "table saved as $MD; raw samples in $TSV"
