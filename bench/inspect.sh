#!/usr/bin/env bash
# Looking inside backups (issue 14): `diff` of two backups that differ by a 1% day of changes next to
# `sqldiff --summary` on the same two files, with peak RSS; and a single-row query by primary key.
#   bench/inspect.sh [--size 256MiB] [--rounds 1] [--data DIR] [--jar PATH]
# Needs: java, python3, sqlite3, sqldiff (apt-get install sqlite3-tools), zstd, GNU time. Data goes to ./bench-data.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
SIZE=256MiB; ROUNDS=1; DATA="$PWD/bench-data"; JAR="$REPO/target/lifeboat.jar"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --size) SIZE="$2"; shift 2 ;;
        --rounds) ROUNDS="$2"; shift 2 ;;
        --data) DATA="$2"; shift 2 ;;
        --jar) JAR="$2"; shift 2 ;;
        -h|--help) sed -n '2,5p' "$0"; exit 0 ;;
        *) echo "error: unknown option $1 — see bench/inspect.sh --help" >&2; exit 2 ;;
    esac
done
for t in java python3 sqlite3 sqldiff zstd /usr/bin/time; do
    command -v "$t" >/dev/null || { echo "error: $t is missing — install it (apt-get install sqlite3 sqlite3-tools zstd time)" >&2; exit 1; }
done
[[ -f "$JAR" ]] || (cd "$REPO" && ./mvnw -q -B package -DskipTests)
mkdir -p "$DATA"; DATA="$(cd "$DATA" && pwd)"
PRISTINE="$DATA/db-$SIZE-seed42.pristine.db"
if [[ ! -f "$PRISTINE" ]]; then
    python3 "$HERE/make-db.py" "$PRISTINE.tmp" --size "$SIZE" >/dev/null
    sqlite3 "$PRISTINE.tmp" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null; rm -f "$PRISTINE.tmp-wal" "$PRISTINE.tmp-shm"
    mv "$PRISTINE.tmp" "$PRISTINE"
fi
WORK="$DATA/inspect-$SIZE"; rm -rf "$WORK"; mkdir -p "$WORK/peer" "$WORK/dest"
cp "$PRISTINE" "$WORK/src.db"; chmod 0644 "$WORK/src.db"
TSV="$WORK/samples.tsv"; : >"$TSV"
LB() { java -jar "$JAR" --home "$WORK/home" "$@"; }
common=(--dest "$WORK/dest" --no-schedule --keep-last 0 --keep-daily 0 --keep-weekly 0 --keep-monthly 0)
LB add "$WORK/src.db" --name plain "${common[@]}" --compression none >/dev/null
LB add "$WORK/src.db" --name z "${common[@]}" --compression zstd >/dev/null 2>&1 || {
    cp "$WORK/src.db" "$WORK/src2.db"; LB add "$WORK/src2.db" --name z "${common[@]}" --compression zstd >/dev/null; }
ids() { LB list "$1" --json | python3 -c 'import json,sys; l=json.load(sys.stdin); print(l[1]["id"], l[0]["id"], l[0]["path"], l[1]["path"])'; }
LB backup plain >/dev/null; LB backup z >/dev/null
python3 "$HERE/apply-change.py" "$WORK/src.db" --fraction 0.01 >"$WORK/change.json"
[[ -f "$WORK/src2.db" ]] && python3 "$HERE/apply-change.py" "$WORK/src2.db" --fraction 0.01 >/dev/null
LB backup plain --force >/dev/null; LB backup z --force >/dev/null
read -r PA PB PNEW POLD <<<"$(ids plain)"
read -r ZA ZB _ _ <<<"$(ids z)"
ROW="$(sqlite3 "$POLD" 'SELECT max(id) / 2 FROM notes')"

measure() {  # op side round -- command
    local op="$1" side="$2" round="$3"; shift 4
    local tv="$WORK/.time" t0 t1
    sync; sleep 1
    t0=$(date +%s%N)
    /usr/bin/time -v -o "$tv" "$@" >"$WORK/last.out" 2>>"$WORK/err.log" || { echo "FAILED: $*" >&2; tail "$WORK/err.log" >&2; exit 1; }
    t1=$(date +%s%N)
    printf '%s\t%s\t%s\t%s\t%s\n' "$op" "$side" "$round" "$(python3 -c "print(($t1-$t0)/1e9)")" \
        "$(awk -F': ' '/Maximum resident/ {print $2}' "$tv")" >>"$TSV"
}

