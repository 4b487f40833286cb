"""The Composer DAG against the real pinned Airflow and Cosmos (dbt/composer/requirements.txt).

Run by `make test` after `dbt parse --target prod` wrote dbt/target/manifest.json; the DAG reads
that manifest (CRYPTO_STREAM_DBT_MANIFEST) and the dbt project in place (no connections exist).
"""

import json
import os
import pathlib
import unittest

DBT_DIR = pathlib.Path(__file__).resolve().parents[2]
DAGS = DBT_DIR / "composer" / "dags"
MANIFEST = DBT_DIR / "target" / "manifest.json"
os.environ["CRYPTO_STREAM_DBT_PROJECT_DIR"] = str(DBT_DIR)
os.environ["CRYPTO_STREAM_DBT_MANIFEST"] = str(MANIFEST)

from airflow.models import DagBag  # noqa: E402

VERBS = {"model": "run", "seed": "seed", "snapshot": "snapshot"}


def candidate_task_ids(node: dict) -> list[str]:
    """Cosmos names a node with tests <group>.<name>.<verb> (its tests <group>.<name>.test),
    else <group>.<name>_<verb>."""
    verb = VERBS[node["resource_type"]]
    return [f"dbt_build.{node['name']}.{verb}", f"dbt_build.{node['name']}_{verb}"]


class ComposerDagTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.bag = DagBag(dag_folder=str(DAGS), include_examples=False)
        cls.dag = cls.bag.dags.get("crypto_stream_dbt")  # get_dag() would query the metadata DB
        cls.manifest = json.loads(MANIFEST.read_text())

    def test_imports_without_errors_or_connections(self):
        self.assertEqual({}, self.bag.import_errors)
        self.assertIsNotNone(self.dag)

    def test_one_task_per_model_with_the_manifest_dependencies(self):
        nodes = {
            k: v
            for k, v in self.manifest["nodes"].items()
            if v["resource_type"] in ("model", "seed", "snapshot") and v["package_name"] == "crypto_stream"
        }
        task_ids = set(self.dag.task_ids)
        models = [n for n in nodes.values() if n["resource_type"] == "model"]
        self.assertGreater(len(models), 10)
        task_of = {}
        for unique_id, node in nodes.items():
            found = [t for t in candidate_task_ids(node) if t in task_ids]
            self.assertEqual(1, len(found), f"{unique_id}: {found}")
            task_of[unique_id] = found[0]
        run_tasks = {t for t in task_ids if t.endswith((".run", "_run"))}
        self.assertEqual(len(models), len(run_tasks), "one run task per model, no more")
        for node in models:
            upstream = set(self.dag.get_task(task_of[node["unique_id"]]).upstream_task_ids)
            for parent in node["depends_on"]["nodes"]:
                if parent in nodes:
                    # With tests after each node, a model waits for its parent's tests
                    # (which wait for the parent).
                    parent_task = task_of[parent]
                    parent_test = parent_task.rsplit(".", 1)[0] + ".test"
                    self.assertTrue(
                        parent_task in upstream or parent_test in upstream,
                        f"{node['name']} does not wait for {parent}",
                    )

    def test_snapshot_before_the_models_that_read_it_and_freshness_last(self):
        dim = self.dag.get_task("dbt_build.dim_symbols.run")
        self.assertIn("dbt_build.snp_symbols_snapshot", dim.upstream_task_ids)
        freshness = self.dag.get_task("source_freshness")
        self.assertTrue(freshness.upstream_task_ids)
        self.assertFalse(freshness.downstream_task_ids)

    def test_schedule_retries_and_alerts_are_the_documented_ones(self):
        readme = (DBT_DIR / "composer" / "README.md").read_text()
        self.assertEqual(
            "@hourly",
            self.dag.schedule if isinstance(self.dag.schedule, str) else str(self.dag.timetable.summary),
        )
        self.assertIn("`@hourly`", readme)
        for task in self.dag.tasks:
            self.assertEqual(2, task.retries, task.task_id)
            self.assertEqual(300, task.retry_delay.total_seconds(), task.task_id)
            self.assertTrue(task.on_failure_callback, task.task_id)
        self.assertIn("2 retries, 5 minutes apart", readme)


if __name__ == "__main__":
    unittest.main()
