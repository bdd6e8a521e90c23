#!/usr/bin/env bash
# Incremental store growth (issue 12): DAYS simulated days of apply-change.py on a make-db.py
# database, one version per day; prints per-day bytes and times, restore of the oldest version,
# sizes, and the prune of one daily version. A measurement, not a test.
#   bench/incremental.sh [--size 150MiB] [--days 30] [--fraction 0.01] [--data DIR] [--recipient age1...]
set -euo pipefail
cd "$(dirname "$0")/.."
size=150MiB days=30 fraction=0.01 data=bench-data recipient=""
while [ $# -gt 0 ]; do
  case "$1" in
    --size) size=$2; shift 2;; --days) days=$2; shift 2;; --fraction) fraction=$2; shift 2;;
    --data) data=$2; shift 2;; --recipient) recipient=$2; shift 2;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done
mkdir -p "$data"
pristine="$data/db-$size-seed42.pristine.db"
[ -f "$pristine" ] || python3 bench/make-db.py "$pristine" --size "$size"
./mvnw -o -q test-compile -Dcheckstyle.skip
./mvnw -o -q dependency:build-classpath -Dmdep.outputFile="$data/cp.txt"
work="$data/incr-$size"
rm -rf "$work"
java -cp "target/test-classes:target/classes:$(cat "$data/cp.txt")" app.lifeboat.bench.IncrementalBench \
  "$pristine" "$work" "$days" "$fraction" $recipient
echo "full zstd -3 copy of the last day, for comparison: $(zstd -3 -c -q "$work/src.db" | wc -c) bytes"
rm -rf "$work"
