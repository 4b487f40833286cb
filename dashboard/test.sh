#!/usr/bin/env bash
# The dashboard's tests (make test runs this after Maven, whose LocalPipelineEndToEndTest writes
# the warehouse the browser test opens). Extra arguments go to pytest.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=venv.sh
source "$here/venv.sh"
ensure_venv requirements-test.txt
cd "$here"
exec .venv/bin/python -m pytest -q "$@" tests
