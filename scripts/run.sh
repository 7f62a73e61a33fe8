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

# CORS allow-list: the demo page's origins, or CORS_ORIGINS (space-separated).
read -r -a cors <<<"${CORS_ORIGINS:-http://127.0.0.1:$WEB_PORT http://localhost:$WEB_PORT}"
"$BIN/rasa" run --model "$MODEL" --endpoints endpoints.yml --credentials credentials.yml \
  --interface "$HOST" --port "$RASA_PORT" --cors "${cors[@]}" &
pids+=($!)

if [ -d web ]; then
  # The page tells the widget where the Rasa server is (RASA_URL -> /config.js, CSP).
  rasa_host="$HOST"
  if [ "$HOST" = "0.0.0.0" ]; then rasa_host=127.0.0.1; fi
  RASA_URL="${RASA_URL:-http://$rasa_host:$RASA_PORT}" "$BIN/python" scripts/serve_web.py \
    --host "$HOST" --port "$WEB_PORT" --directory web --quiet &
  pids+=($!)
fi

echo "Starting... the bot answers at http://$HOST:$RASA_PORT/webhooks/rest/webhook"
[ -d web ] && echo "Chat page: http://$HOST:$WEB_PORT/"
echo "Press Ctrl-C to stop."
wait -n "${pids[@]}"
