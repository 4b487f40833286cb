"""Cloud Composer (Airflow 3) DAG: the crypto_stream dbt project on BigQuery, every hour.

One Airflow task per dbt node (seed, snapshot, model; each model's tests run right after it),
rendered by astronomer-cosmos from the dbt manifest (LoadMode.DBT_MANIFEST, no dbt parse in the
scheduler), so the snapshot runs before the models that read it because the manifest says so.
After the project: `dbt source freshness`. dbt runs in a virtualenv per task
(ExecutionMode.VIRTUALENV) with the versions pinned in dbt/requirements.txt, so dbt's
dependencies never meet Airflow's. Settings come from environment variables (see README.md).
"""

import os
from datetime import datetime, timedelta
from pathlib import Path

from airflow.sdk import DAG
from cosmos import (
    DbtTaskGroup,
    ExecutionConfig,
    ExecutionMode,
    LoadMode,
    ProfileConfig,
    ProjectConfig,
    RenderConfig,
    TestBehavior,
)
from cosmos.operators.virtualenv import DbtSourceVirtualenvOperator

# The dbt project as uploaded next to this file: <dags>/crypto_stream_dbt/ (README.md).
PROJECT_DIR = Path(
    os.environ.get("CRYPTO_STREAM_DBT_PROJECT_DIR", Path(__file__).parent / "crypto_stream_dbt")
)
MANIFEST = Path(os.environ.get("CRYPTO_STREAM_DBT_MANIFEST", PROJECT_DIR / "target" / "manifest.json"))

SCHEDULE = "@hourly"
RETRIES = 2
RETRY_DELAY = timedelta(minutes=5)


def dbt_requirements() -> list[str]:
    """dbt packages for the task virtualenvs: the project's own pins (dbt/requirements.txt)."""
    pins = (PROJECT_DIR / "requirements.txt").read_text().splitlines()
    return [p for p in pins if p.startswith(("dbt-core==", "dbt-bigquery=="))]


def alert_on_failure(context) -> None:
    """Failure alert: one log line Cloud Logging can alert on (README), plus e-mail when configured."""
    ti = context["task_instance"]
    print(
        f"CRYPTO_STREAM_DBT_FAILURE dag={ti.dag_id} task={ti.task_id} run={context['run_id']} "
        f"try={ti.try_number}"
    )


ALERT_EMAILS = [e for e in os.environ.get("CRYPTO_STREAM_DBT_ALERT_EMAILS", "").split(",") if e]

default_args = {
    "owner": "crypto-stream",
    "retries": RETRIES,
    "retry_delay": RETRY_DELAY,
    "on_failure_callback": alert_on_failure,
    "email": ALERT_EMAILS,
    "email_on_failure": bool(ALERT_EMAILS),
    "email_on_retry": False,
}

profile_config = ProfileConfig(
    profile_name="crypto_stream",
    target_name="prod",
    profiles_yml_filepath=PROJECT_DIR / "profiles.yml",
)

execution_config = ExecutionConfig(execution_mode=ExecutionMode.VIRTUALENV)

operator_args = {
    "py_requirements": dbt_requirements(),
    "py_system_site_packages": False,
}

with DAG(
    dag_id="crypto_stream_dbt",
    description="dbt on BigQuery: snapshot, models and tests, then source freshness",
    schedule=SCHEDULE,
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args=default_args,
    tags=["crypto-stream", "dbt"],
) as dag:
    project = DbtTaskGroup(
        group_id="dbt_build",
        project_config=ProjectConfig(
            manifest_path=MANIFEST,
            project_name="crypto_stream",
            dbt_project_path=PROJECT_DIR,
            install_dbt_deps=False,
        ),
        profile_config=profile_config,
        execution_config=execution_config,
        render_config=RenderConfig(load_method=LoadMode.DBT_MANIFEST, test_behavior=TestBehavior.AFTER_EACH),
        operator_args=operator_args,
    )

    freshness = DbtSourceVirtualenvOperator(
        task_id="source_freshness",
        project_dir=PROJECT_DIR,
        profile_config=profile_config,
        **operator_args,
    )

    project >> freshness
