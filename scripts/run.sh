#!/usr/bin/env bash
# Start the action server, the Rasa server and the demo web page; stop all on Ctrl-C.
# Called by `make run`, which sets the variables below.
set -euo pipefail
: "${BIN:?}" "${MODEL:?}" "${HOST:?}" "${RASA_PORT:?}" "${ACTION_PORT:?}" "${WEB_PORT:?}"

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

SANIC_HOST="${ACTION_HOST:-127.0.0.1}" "$BIN/rasa" run actions --actions actions \
  --port "$ACTION_PORT" &
pids+=($!)

"$BIN/rasa" run --model "$MODEL" --endpoints endpoints.yml --credentials credentials.yml \
  --interface "$HOST" --port "$RASA_PORT" --cors "${CORS_ORIGINS:-http://127.0.0.1:$WEB_PORT}" &
pids+=($!)

if [ -d web ]; then
  "$BIN/python" -m http.server "$WEB_PORT" --bind "$HOST" --directory web >/dev/null 2>&1 &
  pids+=($!)
fi

echo "Starting... the bot answers at http://$HOST:$RASA_PORT/webhooks/rest/webhook"
[ -d web ] && echo "Chat page: http://$HOST:$WEB_PORT/"
echo "Press Ctrl-C to stop."
wait -n "${pids[@]}"
