#!/usr/bin/env bash
# `npm start` exactly as a newcomer types it (no DATABASE_URL): health must reach 200, and SIGTERM must
# leave no postgres, node or chromium process behind.
set -euo pipefail
data_dir=$(mktemp -d /tmp/tuki-smoke-XXXXXX)
port=3190
log="$data_dir.log"
env -u DATABASE_URL DATA_DIR="$data_dir" PORT=$port EMBEDDED_PG_PORT=54359 FAKE_WA_PORT=3191 WA_DRIVER=fake \
  setsid npm start >"$log" 2>&1 &
npm_pid=$!
sid=$npm_pid

for _ in $(seq 1 240); do
  if curl -fsS "http://127.0.0.1:$port/api/health" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$npm_pid" 2>/dev/null; then echo "npm start exited early:"; cat "$log"; exit 1; fi
  sleep 1
done
curl -fsS "http://127.0.0.1:$port/api/health"; echo

kill -TERM "$npm_pid"
for _ in $(seq 1 30); do
  left=$(ps -e -o sid=,pid=,args= | awk -v s="$sid" '$1 == s' || true)
  [ -z "$left" ] && break
  sleep 1
done
if [ -n "$left" ]; then echo "processes left behind:"; echo "$left"; exit 1; fi
if pgrep -f "$data_dir/pg" >/dev/null; then echo "postgres left running"; exit 1; fi
echo "smoke: healthy, and nothing left running after SIGTERM"
rm -rf "$data_dir" "$log"