for r in $(seq 1 "$ROUNDS"); do
    measure diff-plain lifeboat "$r" -- java -jar "$JAR" --home "$WORK/home" diff plain "$PA" "$PB"
    cp "$WORK/last.out" "$WORK/diff-lifeboat.txt"
    measure diff-plain sqldiff "$r" -- sqldiff --summary "$POLD" "$PNEW"
    cp "$WORK/last.out" "$WORK/diff-sqldiff.txt"
    measure diff-zstd lifeboat "$r" -- java -jar "$JAR" --home "$WORK/home" diff z "$ZA" "$ZB"
    measure startup lifeboat "$r" -- java -jar "$JAR" --home "$WORK/home" --version
    measure query-row lifeboat "$r" -- java -jar "$JAR" --home "$WORK/home" query plain "$PA" "select id, title from notes where id = $ROW"
    measure query-row sqlite3 "$r" -- sqlite3 "file:$POLD?mode=ro&immutable=1" "select id, title from notes where id = $ROW"
done
# The query alone, inside one JVM (the CLI's time above is mostly JVM start-up): open the backup and
# fetch one row by primary key, 5 times; the median in milliseconds.
QMS="$(cd "$WORK" && jshell --class-path "$JAR:$(ls "$(dirname "$JAR")"/lib/*.jar | tr "\n" :)" -q - <<JSH 2>/dev/null | grep -o 'QMS=[0-9.]*' | cut -d= -f2
import app.lifeboat.core.*; import app.lifeboat.core.base.*; import app.lifeboat.core.config.*;
var s = new BackupService(new LifeboatHome(java.nio.file.Path.of("$WORK/home")), java.time.Clock.systemUTC(), System.getenv());
var ms = new java.util.ArrayList<Double>();
for (int i = 0; i < 6; i++) { long t = System.nanoTime(); s.query("plain", "$PA", "select id, title from notes where id = $ROW", 10, Secrets.none(), ProgressListener.NONE, Cancellation.none()); if (i > 0) ms.add((System.nanoTime() - t) / 1e6); }
java.util.Collections.sort(ms); System.out.println("QMS=" + ms.get(2));
/exit
JSH
)"
echo "lifeboat diff:"; cat "$WORK/diff-lifeboat.txt"; echo "sqldiff --summary:"; cat "$WORK/diff-sqldiff.txt"
python3 - "$TSV" "$SIZE" "$ROUNDS" "$QMS" <<'PY'
import sys, statistics, collections
tsv, size, rounds = sys.argv[1], sys.argv[2], sys.argv[3]
t = collections.defaultdict(list); rss = collections.defaultdict(list)
for line in open(tsv):
    op, side, r, s, kb = line.rstrip("\n").split("\t")
    t[(op, side)].append(float(s)); rss[(op, side)].append(int(kb or 0))
m = lambda k: statistics.median(t[k]); mb = lambda k: max(rss[k]) / 1024
print(f"\n#### {size}, {rounds} round(s), medians\n")
print("| operation | Lifeboat s | peer | peer s | ratio | Lifeboat peak RSS MB | peer peak RSS MB |")
print("|---|---:|---|---:|---:|---:|---:|")
for op, peer, name in [("diff-plain", "sqldiff", "`sqldiff --summary A B`"), ("query-row", "sqlite3", "`sqlite3 A 'select ... where id = N'`")]:
    a, b = m((op, "lifeboat")), m((op, peer))
    print(f"| {op} | {a:.2f} | {name} | {b:.2f} | {a / b:.2f} | {mb((op, 'lifeboat')):.0f} | {mb((op, peer)):.0f} |")
print(f"| diff-zstd (decodes both backups first) | {m(('diff-zstd', 'lifeboat')):.2f} | — | | | {mb(('diff-zstd', 'lifeboat')):.0f} | |")
q, s0 = m(("query-row", "lifeboat")), m(("startup", "lifeboat"))
qms = sys.argv[4] if len(sys.argv) > 4 else "?"
print(f"\nsingle-row query inside one JVM (open the backup, run it, close): median {qms} ms")
print(f"single-row query: {q:.2f} s wall, of which JVM start-up (`--version`) {s0:.2f} s: about {max(0, q - s0) * 1000:.0f} ms"
      " to open the backup and run the query")
PY
