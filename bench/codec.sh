#!/usr/bin/env bash
# Compression and encryption benchmark (issue 3): Lifeboat's zstd and zstd+age backups next to
# the pipelines a user would script, interleaved in one run, medians and ratios, peak RSS.
#   bench/codec.sh [--size 1GiB] [--rounds 3] [--data DIR] [--jar PATH]
# Needs: java, python3, sqlite3, zstd, age, sha256sum, GNU time. Data goes to ./bench-data.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
MAKE_DB="${MAKE_DB:-$HERE/make-db.py}"   # the repository's own generator; MAKE_DB=... to use another
SIZE=1GiB; ROUNDS=3; DATA="$PWD/bench-data"; JAR="$REPO/target/lifeboat.jar"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --size) SIZE="$2"; shift 2 ;;
        --rounds) ROUNDS="$2"; shift 2 ;;
        --data) DATA="$2"; shift 2 ;;
        --jar) JAR="$2"; shift 2 ;;
        -h|--help) sed -n '2,5p' "$0"; exit 0 ;;
        *) echo "error: unknown option $1 — see bench/codec.sh --help" >&2; exit 2 ;;
    esac
done
for t in java python3 sqlite3 zstd age sha256sum /usr/bin/time; do
    command -v "$t" >/dev/null || { echo "error: $t is missing — install it (apt-get install sqlite3 zstd age time)" >&2; exit 1; }
done
[[ -f "$JAR" ]] || (cd "$REPO" && ./mvnw -q -B package -DskipTests)
mkdir -p "$DATA"; DATA="$(cd "$DATA" && pwd)"
PRISTINE="$DATA/db-$SIZE-seed42.pristine.db"
if [[ ! -f "$PRISTINE" ]]; then
    python3 "$MAKE_DB" "$PRISTINE.tmp" --size "$SIZE" >/dev/null
    sqlite3 "$PRISTINE.tmp" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null; rm -f "$PRISTINE.tmp-wal" "$PRISTINE.tmp-shm"
    mv "$PRISTINE.tmp" "$PRISTINE"
fi
WORK="$DATA/codec-$SIZE"; rm -rf "$WORK"; mkdir -p "$WORK/peer" "$WORK/dest"
cp "$PRISTINE" "$WORK/src.db"; chmod 0644 "$WORK/src.db"
TSV="$WORK/samples.tsv"; : >"$TSV"
LB() { java -jar "$JAR" --home "$WORK/home" "$@"; }
age-keygen -o "$WORK/id.txt" 2>/dev/null || LB keygen "$WORK/id.txt" >/dev/null
RECIPIENT="$(grep -o 'age1[0-9a-z]*' "$WORK/id.txt" | head -n1)"
common=(--dest "$WORK/dest" --no-schedule --keep-last 0 --keep-daily 0 --keep-weekly 0 --keep-monthly 0)
LB add "$WORK/src.db" --name z "${common[@]}" --compression zstd >/dev/null
LB add "$WORK/src.db" --name za "${common[@]}" --compression zstd --encrypt-to "$RECIPIENT" >/dev/null 2>&1 || {
    cp "$WORK/src.db" "$WORK/src2.db"; LB add "$WORK/src2.db" --name za "${common[@]}" --compression zstd --encrypt-to "$RECIPIENT" >/dev/null; }

measure() {  # op side round -- command
    local op="$1" side="$2" round="$3"; shift 4
    local tv="$WORK/.time" t0 t1
    sync; sleep 1
    t0=$(date +%s%N)
    /usr/bin/time -v -o "$tv" "$@" >/dev/null 2>>"$WORK/err.log" || { echo "FAILED: $*" >&2; tail "$WORK/err.log" >&2; exit 1; }
    t1=$(date +%s%N)
    printf '%s\t%s\t%s\t%s\t%s\n' "$op" "$side" "$round" "$(python3 -c "print(($t1-$t0)/1e9)")" \
        "$(awk -F': ' '/Maximum resident/ {print $2}' "$tv")" >>"$TSV"
}
newest() { LB list "$1" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["path"])'; }

for r in $(seq 1 "$ROUNDS"); do
    measure create-zstd lifeboat "$r" -- java -jar "$JAR" --home "$WORK/home" backup z --force
    measure create-zstd pipeline "$r" -- sh -c 'sqlite3 "$1" ".backup $2/copy.db" && zstd -3 -q -f "$2/copy.db" -o "$2/copy.db.zst" && sha256sum "$2/copy.db.zst"' sh "$WORK/src.db" "$WORK/peer"
    # The same create while an app holds the database open with commits in its -wal: Lifeboat
    # cannot read the file directly then and snapshots through SQLite's backup API first.
    python3 -c 'import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None); c.execute("PRAGMA wal_autocheckpoint=0")
