#!/usr/bin/env bash
# Usage: .ci/pip-install.sh VENV_DIR REQUIREMENTS_FILE...
# Creates VENV_DIR (a normal venv, pip included) if missing and installs the pinned requirement
# files into it with uv, which resolves and downloads in parallel (the dbt environment installs in
# ~17 s instead of ~3.5 min with pip on a loaded two-core machine). uv itself is installed once
# into .local-run/uv-venv; where that fails, pip does the install.
set -euo pipefail
venv_dir=$1
shift
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
uv_venv="$root/.local-run/uv-venv"
uv_req="$root/.ci/requirements-uv.txt"

[ -x "$venv_dir/bin/python" ] || python3 -m venv "$venv_dir"

if [ ! -x "$uv_venv/bin/uv" ] || ! cmp -s "$uv_req" "$uv_venv/.requirements"; then
  rm -rf "$uv_venv"
  if python3 -m venv "$uv_venv" \
    && "$uv_venv/bin/pip" install --quiet --disable-pip-version-check -r "$uv_req"; then
    cp "$uv_req" "$uv_venv/.requirements"
  else
    echo "uv could not be installed; installing with pip" >&2
    rm -rf "$uv_venv"
  fi
fi

reqs=()
for r in "$@"; do reqs+=(-r "$r"); done
if [ -x "$uv_venv/bin/uv" ]; then
  "$uv_venv/bin/uv" pip install --quiet --python "$venv_dir/bin/python" "${reqs[@]}"
else
  "$venv_dir/bin/pip" install --quiet --disable-pip-version-check "${reqs[@]}"
fi
