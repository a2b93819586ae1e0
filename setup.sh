#!/usr/bin/env bash
# One script behind the README's two commands, so both install exactly the same things:
#   bash setup.sh run    install, load the demo township and serve it on http://127.0.0.1:8000/
#   bash setup.sh test   install and run the whole test suite (pass DATABASE_URL for PostgreSQL)
# PYTHON picks the interpreter (default python3.11) and VENV its own virtualenv folder
# (default .venv): a second interpreter needs a second venv, e.g.
#   PYTHON=/usr/bin/python3.11 VENV=.venv-debian bash setup.sh test
# Needs Debian 12 / Ubuntu with Python 3.11 and git; installs the system packages it lacks
# (as root, or through sudo). The console gets a few lines per step; the details go to
# setup.log, which is named when a step fails.
set -euo pipefail
cd "$(dirname "$0")"

# WeasyPrint (pango, harfbuzz-subset: without it a page takes seconds), the CJK fonts the
# PDFs embed, gettext for the Chinese catalogue, poppler for the PDF checks, Chromium for
# the browser tests, the PostgreSQL client for backups.
APT_PACKAGES="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk gettext
poppler-utils chromium libatomic1 postgresql-client fonts-arphic-ukai"

PYTHON=${PYTHON:-python3.11}
VENV=${VENV:-.venv}
LOG=${SETUP_LOG:-setup.log}
: >"$LOG"

step() { echo "[$(date +%H:%M:%S)] $*"; }
fail() {
  echo "失败：$1。详细输出见 $LOG（最后几行如下）：" >&2
  tail -n 15 "$LOG" >&2
  exit 1
}

command -v "$PYTHON" >/dev/null || { echo "需要 Python 3.11（$PYTHON 不存在）" >&2; exit 1; }

missing=()
for pkg in $APT_PACKAGES; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
done
if ! "$PYTHON" -c "import ensurepip, venv" 2>/dev/null; then
  missing+=("python3.11-venv")
fi
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null; then
      echo "缺少系统软件包，且本机没有 sudo。请管理员以 root 执行：" >&2
      echo "  apt-get install --no-install-recommends ${missing[*]}" >&2
      exit 1
    fi
    SUDO="sudo"
    echo "需要安装系统软件包，sudo 可能会询问您的密码。"
  fi
  step "安装系统软件包（${#missing[@]} 个，首次约 3 分钟、下载约 265 MB）：${missing[*]}"
  # `sudo VAR=… cmd` loses nothing, unlike an exported variable that sudo's env_reset drops.
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q >>"$LOG" 2>&1 || fail "apt-get update"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    "${missing[@]}" >>"$LOG" 2>&1 || fail "apt-get install"
fi

if [ ! -x "$VENV/bin/python" ]; then
  step "创建虚拟环境 $VENV"
  "$PYTHON" -m venv "$VENV" >>"$LOG" 2>&1 || fail "python -m venv"
fi
step "安装 Python 依赖（首次约 1–2 分钟、下载约 100 MB；已安装则几秒）"
"$VENV/bin/python" -m pip install --disable-pip-version-check -r requirements-dev.txt \
  >>"$LOG" 2>&1 || fail "pip install"
"$VENV/bin/python" manage.py compilemessages -v0 --ignore=".venv*" >>"$LOG" 2>&1 \
  || fail "compilemessages"

case "${1:-}" in
  run)
    # The demo runs as production does (Chinese error pages, collected static files served
    # by WhiteNoise, a secret key of its own), on plain HTTP: DEBUG=1 before the command
    # gives Django's debug pages instead.
    if [ ! -s .secret_key ]; then
      (umask 077 && "$VENV/bin/python" -c "import secrets; print(secrets.token_urlsafe(50))" >.secret_key)
    fi
    export DEBUG=${DEBUG-0} HTTPS=${HTTPS-0} SECRET_KEY_FILE=${SECRET_KEY_FILE-$PWD/.secret_key}
    address=${PORT:-127.0.0.1:8000}
    case "$address" in
      *:*) shown=$address ;;
      *) shown=127.0.0.1:$address ;;
    esac
    shown=${shown/0.0.0.0/127.0.0.1}
    hosts="localhost,127.0.0.1,[::1]"
    for ip in $(hostname -I 2>/dev/null || true); do hosts="$hosts,$ip"; done
    export ALLOWED_HOSTS=${ALLOWED_HOSTS-$hosts}
    step "准备数据库、静态文件和演示乡镇"
    "$VENV/bin/python" manage.py migrate -v0 >>"$LOG" 2>&1 || fail "migrate"
    "$VENV/bin/python" manage.py collectstatic --noinput -v0 >>"$LOG" 2>&1 || fail "collectstatic"
    "$VENV/bin/python" manage.py load_demo || fail "load_demo"
    # The demo lives in the seed's year: pin the domain's "today" unless told otherwise.
    export TOWNSHIP_TODAY=${TOWNSHIP_TODAY-2016-12-20}
    echo "打开 http://$shown/ ，用 zuzhi、lingdao 或 shuji01…shuji12 登录。按 Ctrl+C 停止。"
    exec "$VENV/bin/python" manage.py runserver "$address"
    ;;
  test)
    shift
    step "运行全部测试（本机 2 核约 6 分钟）"
    exec "$VENV/bin/python" -m pytest "$@"
    ;;
  *)
    echo "usage: bash setup.sh run|test" >&2
    exit 2
    ;;
esac
