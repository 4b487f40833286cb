# shellcheck shell=bash
# Sourced by run.sh and test.sh: creates dashboard/.venv and installs a pinned requirements file
# into it when the file changed since the last install (a stamp per file).
ensure_venv() {
  local here req stamp
  here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
  req="$here/$1"
  stamp="$here/.venv/.installed-$(basename "$1" .txt)"
  if [ ! -f "$stamp" ] || [ "$req" -nt "$stamp" ] || [ "$here/requirements.txt" -nt "$stamp" ]; then
    "$here/../.ci/pip-install.sh" "$here/.venv" "$req"
    touch "$stamp"
  fi
}
