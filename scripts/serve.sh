#!/usr/bin/env bash
# Serve sohoi for `make run`: the web server and the task worker together; Ctrl-C stops both.
# The worker (manage.py run_worker) waits out a busy database by itself; should it still exit,
# it is started again after a pause, and the web server stays up. The web server ending ends all.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
PORT=${PORT:-8000}
WORKER_RESTART_DELAY=${WORKER_RESTART_DELAY:-5}

# Keep the task worker running: start it again whenever it exits.
keep_worker() {
  local child="" status
  trap 'trap - INT TERM; [ -n "$child" ] && kill "$child" 2>/dev/null; wait; exit 0' INT TERM
  while true; do
    "$PY" manage.py run_worker --interval 1 --no-reload &
    child=$!
    status=0
    wait "$child" || status=$?
    child=""
    echo "serve.sh: the task worker exited (status $status); starting it again in ${WORKER_RESTART_DELAY} s" >&2
    sleep "$WORKER_RESTART_DELAY" &
    wait $! || true
  done
}

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

keep_worker &
pids+=($!)
"$PY" manage.py runserver "127.0.0.1:$PORT" &
web=$!
pids+=("$web")
# Stop everything when the web server ends.
wait "$web"
