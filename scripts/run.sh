#!/usr/bin/env bash
# Start the action server, the Rasa server and the demo web page; stop all on Ctrl-C.
# Called by `make run`, which sets the variables below.
set -euo pipefail
: "${BIN:?}" "${MODEL:?}" "${HOST:?}" "${RASA_PORT:?}" "${ACTION_PORT:?}" "${WEB_PORT:?}"

# Channels: credentials.yml plus Telegram/Slack/Facebook/SMS when their variables are
# set (channels/README.md); stops here, naming the missing variable, if one is half set.
"$BIN/python" scripts/make_credentials.py --out var/credentials.yml

# Site settings (site.yml, SITE_* variables): stops here, naming a malformed value.
"$BIN/python" -m site_settings

# Rasa's HTTP API (model, tracker and conversation routes) stays off unless
# ENABLE_API=1, and then only with a token or a JWT secret: an open API would let
# anyone read conversations or replace the model.
api_args=()
if [ "${ENABLE_API:-0}" = "1" ]; then
  if [ -n "${RASA_TOKEN:-}" ]; then
    api_args=(--enable-api --auth-token "$RASA_TOKEN")
  elif [ -n "${RASA_JWT_SECRET:-}" ]; then
    api_args=(--enable-api --jwt-secret "$RASA_JWT_SECRET" --jwt-method "${RASA_JWT_METHOD:-HS256}")
  else
    echo "error: ENABLE_API=1 needs RASA_TOKEN or RASA_JWT_SECRET; refusing to open the HTTP API without authentication." >&2
    exit 2
  fi
fi

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
env ${TF_THREADS:-} "$BIN/rasa" run --model "$MODEL" --endpoints "${ENDPOINTS:-endpoints.yml}" --credentials var/credentials.yml \
  --interface "$HOST" --port "$RASA_PORT" --cors "${cors[@]}" ${api_args[@]+"${api_args[@]}"} &
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
