#!/usr/bin/env bash
# Peak RSS and time of one SFTP upload (`lifeboat copy`) to OpenSSH's sshd on loopback, N times, for
# one or more builds of lifeboat.jar side by side (each JAR must sit in a folder with its lib/).
# usage: bench/sftp-rss.sh [--size 256MiB] [--rounds 3] JAR...
set -euo pipefail
SIZE=256MiB
ROUNDS=3
while [[ $# -gt 0 ]]; do
    case "$1" in
        --size) SIZE="$2"; shift 2 ;;
        --rounds) ROUNDS="$2"; shift 2 ;;
        -h|--help) sed -n 2,4p "$0"; exit 0 ;;
        *) break ;;
    esac
done
[[ $# -gt 0 ]] || { echo "error: name at least one lifeboat.jar" >&2; exit 2; }
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DATA="$(cd "$HERE/.." && pwd)/bench-data/sftp-rss"
rm -rf "$DATA" && mkdir -p "$DATA/sftp"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
n="${SIZE%MiB}"
sqlite3 "$DATA/src.db" "PRAGMA page_size=65536; CREATE TABLE b(id INTEGER PRIMARY KEY, v BLOB);
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < $n) INSERT INTO b(v) SELECT randomblob(1048000) FROM n;"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
ssh-keygen -q -t ed25519 -N '' -f "$DATA/host_key"
ssh-keygen -q -t ed25519 -N '' -f "$DATA/client_key"
cp "$DATA/client_key.pub" "$DATA/authorized_keys"
echo "[127.0.0.1]:$PORT $(cat "$DATA/host_key.pub")" > "$DATA/known_hosts"
[[ $(id -u) == 0 ]] && mkdir -p /run/sshd
/usr/sbin/sshd -D -e -f /dev/null -h "$DATA/host_key" -p "$PORT" -o ListenAddress=127.0.0.1 -o PidFile=none \
    -o AuthorizedKeysFile="$DATA/authorized_keys" -o StrictModes=no -o PasswordAuthentication=no \
    -o KbdInteractiveAuthentication=no -o UsePAM=no -o PermitRootLogin=prohibit-password \
    -o 'Subsystem=sftp internal-sftp' >> "$DATA/sshd.log" 2>&1 &
PIDS+=($!)
sleep 0.5
LB0=(java -jar "$1" --home "$DATA/home")
"${LB0[@]}" add "$DATA/src.db" --name app --compression none > /dev/null
"${LB0[@]}" backup app > /dev/null
for r in $(seq 1 "$ROUNDS"); do
    j=0
    for jar in "$@"; do
        j=$((j + 1))
        LB=(java ${LB_JAVA_OPTS:-} -jar "$jar" --home "$DATA/home")
        mkdir -p "$DATA/sftp/r$r-$j"
        "${LB[@]}" destination add "s$r-$j" "sftp://$(id -un)@127.0.0.1:$PORT$DATA/sftp/r$r-$j" \
            --identity-file "$DATA/client_key" --known-hosts "$DATA/known_hosts" > /dev/null
        /usr/bin/time -f '%e %M %U %S' -o "$DATA/t" "${LB[@]}" copy app --to "s$r-$j" > /dev/null
        read -r sec kib user sys < "$DATA/t"
        echo "round $r  $jar  ${sec} s  $((kib / 1024)) MB peak RSS  $(echo "$user + $sys" | bc) CPU s"
    done
done