c.execute("CREATE TABLE IF NOT EXISTS bench_wal(x)"); c.execute("INSERT INTO bench_wal VALUES (1)")
print("ready", flush=True); time.sleep(3600)' "$WORK/src.db" >"$WORK/holder.out" &
    HOLDER=$!
    until grep -q ready "$WORK/holder.out" 2>/dev/null; do sleep 0.1; done
    measure create-zstd-wal lifeboat "$r" -- java -jar "$JAR" --home "$WORK/home" backup z --force
    kill -9 "$HOLDER"; wait "$HOLDER" 2>/dev/null || true
    sqlite3 "$WORK/src.db" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
    measure create-zstd-age lifeboat "$r" -- java -jar "$JAR" --home "$WORK/home" backup za --force
    measure verify-zstd-age lifeboat "$r" -- java -jar "$JAR" --home "$WORK/home" verify za --identity "$WORK/id.txt"
    f="$(newest za)"
    measure verify-zstd-age pipeline "$r" -- sh -c 'age -d -i "$1" "$2" | zstd -d -q -f -o "$3/v.db" && sqlite3 "$3/v.db" "PRAGMA integrity_check"' sh "$WORK/id.txt" "$f" "$WORK/peer"
    rm -f "$WORK"/peer/*
done
zstd -3 -q -f "$WORK/peer/../src.db" -o "$WORK/peer/ref.zst" 2>/dev/null || true
python3 - "$TSV" "$SIZE" "$ROUNDS" "$(ls -l "$(newest z)" | awk '{print $5}')" "$(sqlite3 "$WORK/src.db" ".backup $WORK/peer/c.db" && zstd -3 -q -c "$WORK/peer/c.db" | wc -c)" <<'PY'
import sys, statistics, collections
tsv, size, rounds, ours, ref = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
t = collections.defaultdict(list); rss = collections.defaultdict(list)
for line in open(tsv):
    op, side, r, s, m = line.split("\t")
    t[(op, side)].append(float(s)); rss[(op, side)].append(int(m) // 1024)
med = lambda k: statistics.median(t[k])
print(f"### {size}, {rounds} interleaved round(s), medians\n")
print("| operation | Lifeboat s | peer | peer s | ratio | target | Lifeboat peak RSS MB |")
print("|---|---:|---|---:|---:|---:|---:|")
z = med(("create-zstd", "lifeboat")); p = med(("create-zstd", "pipeline"))
print(f"| create, zstd | {z:.2f} | `.backup` → `zstd -3` → `sha256sum` | {p:.2f} | {z/p:.2f} | ≤ 0.5 | {max(rss[('create-zstd','lifeboat')])} |")
zw = med(("create-zstd-wal", "lifeboat"))
print(f"| create, zstd, app has the database open (WAL frames) | {zw:.2f} | same pipeline | {p:.2f} | {zw/p:.2f} | ≤ 0.5 | {max(rss[('create-zstd-wal','lifeboat')])} |")
za = med(("create-zstd-age", "lifeboat"))
print(f"| create, zstd + age | {za:.2f} | Lifeboat zstd alone | {z:.2f} | {za/z:.2f} | ≤ 1.15 | {max(rss[('create-zstd-age','lifeboat')])} |")
v = med(("verify-zstd-age", "lifeboat")); vp = med(("verify-zstd-age", "pipeline"))
print(f"| verify, zstd + age | {v:.2f} | `age -d` \\| `zstd -d`, then `integrity_check` | {vp:.2f} | {v/vp:.2f} | ≤ 1.0 | {max(rss[('verify-zstd-age','lifeboat')])} |")
print("\n<details><summary>all samples (seconds; peak RSS MB)</summary>\n")
print("| operation | side | " + " | ".join(f"round {i}" for i in range(1, int(rounds) + 1)) + " |")
print("|---|---|" + "---|" * int(rounds))
for k in t:
    print(f"| {k[0]} | {k[1]} | " + " | ".join(f"{s:.2f} ({m})" for s, m in zip(t[k], rss[k])) + " |")
print("\n</details>")
print(f"\nCompressed size: Lifeboat {ours} bytes, `zstd -3` on the same snapshot {ref} bytes ({(ours/ref-1)*100:+.1f}%; target within 3%).")
PY
