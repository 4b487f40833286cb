"""Every service account holds exactly its intended, minimal roles; no primitive role anywhere;
no grant outside modules/iam."""

import re

from hcl import TERRAFORM, load, locals_of, parse, resources, tf_files

IAM = TERRAFORM / "modules" / "iam"
PRIMITIVE = re.compile(r"roles/(owner|editor|viewer)\b")

# (account, scope, target, role): the reviewed grant set. A change to the grants must change this.
INTENDED = {
    ("dataflow_worker", "project", "", "roles/dataflow.worker"),
    ("dataflow_worker", "project", "", "roles/managedkafka.client"),
    ("dataflow_worker", "dataset", "raw", "roles/bigquery.dataEditor"),
    ("dataflow_worker", "bucket", "staging", "roles/storage.objectAdmin"),
    ("dataflow_worker", "bucket", "temp", "roles/storage.objectAdmin"),
    ("dataflow_worker", "bucket", "templates", "roles/storage.objectViewer"),
    ("dataflow_worker", "repository", "", "roles/artifactregistry.reader"),
    ("composer", "project", "", "roles/composer.worker"),
    ("composer", "project", "", "roles/bigquery.jobUser"),
    ("composer", "dataset", "raw", "roles/bigquery.dataViewer"),
    ("composer", "dataset", "marts", "roles/bigquery.dataEditor"),
    ("producers", "project", "", "roles/managedkafka.client"),
    ("producers", "secret", "coingecko-api-key", "roles/secretmanager.secretAccessor"),
}

# Which resource type carries each scope's grants, and the for_each it must use.
SCOPE_RESOURCES = {
    "project": "google_project_iam_member",
    "dataset": "google_bigquery_dataset_iam_member",
    "bucket": "google_storage_bucket_iam_member",
    "repository": "google_artifact_registry_repository_iam_member",
    "secret": "google_secret_manager_secret_iam_member",
}


def declared_bindings(iam_locals: dict) -> set[tuple[str, str, str, str]]:
    return {(b["account"], b["scope"], b["target"], b["role"]) for b in iam_locals["bindings"]}


def primitive_roles(text: str) -> list[str]:
    return [m.group(0) for m in PRIMITIVE.finditer(text)]


def test_every_account_has_exactly_its_intended_roles():
    iam_locals = locals_of(IAM)
    assert set(iam_locals["accounts"]) == {"dataflow_worker", "composer", "producers"}
    declared = declared_bindings(iam_locals)
    assert len(declared) == len(iam_locals["bindings"]), "a binding is listed twice"
    assert declared == INTENDED, {"extra": declared - INTENDED, "missing": INTENDED - declared}


def test_each_scope_is_granted_by_one_resource_over_its_bindings():
    found = {}
    for rtype, _name, body in resources(load(IAM / "main.tf")):
        if rtype in SCOPE_RESOURCES.values():
            found[rtype] = body
    for scope, rtype in SCOPE_RESOURCES.items():
        assert found[rtype]["for_each"] == f'${{local.by_scope["{scope}"]}}', rtype
        assert found[rtype]["role"] == "${each.value.role}"
        assert (
            found[rtype]["member"]
            == "serviceAccount:${google_service_account.this[each.value.account].email}"
        )
    assert {b[1] for b in INTENDED} <= set(SCOPE_RESOURCES), "a binding's scope has no resource"


def test_the_only_grant_on_an_account_is_the_composer_agent():
    grants = [
        (t, n, b) for t, n, b in resources(load(IAM / "main.tf")) if t == "google_service_account_iam_member"
    ]
    assert len(grants) == 1
    _, name, body = grants[0]
    assert name == "composer_agent"
    assert body["role"] == "roles/composer.ServiceAgentV2Ext"
    assert body["service_account_id"] == '${google_service_account.this["composer"].name}'


def test_no_primitive_role_anywhere():
    offenders = {
        str(f.relative_to(TERRAFORM)): primitive_roles(f.read_text(encoding="utf-8")) for f in tf_files()
    }
    assert {f: r for f, r in offenders.items() if r} == {}


def test_no_iam_resource_outside_the_iam_module():
    outside = [
        f"{f.relative_to(TERRAFORM)}: {rtype}.{name}"
        for f in tf_files()
        if IAM not in f.parents
        for rtype, name, _ in resources(load(f))
        if "_iam_" in rtype
    ]
    assert outside == []


def test_checks_catch_a_primitive_role_and_an_extra_grant():
    assert primitive_roles(
        'role = "roles/editor"\nrole = "roles/viewerx"\nrole = "roles/bigquery.dataViewer"'
    ) == ["roles/editor"]
    tree = parse(
        "locals {\n  bindings = [\n"
        '    { account = "producers", scope = "project", target = "", role = "roles/managedkafka.client" },\n'
        '    { account = "producers", scope = "project", target = "", role = "roles/bigquery.admin" },\n'
        "  ]\n}\n"
    )
    declared = declared_bindings(tree["locals"][0])
    assert declared - INTENDED == {("producers", "project", "", "roles/bigquery.admin")}
