#!/usr/bin/env bash
# Serve sohoi for `make run`: the web server and the task worker together; Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
PORT=${PORT:-8000}

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

"$PY" manage.py db_worker --interval 1 &
pids+=($!)
"$PY" manage.py runserver "127.0.0.1:$PORT" &
pids+=($!)
# Stop everything as soon as either process ends.
wait -n
