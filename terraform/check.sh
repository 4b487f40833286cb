#!/usr/bin/env bash
# Offline checks of terraform/ (part of `make test`). The Google provider cannot be downloaded
# here, so `terraform validate` and `plan` cannot run; what runs instead:
#   1. terraform fmt -check, where a terraform binary exists (skipped with a message otherwise);
#   2. checkov (pinned) over every module and the example environment: no failed check, and every
#      skip is an inline #checkov:skip with its reason at the resource;
#   3. pytest (tests/): tables vs the pipeline's schema files and table definitions, IAM roles,
#      variable/output documentation, Kafka topics and launch parameters vs the code.
# The virtualenvs (.venv for pytest + python-hcl2, .venv-checkov for checkov: both packages install
# a module named hcl2) are created from the pinned requirement files and rebuilt when those change.
set -euo pipefail
cd "$(dirname "$0")"

venv() { # DIR REQUIREMENTS
  local dir=$1 req=$2
  if ! cmp -s "$req" "$dir/.requirements"; then
    rm -rf "$dir"
    ../.ci/pip-install.sh "$dir" "$req"
    cp "$req" "$dir/.requirements"
  fi
}

venv .venv requirements-test.txt
venv .venv-checkov requirements-checkov.txt

if command -v terraform >/dev/null 2>&1; then
  echo "terraform fmt -check ($(TF_CLI_CONFIG_FILE=/dev/null terraform version | head -n 1))"
  TF_CLI_CONFIG_FILE=/dev/null terraform fmt -check -recursive -diff .
else
  echo "SKIPPED terraform fmt -check: no terraform binary on this machine (formatting not checked)"
fi

echo "checkov ($(grep -h "^checkov==" requirements-checkov.txt))"
# --skip-download: no calls to the vendor's platform (CI has no network); the built-in checks run.
.venv-checkov/bin/checkov --directory . --framework terraform --skip-download --quiet --compact \
  --skip-path '\.venv' --skip-path '\.terraform'

set +e
.venv/bin/pytest -q -p no:cacheprovider tests
rc=$?
set -e
if [[ $rc -eq 5 ]]; then
  echo "terraform/check.sh: pytest collected no tests (exit code 5), which is a failure here" >&2
  exit 1
fi
exit $rc
