#!/usr/bin/env bash
# Interleaved rounds (issue 12's two timing targets), each next to its peer so load changes hit both:
#   - a backup after a 1% day (apply-change.py) vs sqlite3 SRC ".backup DST";
#   - restore --to of the first version vs restore --to of a full zstd backup of the same state.
# Prints seconds and peak RSS (KB) per command. A measurement, not a test. Needs target/lifeboat.jar.
#   bench/incremental-rounds.sh [--size 1GiB] [--rounds 3] [--data DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
size=1GiB rounds=3 data=bench-data
while [ $# -gt 0 ]; do
  case "$1" in
    --size) size=$2; shift 2;; --rounds) rounds=$2; shift 2;; --data) data=$2; shift 2;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done
jar=target/lifeboat.jar
[ -f "$jar" ] || { echo "build the jar first: ./mvnw package -DskipTests" >&2; exit 2; }
jvm=$(bench/launcher-options.sh)
mkdir -p "$data"
pristine="$data/db-$size-seed42.pristine.db"
[ -f "$pristine" ] || python3 bench/make-db.py "$pristine" --size "$size"
W="$data/incr-rounds-$size"; rm -rf "$W"; mkdir -p "$W/dest" "$W/full"
cp "$pristine" "$W/src.db"; cp "$W/src.db" "$W/full.db"
lb() {
  /usr/bin/time -f "%e %M" -o "$W/t" java $jvm -jar "$jar" --home "$W/home" "$@" > "$W/out" 2>&1 || { cat "$W/out" >&2; exit 1; }
  cat "$W/t"
}
for n in src full; do
  args=(--no-schedule --keep-last 0 --keep-daily 0 --keep-weekly 0 --keep-monthly 0)
  [ $n = src ] && args+=(--storage incremental)
  java $jvm -jar "$jar" --home "$W/home" add "$W/$n.db" --name $n --dest "$W/$([ $n = src ] && echo dest || echo full)" "${args[@]}" > /dev/null
done
echo "first version: $(lb backup src)"; echo "full zstd: $(lb backup full)"
oldest() { java $jvm -jar "$jar" --home "$W/home" list "$1" --json | python3 -c "import json,sys; print(json.load(sys.stdin)[-1]['id'])"; }
first=$(oldest src); firstfull=$(oldest full)
for r in $(seq 1 "$rounds"); do
  python3 bench/apply-change.py "$W/src.db" --fraction 0.01 --seed "$r" > /dev/null
  a=$(lb backup src --force)
  rm -f "$W/peer.db"; t0=$(date +%s.%N); sqlite3 "$W/src.db" ".backup '$W/peer.db'"; t1=$(date +%s.%N)
  echo "round $r daily: lifeboat $a; .backup $(python3 -c "print(f'{$t1-$t0:.2f}')"); load $(cut -d' ' -f1 /proc/loadavg)"
done
for r in $(seq 1 "$rounds"); do
  rm -f "$W/ri.db" "$W/rf.db"
  a=$(lb restore src "$first" --to "$W/ri.db" --yes); b=$(lb restore full "$firstfull" --to "$W/rf.db" --yes)
  cmp -s "$W/ri.db" "$W/rf.db" && same=identical || same=DIFFERENT
  echo "round $r restore: incremental $a; full $b; $same; load $(cut -d' ' -f1 /proc/loadavg)"
done
victim=$(java $jvm -jar "$jar" --home "$W/home" list src --json | python3 -c "import json,sys; print(json.load(sys.stdin)[1]['id'])")
echo "delete one daily version (prune included): $(lb delete src "$victim")"
rm -rf "$W"
