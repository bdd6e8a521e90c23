#!/usr/bin/env bash
# Copies to a second destination (a folder standing for a second disk or a mounted NAS): what an
# incremental database sends per copy, next to a full zstd database whose copies are whole files,
# and next to `cp` of that file (what a user scripting "copy the newest backup" pays). Rounds are
# a 1% day (apply-change.py), a backup of each, and each one's copy. Prints seconds, peak RSS (KB)
# and the bytes the second destination grew by. A measurement, not a test. Needs target/lifeboat.jar.
#   bench/incremental-copy.sh [--size 1GiB] [--days 3] [--data DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
size=1GiB days=3 data=bench-data
while [ $# -gt 0 ]; do
  case "$1" in
    --size) size=$2; shift 2;; --days) days=$2; shift 2;; --data) data=$2; shift 2;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done
jar=target/lifeboat.jar
[ -f "$jar" ] || { echo "build the jar first: ./mvnw package -DskipTests" >&2; exit 2; }
jvm=$(bench/launcher-options.sh)
mkdir -p "$data"
pristine="$data/db-$size-seed42.pristine.db"
[ -f "$pristine" ] || python3 bench/make-db.py "$pristine" --size "$size"
W="$data/incr-copy-$size"; rm -rf "$W"; mkdir -p "$W/dest" "$W/usb" "$W/by-hand"
cp "$pristine" "$W/inc.db"; cp "$pristine" "$W/full.db"
J=(java $jvm -jar "$jar" --home "$W/home")
lb() {
  /usr/bin/time -f "%e s, %M KB" -o "$W/t" "${J[@]}" "$@" > "$W/out" 2>&1 || { cat "$W/out" >&2; exit 1; }
  cat "$W/t"
}
bytes() { du -sb "$1" | cut -f1; }
"${J[@]}" destination add usb "$W/usb" > /dev/null
for n in inc full; do
  "${J[@]}" add "$W/$n.db" --name $n --dest "$W/dest" --storage $([ $n = inc ] && echo incremental || echo full) \
    --no-schedule --keep-last 0 --keep-daily 0 --keep-weekly 0 --keep-monthly 0 > /dev/null
done
round() {
  local label=$1
  lb backup inc --force > /dev/null; lb backup full --force > /dev/null
  local before=$(bytes "$W/usb/inc" 2>/dev/null || echo 0)
  local a=$(lb copy inc --to usb)
  local after=$(bytes "$W/usb/inc")
  local fbefore=$(bytes "$W/usb/full" 2>/dev/null || echo 0)
  local b=$(lb copy full --to usb)
  local fafter=$(bytes "$W/usb/full")
  local newest=$(ls -t "$W/dest/full"/*.db.zst | head -1)
  local t0=$(date +%s.%N); cp "$newest" "$W/by-hand/"; sync "$W/by-hand/$(basename "$newest")"; local t1=$(date +%s.%N)
  rm -f "$W/by-hand"/*
  echo "$label: incremental copy $a, sent $((after - before)) bytes; full copy $b, sent $((fafter - fbefore)) bytes;" \
    "cp+sync of the full file $(python3 -c "print(f'{$t1-$t0:.2f}')") s; load $(cut -d' ' -f1 /proc/loadavg)"
}
round "first"
for d in $(seq 1 "$days"); do
  python3 bench/apply-change.py "$W/inc.db" --fraction 0.01 --seed "$d" > /dev/null
  python3 bench/apply-change.py "$W/full.db" --fraction 0.01 --seed "$d" > /dev/null
  round "day $d"
done
echo "verify --store --at usb: $(lb verify inc --store --at usb)"
echo "second destination after $days days: incremental $(bytes "$W/usb/inc") bytes, full $(bytes "$W/usb/full") bytes"
rm -rf "$W"
