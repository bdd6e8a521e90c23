#!/usr/bin/env bash
# Incremental storage through the app (issue 12), next to its peers in the same run:
#   - a backup after a day of changes (apply-change.py --fraction F) vs sqlite3 SRC ".backup DST";
#   - the store after DAYS days vs DAYS+1 full zstd backups of the same database;
#   - restore --to of the oldest version vs restore --to of a full zstd backup of the same state;
#   - deleting one daily version (retention's prune of the store);
#   - peak RSS of each Lifeboat command (/usr/bin/time -v).
# A measurement, not a test. Needs target/lifeboat.jar (./mvnw package -DskipTests), sqlite3, zstd;
# restic is measured beside it when installed.
#   bench/incremental-cli.sh [--size 256MiB] [--days 10] [--fraction 0.01] [--data DIR] [--no-restic]
set -euo pipefail
cd "$(dirname "$0")/.."
size=256MiB days=10 fraction=0.01 data=bench-data restic=yes
while [ $# -gt 0 ]; do
  case "$1" in
    --size) size=$2; shift 2;; --days) days=$2; shift 2;; --fraction) fraction=$2; shift 2;;
    --data) data=$2; shift 2;;
    --no-restic) restic=no; shift;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done
jar=target/lifeboat.jar
jvm=$(bench/launcher-options.sh)   # the installed launcher's JVM options
[ -f "$jar" ] || { echo "build the jar first: ./mvnw package -DskipTests" >&2; exit 2; }
mkdir -p "$data"
pristine="$data/db-$size-seed42.pristine.db"
[ -f "$pristine" ] || python3 bench/make-db.py "$pristine" --size "$size"
work="$data/incr-cli-$size"
rm -rf "$work"; mkdir -p "$work/dest" "$work/full"
cp "$pristine" "$work/src.db"
cp "$pristine" "$work/full.db"   # day 0's state, backed up as one full zstd file for the restore comparison
home="$work/home"

now() { date +%s.%N; }
secs() { python3 -c "print(f'{$2-$1:.2f}')"; }
# Runs the app; prints "<seconds> <peak RSS MB>".
lb() {
  local t0 t1
  t0=$(now)
  /usr/bin/time -f "%M" -o "$work/rss" java $jvm -jar "$jar" --home "$home" "$@" > "$work/out" 2>&1 \
    || { cat "$work/out" >&2; exit 1; }
  t1=$(now)
  echo "$(secs "$t0" "$t1") $(( $(cat "$work/rss") / 1024 ))"
}
dirbytes() { du -sb "$1" | cut -f1; }

java $jvm -jar "$jar" --home "$home" add "$work/src.db" --name src --dest "$work/dest" --storage incremental \
  --no-schedule --keep-last 0 --keep-daily 0 --keep-weekly 0 --keep-monthly 0 > /dev/null
java $jvm -jar "$jar" --home "$home" add "$work/full.db" --name full --dest "$work/full" \
  --no-schedule --keep-last 0 --keep-daily 0 --keep-weekly 0 --keep-monthly 0 > /dev/null
read -r t rss < <(lb backup src)
echo "day 0: first version ${t}s, store $(dirbytes "$work/dest/src/incremental") bytes, peak RSS ${rss} MB"
read -r tf rssf < <(lb backup full)
echo "day 0: full zstd backup ${tf}s ($(dirbytes "$work/full/full") bytes), peak RSS ${rssf} MB"
oldest=$(java $jvm -jar "$jar" --home "$home" list src --json | python3 -c "import json,sys; print(json.load(sys.stdin)[-1]['id'])")
oldest_full=$(java $jvm -jar "$jar" --home "$home" list full --json | python3 -c "import json,sys; print(json.load(sys.stdin)[-1]['id'])")

# restic (when installed): the general-purpose deduplicating peer, backing up the same file after each day.
restic_repo="$work/restic"
if [ "$restic" = yes ] && command -v restic > /dev/null; then
  export RESTIC_PASSWORD=bench-only RESTIC_CACHE_DIR="$work/restic-cache"
  restic init --repo "$restic_repo" -q > /dev/null
  restic backup --repo "$restic_repo" -q "$work/src.db" > /dev/null
  echo "day 0: restic repository $(dirbytes "$restic_repo") bytes"
fi

total_inc=0 total_peer=0 full_bytes=$(dirbytes "$work/full/full")
for day in $(seq 1 "$days"); do
  python3 bench/apply-change.py "$work/src.db" --fraction "$fraction" --seed "$day" > /dev/null
  before=$(dirbytes "$work/dest/src/incremental")
  read -r t rss < <(lb backup src --force)
  after=$(dirbytes "$work/dest/src/incremental")
  rm -f "$work/peer.db"
  t0=$(now); sqlite3 "$work/src.db" ".backup '$work/peer.db'"; t1=$(now)
  peer=$(secs "$t0" "$t1")
  full_bytes=$(( full_bytes + $(zstd -3 -q -c "$work/src.db" | wc -c) ))
  restic_note=""
  if [ -d "$restic_repo" ]; then
    r0=$(dirbytes "$restic_repo"); t0=$(now)
    restic backup --repo "$restic_repo" -q "$work/src.db" > /dev/null
    t1=$(now)
    restic_note=", restic +$(( $(dirbytes "$restic_repo") - r0 )) bytes in $(secs "$t0" "$t1")s"
  fi
  total_inc=$(python3 -c "print($total_inc+$t)"); total_peer=$(python3 -c "print($total_peer+$peer)")
  echo "day $day: backup ${t}s (sqlite3 .backup ${peer}s, $(python3 -c "print(f'{$t/$peer:.2f}')")x), +$((after - before)) bytes, peak RSS ${rss} MB${restic_note}"
done
echo "store after $days days: $(dirbytes "$work/dest/src/incremental") bytes; $((days + 1)) full zstd backups: $full_bytes bytes"
[ -d "$restic_repo" ] && echo "restic repository after $days days: $(dirbytes "$restic_repo") bytes"
echo "mean backup after a day: $(python3 -c "print(f'{$total_inc/$days:.2f}s vs .backup {$total_peer/$days:.2f}s = {$total_inc/$total_peer:.2f}x')")"

read -r t rss < <(lb restore src "$oldest" --to "$work/r-inc.db" --yes)
read -r tf rssf < <(lb restore full "$oldest_full" --to "$work/r-full.db" --yes)
echo "restore --to of the oldest version: ${t}s (peak RSS ${rss} MB); of a full zstd backup: ${tf}s ($(python3 -c "print(f'{$t/$tf:.2f}')")x)"
cmp -s "$work/r-inc.db" "$work/r-full.db" && echo "both restores are byte-identical"

victim=$(java $jvm -jar "$jar" --home "$home" list src --json | python3 -c "import json,sys; print(json.load(sys.stdin)[$days // 2]['id'])")
read -r t rss < <(lb delete src "$victim")
echo "delete one daily version (and prune the store): ${t}s, peak RSS ${rss} MB"
read -r t rss < <(lb verify src --store --read-data-subset 100%)
echo "verify --store --read-data-subset 100%: ${t}s, peak RSS ${rss} MB"
rm -rf "$work"
