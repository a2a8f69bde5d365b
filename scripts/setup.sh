# Shared by ./run and ./test: install what is missing, and nothing that is already there.
VENV="${MISPER_VENV:-$PWD/.venv}"

say() { echo "misper: $*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    say "need root to run: $*"; return 1; fi
}

ensure_python() {
  PYTHON="${MISPER_PYTHON:-}"
  if [ -z "$PYTHON" ]; then
    for candidate in python3.11 python3; do
      if command -v "$candidate" >/dev/null && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
        PYTHON="$candidate"; break
      fi
    done
  fi
  if [ -z "$PYTHON" ]; then
    say "installing Python 3.11 from apt"
    as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3.11 python3.11-venv
    PYTHON=python3.11
  fi
  if ! "$PYTHON" -c 'import venv, ensurepip' 2>/dev/null; then
    as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3.11-venv
  fi
}

ensure_venv() {  # $1: runtime or dev
  local extra="" stamp
  [ "$1" = dev ] && extra="[dev]"
  stamp="$VENV/.installed-$1-$(sha256sum pyproject.toml | cut -c1-16)"
  if [ ! -x "$VENV/bin/python" ]; then
    say "creating the virtual environment in $VENV"
    "$PYTHON" -m venv "$VENV"
  fi
  if [ ! -f "$stamp" ]; then
    say "installing Python packages ($1)"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e ".$extra"
    touch "$stamp"
  fi
}

apt_missing() {  # prints the packages of "$@" that are not installed
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || echo "$pkg"
  done
}

ensure_system_libs() {  # $1: runtime or dev
  command -v dpkg-query >/dev/null || return 0
  local wanted=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core)
  [ "$1" = dev ] && wanted+=(chromium)
  local missing
  missing=$(apt_missing "${wanted[@]}")
  if [ -n "$missing" ]; then
    say "installing system packages: $missing"
    as_root apt-get update -qq
    # shellcheck disable=SC2086
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
  fi
}
