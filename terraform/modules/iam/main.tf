# One service account per workload and every role any of them holds, all in this file so the
# whole grant set reads (and is tested, terraform/tests/test_iam.py) in one place. No primitive
# roles; resource-level grants (a bucket, a dataset, a secret, the image repository) wherever the
# role does not need the project.
locals {
  accounts = {
    dataflow_worker = "Dataflow workers and Flex Template launcher of the trade pipeline"
    composer        = "Cloud Composer environment and the dbt runs it schedules"
    producers       = "Exchange connectors and CoinGecko poller publishing to Kafka"
  }

  # scope: project | dataset | bucket | repository | secret; target: the key within that scope.
  bindings = [
    # Run Dataflow work items, write job logs and metrics.
    { account = "dataflow_worker", scope = "project", target = "", role = "roles/dataflow.worker" },
    # Read the trade topics over SASL/OAUTHBEARER (the launcher's preflight too).
    { account = "dataflow_worker", scope = "project", target = "", role = "roles/managedkafka.client" },
    # Append rows through the Storage Write API to the pipeline's tables, nothing else.
    { account = "dataflow_worker", scope = "dataset", target = "raw", role = "roles/bigquery.dataEditor" },
    { account = "dataflow_worker", scope = "bucket", target = "staging", role = "roles/storage.objectAdmin" },
    { account = "dataflow_worker", scope = "bucket", target = "temp", role = "roles/storage.objectAdmin" },
    # The launcher VM reads the template spec and pulls the launcher image as this account.
    { account = "dataflow_worker", scope = "bucket", target = "templates", role = "roles/storage.objectViewer" },
    { account = "dataflow_worker", scope = "repository", target = "", role = "roles/artifactregistry.reader" },

    # The environment's own needs (its bucket, Airflow components).
    { account = "composer", scope = "project", target = "", role = "roles/composer.worker" },
    # dbt: query jobs, read the raw tables, build the marts.
    { account = "composer", scope = "project", target = "", role = "roles/bigquery.jobUser" },
    { account = "composer", scope = "dataset", target = "raw", role = "roles/bigquery.dataViewer" },
    { account = "composer", scope = "dataset", target = "marts", role = "roles/bigquery.dataEditor" },

    # Publish trades, price snapshots and producer dead letters.
    { account = "producers", scope = "project", target = "", role = "roles/managedkafka.client" },
    # The CoinGecko demo API key, as the poller's environment variable.
    { account = "producers", scope = "secret", target = "coingecko-api-key", role = "roles/secretmanager.secretAccessor" },
  ]

  by_scope = {
    for scope in ["project", "dataset", "bucket", "repository", "secret"] :
    scope => { for b in local.bindings : "${b.account}/${b.target}/${b.role}" => b if b.scope == scope }
  }
}

resource "google_service_account" "this" {
  for_each = local.accounts

  project      = var.project_id
  account_id   = "${var.name_prefix}-${replace(each.key, "_", "-")}"
  display_name = each.value
}

resource "google_project_iam_member" "this" {
  for_each = local.by_scope["project"]

  project = var.project_id
  role    = each.value.role
  member  = "serviceAccount:${google_service_account.this[each.value.account].email}"
}

resource "google_bigquery_dataset_iam_member" "this" {
  for_each = local.by_scope["dataset"]

  project    = var.project_id
  dataset_id = var.dataset_ids[each.value.target]
  role       = each.value.role
  member     = "serviceAccount:${google_service_account.this[each.value.account].email}"
}

resource "google_storage_bucket_iam_member" "this" {
  for_each = local.by_scope["bucket"]

  bucket = var.bucket_names[each.value.target]
  role   = each.value.role
  member = "serviceAccount:${google_service_account.this[each.value.account].email}"
}

resource "google_artifact_registry_repository_iam_member" "this" {
  for_each = local.by_scope["repository"]

  project    = var.project_id
  location   = var.region
  repository = var.repository_name
  role       = each.value.role
  member     = "serviceAccount:${google_service_account.this[each.value.account].email}"
}

resource "google_secret_manager_secret_iam_member" "this" {
  for_each = local.by_scope["secret"]

  project   = var.project_id
  secret_id = var.secret_ids[each.value.target]
  role      = each.value.role
  member    = "serviceAccount:${google_service_account.this[each.value.account].email}"
}

# Composer 3 with a user-managed service account: the Composer service agent must be able to act
# for that account (a grant ON the account, not a role OF it).
resource "google_service_account_iam_member" "composer_agent" {
  service_account_id = google_service_account.this["composer"].name
  role               = "roles/composer.ServiceAgentV2Ext"
  member             = "serviceAccount:service-${var.project_number}@cloudcomposer-accounts.iam.gserviceaccount.com"
}
