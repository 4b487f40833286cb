#!/usr/bin/env bash
# Opens the dashboard on a DuckDB warehouse (default: the one `make run` builds) or, with
# DASHBOARD_BACKEND=bigquery GCP_PROJECT=... BQ_DATASET=..., on BigQuery.
#   dashboard/run.sh [--duckdb PATH] [--port N]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
port=8501
export DUCKDB_PATH="${DUCKDB_PATH:-$repo/.local-run/warehouse.duckdb}"
while [ $# -gt 0 ]; do
  case "$1" in
    --duckdb) DUCKDB_PATH="$(realpath -m "$2")"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    -h|--help) sed -n '2,4p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (try --help)" >&2; exit 2 ;;
  esac
done
# shellcheck source=venv.sh
source "$here/venv.sh"
ensure_venv requirements.txt
if [ "${DASHBOARD_BACKEND:-duckdb}" = duckdb ]; then
  echo "dashboard on DuckDB $DUCKDB_PATH"
else
  echo "dashboard on BigQuery ${GCP_PROJECT:-?}.${BQ_DATASET:-?}"
fi
echo "open http://localhost:$port"
# Run from dashboard/ so Streamlit reads dashboard/.streamlit/config.toml.
cd "$here"
exec .venv/bin/streamlit run app.py --server.port "$port"
