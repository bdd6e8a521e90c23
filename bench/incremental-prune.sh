#!/usr/bin/env bash
# Prune of one daily version of an incremental store (issue 12: "under 5 s" at 1 GiB after 30 days),
# with several builds of the app interleaved round by round, so that the machine's load hits each alike.
#   - builds the store once: DAYS days of apply-change.py --fraction F, `lifeboat backup` after each
#     (with the first --jar), then keeps a copy of its home and destination as they were (pristine);
#   - per round and build: resets home and destination from that copy, then times `lifeboat delete`
#     of the middle version (which removes its version object and prunes the store) with its peak RSS;
#     the home's log gets the prune's steps (index load, reach, plan, copy, publish, delete).
# A measurement, not a test. Needs sqlite3 and GNU time (/usr/bin/time).
#   bench/incremental-prune.sh [--size 1GiB] [--days 30] [--fraction 0.01] [--rounds 3] [--data DIR]
#                              [--jar NAME=PATH]... [--java-opts OPTS] [--check]
# Each --jar is a lifeboat.jar beside its lib/ (and, when present, its own lifeboat.jsa); default:
# target/lifeboat.jar. --check runs `verify --store` after each build's first prune.
set -euo pipefail
cd "$(dirname "$0")/.."
size=1GiB days=30 fraction=0.01 rounds=3 data=bench-data check=no java_opts="" jars=()
while [ $# -gt 0 ]; do
  case "$1" in
    --size) size=$2; shift 2;; --days) days=$2; shift 2;; --fraction) fraction=$2; shift 2;;
    --rounds) rounds=$2; shift 2;; --data) data=$2; shift 2;; --jar) jars+=("$2"); shift 2;;
    --java-opts) java_opts=$2; shift 2;; --check) check=yes; shift;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done
[ ${#jars[@]} -gt 0 ] || jars=("this=target/lifeboat.jar")
# The installed launcher's JVM options, without the archive (each build brings its own).
launcher=$(sed -n 's/^--java-options //p' packaging/jpackage-common.txt | tr '\n' ' ')
jvm_for() {
  local jar=$1 jsa
  jsa="$(dirname "$jar")/lifeboat.jsa"
  if [ -f "$jsa" ]; then
    echo "$launcher -XX:SharedArchiveFile=$jsa -Xlog:cds=off $java_opts"
  else
    echo "$launcher $java_opts"
  fi
}
for j in "${jars[@]}"; do
  [ -f "${j#*=}" ] || { echo "no jar at ${j#*=}: build it first (./mvnw package -DskipTests)" >&2; exit 2; }
done
data=$(mkdir -p "$data" && cd "$data" && pwd)
pristine_db="$data/db-$size-seed42.pristine.db"
[ -f "$pristine_db" ] || python3 bench/make-db.py "$pristine_db" --size "$size"
base="$data/prune-$size-$days-$fraction"
work="$base/work"       # home and destination the catalog points at (absolute paths: always this folder)
kept="$base/pristine"   # the same after the last backup, never changed
home="$work/home"
first_jar=${jars[0]#*=}

if [ ! -f "$base/complete" ]; then
  rm -rf "$base"; mkdir -p "$work/dest"
  cp "$pristine_db" "$base/src.db"
  jvm=$(jvm_for "$first_jar")
  java $jvm -jar "$first_jar" --home "$home" add "$base/src.db" --name src --dest "$work/dest" --storage incremental \
    --no-schedule --keep-last 0 --keep-daily 0 --keep-weekly 0 --keep-monthly 0 > /dev/null
  java $jvm -jar "$first_jar" --home "$home" backup src > /dev/null
  for day in $(seq 1 "$days"); do
    python3 bench/apply-change.py "$base/src.db" --fraction "$fraction" --seed "$day" > /dev/null
    java $jvm -jar "$first_jar" --home "$home" backup src --force > /dev/null
    echo "built day $day of $days: store $(du -sb "$work/dest" | cut -f1) bytes"
  done
  cp -a "$work" "$kept"
  touch "$base/complete"
fi

jvm=$(jvm_for "$first_jar")
rm -rf "$work"; cp -a "$kept" "$work"
versions=$(java $jvm -jar "$first_jar" --home "$home" list src --json)
count=$(python3 -c "import json,sys; print(len(json.loads(sys.argv[1])))" "$versions")
victim=$(python3 -c "import json,sys; v=json.loads(sys.argv[1]); print(v[len(v)//2]['id'])" "$versions")
echo "store: $count versions, $(du -sb "$kept/dest" | cut -f1) bytes; deleting $victim (the middle one) each time"

samples="$base/samples.tsv" log="$base/run.log"
: > "$samples"; : > "$log"
printf 'build\tround\tseconds\tcpu_seconds\tpeak_rss_mb\tload\n'
for round in $(seq 1 "$rounds"); do
  for j in "${jars[@]}"; do
    name=${j%%=*} jar=${j#*=}
    rm -rf "$work"; cp -a "$kept" "$work"; sync
    jvm=$(jvm_for "$jar")
    t0=$(date +%s.%N)
    /usr/bin/time -f "%M %U %S" -o "$base/rss" java $jvm -jar "$jar" --home "$home" --debug delete src "$victim" \
      > "$base/out" 2>&1 || { cat "$base/out" >&2; exit 1; }
    t1=$(date +%s.%N)
    { echo "== $name round $round (started $(date -u -d "@$t0" +%H:%M:%S.%N | cut -c1-12))"; cat "$base/out"
      tail -n 4 "$home/logs/lifeboat.log"; } >> "$log"
    read -r rss user sys < "$base/rss"
    line=$(printf '%s\t%s\t%.2f\t%.2f\t%s\t%s' "$name" "$round" "$(python3 -c "print($t1-$t0)")" \
      "$(python3 -c "print($user+$sys)")" $(( rss / 1024 )) "$(cut -d' ' -f1 /proc/loadavg)")
    echo "$line" | tee -a "$samples"
    if [ "$check" = yes ] && [ "$round" = 1 ]; then
      java $jvm -jar "$jar" --home "$home" verify src --store >> "$log" 2>&1 \
        || { echo "verify --store failed after $name's prune (see $log)" >&2; exit 1; }
    fi
  done
done
echo
echo "| build | median s | min s | max s | median CPU s (user + sys) | median peak RSS MB |"
echo "|---|---|---|---|---|---|"
python3 - "$samples" <<'EOF'
import statistics, sys
rows = [l.rstrip('\n').split('\t') for l in open(sys.argv[1]) if l.strip()]
for b in dict.fromkeys(r[0] for r in rows):
    s = [float(r[2]) for r in rows if r[0] == b]
    c = [float(r[3]) for r in rows if r[0] == b]
    m = [int(r[4]) for r in rows if r[0] == b]
    print(f"| {b} | {statistics.median(s):.2f} | {min(s):.2f} | {max(s):.2f} | {statistics.median(c):.2f} | {statistics.median(m):.0f} |")
EOF
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); samples: $samples; commands' output: $log"
rm -rf "$work"
