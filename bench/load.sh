#!/usr/bin/env bash
# Load test (issue 10): gunicorn with 2 workers on loopback against the 20-township database,
# 20 simulated users (wrk connections) for 60 s on the township dashboard (as the leader) and
# then on the secretary's task list (the home page, as a branch secretary). Prints requests per
# second, the latency percentiles (95th included) and the error count (must be 0).
#
#   apt-get install -y wrk          # Debian's wrk 4.1; not needed by the tests or CI
#   bench/load.sh                   # after bench/pages.py has built township_bench_20
#   DB=township_bench_20 USERS=20 DURATION=60s WORKERS=2 bench/load.sh
#
# Logged-in users come from sessions created here in the database (what django.contrib.auth's
# login() stores: _auth_user_id, _auth_user_backend, _auth_user_hash), sent by wrk as a
# Cookie header. DEBUG=0 with plain http on loopback: SECURE_SSL_REDIRECT=0 (the secure-cookie
# flag only matters to browsers). Responses other than 200 (a login redirect included) count
# as errors. gunicorn is stopped when the script ends, whatever happens.
set -euo pipefail

cd "$(dirname "$0")/.."
DB=${DB:-township_bench_20}
USERS=${USERS:-20}
DURATION=${DURATION:-60s}
WORKERS=${WORKERS:-2}
PG=${PG:-postgres://postgres@127.0.0.1:5432}

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }

export DATABASE_URL="$PG/$DB" TOWNSHIP_TODAY=2016-12-20 DEBUG=0 SECURE_SSL_REDIRECT=0 \
  SECURE_HSTS_SECONDS=0 ALLOWED_HOSTS=127.0.0.1,localhost \
  SECRET_KEY=${SECRET_KEY:-bench-only-secret-key-not-for-production-0123456789} \
  STATIC_ROOT=${STATIC_ROOT:-/tmp/township-bench-static} CONN_MAX_AGE=${CONN_MAX_AGE:-60}

.venv/bin/python manage.py collectstatic --noinput -v0

# Sessions for the leader (lingdao) and the first branch secretary (shuji01), and the seed
# township's id: "<leader session> <secretary session> <township id>".
IDS=$(.venv/bin/python manage.py shell -v0 -c '
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from township.models import Township, User

def session(username):
    user = User.objects.get(username=username)
    s = SessionStore()
    s[SESSION_KEY] = str(user.pk)
    s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    s[HASH_SESSION_KEY] = user.get_session_auth_hash()
    s.create()
    return s.session_key

print(session("lingdao"), session("shuji01"), Township.objects.order_by("pk").first().pk)
' | tail -n1)
read -r LEADER SECRETARY TOWNSHIP <<<"$IDS"

PORT=$(.venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
LOG=$(mktemp /tmp/township-load-gunicorn.XXXXXX)
LUA=$(mktemp --suffix=.lua /tmp/township-load-wrk.XXXXXX)
.venv/bin/gunicorn township.wsgi --workers "$WORKERS" --bind "127.0.0.1:$PORT" \
  --timeout 120 --log-level warning >"$LOG" 2>&1 &
GUNICORN=$!
cleanup() {
  kill "$GUNICORN" 2>/dev/null || true
  wait "$GUNICORN" 2>/dev/null || true
  rm -f "$LUA"
}
trap cleanup EXIT

# Count every answer other than 200 (wrk itself counts only >= 400 and socket errors).
cat >"$LUA" <<'EOF'
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) bad = 0 end
function response(status, headers, body) if status ~= 200 then bad = bad + 1 end end
function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + t:get("bad") end
  local e = summary.errors
  io.write(string.format("errors: non-200 %d, connect %d, read %d, write %d, timeout %d\n",
    total, e.connect, e.read, e.write, e.timeout))
  io.write(string.format("p95 latency: %.1f ms; requests/s: %.1f\n",
    latency:percentile(95) / 1000, summary.requests / (summary.duration / 1e6)))
end
EOF

BASE="http://127.0.0.1:$PORT"
for _ in $(seq 50); do
  curl -s -o /dev/null "$BASE/accounts/login/" && break
  sleep 0.2
done

run() { # label, session, path
  local status
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: sessionid=$2" "$BASE$3")
  [ "$status" = 200 ] || { echo "$1: $3 answered $status before the run" >&2; exit 1; }
  echo "== $1: GET $3, $USERS users, $DURATION, gunicorn $WORKERS workers"
  wrk --latency -t2 -c"$USERS" -d"$DURATION" --timeout 30s -s "$LUA" \
    -H "Cookie: sessionid=$2" "$BASE$3"
  echo
}

run "township dashboard (lingdao)" "$LEADER" "/dashboard/?township=$TOWNSHIP&year=2016"
run "secretary's task list, home page (shuji01)" "$SECRETARY" "/"

if [ -s "$LOG" ]; then
  echo "gunicorn log:"
  cat "$LOG"
fi
rm -f "$LOG"
