# One entry point for people and CI. `make run` runs the local job; `make test` runs every test.
SHELL := /bin/bash
# The project version, read from the parent pom (its first <version>) so it is written only once.
VERSION := $(shell sed -n 's:.*<version>\(.*\)</version>.*:\1:p;T;q' pom.xml)
MVN := mvn -B -q
PIPELINE_JAR := pipelines/target/pipelines-$(VERSION)-bundled.jar
PLATFORM_JAR := platform/target/platform-$(VERSION)-bundled.jar
DBT_VENV := dbt/.venv
COMPOSER_VENV := dbt/composer/.venv
LINT_VENV := .local-run/lint-venv
SHELL_SCRIPTS = $(shell find . -name "*.sh" -not -path "*/.venv*/*" -not -path "*/target/*" -not -path "./.local-run/*") .ci/run
JAVA_SOURCES := $(shell find contracts/src pipelines/src producers/src platform/src -type f 2>/dev/null) \
                pom.xml contracts/pom.xml pipelines/pom.xml producers/pom.xml platform/pom.xml
ARGS ?=

.PHONY: run test lint setup jars dbt-venv composer-venv clean

## run: the main job on embedded defaults (Kafka, DirectRunner, Parquet lake, dbt on DuckDB)
run: jars dbt-venv
	java -Xmx2g -Drepo.root=$(CURDIR) -jar $(PLATFORM_JAR) $(ARGS)

## test: every test (Java unit + integration incl. the end-to-end runs, dbt parse for prod, SQL lint,
## the batch-layer check, the BigQuery partition-filter check, the Composer DAG)
test: lint dbt-venv composer-venv
	mvn -B -ntp install
	cd dbt && DBT_SEND_ANONYMOUS_USAGE_STATS=false .venv/bin/dbt parse --profiles-dir . --target prod --no-partial-parse
	cd dbt && AIRFLOW_HOME=$(CURDIR)/.local-run/airflow-home composer/.venv/bin/python -m unittest composer/tests/test_dag.py
	cd dbt && DBT_SEND_ANONYMOUS_USAGE_STATS=false .venv/bin/python scripts/check_batch_layer.py
	cd dbt && DBT_SEND_ANONYMOUS_USAGE_STATS=false .venv/bin/python scripts/check_partition_filters.py
	mkdir -p .local-run
	cd dbt && LAKE_PATH=$(CURDIR)/.local-run/lint-lake DUCKDB_PATH=$(CURDIR)/.local-run/lint.duckdb \
	  DBT_SEND_ANONYMOUS_USAGE_STATS=false .venv/bin/sqlfluff lint models tests/singular
	terraform/check.sh
	dashboard/test.sh
	bench/fault-injection.sh --records 80000 --kills 1 --trade-rate 250 --target flink

## lint: Python (ruff format + check, ruff.toml) and shell (shellcheck, .shellcheckrc); Java is checked
## by spotless:check inside the Maven build (mvn spotless:apply formats)
lint: $(LINT_VENV)/.installed
	$(LINT_VENV)/bin/ruff format --check .
	$(LINT_VENV)/bin/ruff check .
	$(LINT_VENV)/bin/shellcheck $(SHELL_SCRIPTS)

$(LINT_VENV)/.installed: .ci/requirements-lint.txt
	.ci/pip-install.sh $(LINT_VENV) .ci/requirements-lint.txt
	touch $@

setup: jars dbt-venv

jars: $(PIPELINE_JAR) $(PLATFORM_JAR)

$(PIPELINE_JAR) $(PLATFORM_JAR) &: $(JAVA_SOURCES)
	$(MVN) install -DskipTests -Dspotless.check.skip=true

dbt-venv: $(DBT_VENV)/.installed

$(DBT_VENV)/.installed: dbt/requirements.txt
	.ci/pip-install.sh $(DBT_VENV) dbt/requirements.txt
	touch $@

composer-venv: $(COMPOSER_VENV)/.installed

$(COMPOSER_VENV)/.installed: dbt/composer/requirements.txt
	.ci/pip-install.sh $(COMPOSER_VENV) dbt/composer/requirements.txt
	touch $@

clean:
	$(MVN) clean
	rm -rf .local-run $(DBT_VENV) $(COMPOSER_VENV) dbt/target dbt/logs
