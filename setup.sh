#!/usr/bin/env bash
# One script behind the README's two commands, so both install exactly the same things:
#   bash setup.sh run    install, load the demo township and serve it on http://127.0.0.1:8000/
#   bash setup.sh test   install and run the whole test suite (pass DATABASE_URL for PostgreSQL)
# PYTHON picks the interpreter (default python3.11) and VENV its own virtualenv folder
# (default .venv): a second interpreter needs a second venv, e.g.
#   PYTHON=/usr/bin/python3.11 VENV=.venv-debian bash setup.sh test
# Needs Debian 12 / Ubuntu with Python 3.11 and git; installs the system packages it lacks.
set -euo pipefail
cd "$(dirname "$0")"

# WeasyPrint (pango, harfbuzz-subset: without it a page takes seconds), the CJK fonts the
# PDFs embed, gettext for the Chinese catalogue, poppler for the PDF checks, Chromium for
# the browser tests.
APT_PACKAGES="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk gettext
poppler-utils chromium libatomic1 postgresql-client"

PYTHON=${PYTHON:-python3.11}
VENV=${VENV:-.venv}
command -v "$PYTHON" >/dev/null || { echo "需要 Python 3.11（$PYTHON 不存在）" >&2; exit 1; }

missing=()
for pkg in $APT_PACKAGES; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
done
if ! "$PYTHON" -c "import ensurepip, venv" 2>/dev/null; then
  missing+=("python3.11-venv")
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install -q --disable-pip-version-check -r requirements-dev.txt
"$VENV/bin/python" manage.py compilemessages -v0 --ignore=".venv*"

case "${1:-}" in
  run)
    "$VENV/bin/python" manage.py migrate -v0
    "$VENV/bin/python" manage.py load_demo
    # The demo lives in the seed's year: pin the domain's "today" unless told otherwise.
    export TOWNSHIP_TODAY=${TOWNSHIP_TODAY-2016-12-20}
    echo "打开 http://127.0.0.1:8000/ ，用 zuzhi、lingdao 或 shuji01…shuji12 登录。"
    exec "$VENV/bin/python" manage.py runserver "${PORT:-127.0.0.1:8000}"
    ;;
  test)
    shift
    exec "$VENV/bin/python" -m pytest "$@"
    ;;
  *)
    echo "usage: bash setup.sh run|test" >&2
    exit 2
    ;;
esac
