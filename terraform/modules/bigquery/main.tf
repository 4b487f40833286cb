# The raw dataset the pipeline writes and the marts dataset dbt builds, and the pipeline's five
# tables. The tables are Terraform's (the launch passes bigQueryCreateTables=false), but their
# definition is the pipeline's: the columns come from the very schema files the pipeline loads
# (pipelines/src/main/resources/schemas/bigquery/<table>.json), and partitioning and clustering
# repeat OutputTables.java; terraform/tests/test_bigquery_tables.py fails when either drifts.
locals {
  schema_dir = "${path.module}/../../../pipelines/src/main/resources/schemas/bigquery"

  # table => DAY partition column and clustering, as in OutputTables.java.
  pipeline_tables = {
    raw_trades      = { partition_field = "trade_time", clustering = ["exchange", "symbol"] }
    candles_1m      = { partition_field = "window_start", clustering = ["exchange", "symbol"] }
    price_alerts    = { partition_field = "to_time", clustering = ["exchange", "symbol"] }
    dead_letters    = { partition_field = "failed_at", clustering = ["reason_code"] }
    price_snapshots = { partition_field = "last_updated_at", clustering = ["coin_id", "vs_currency"] }
  }
}

resource "google_bigquery_dataset" "this" {
  #checkov:skip=CKV_GCP_81:Google-managed encryption; a CMEK key is an organisation decision this example leaves to the deployer (add default_encryption_configuration).
  for_each = {
    raw   = { id = var.raw_dataset_id, description = "crypto-stream: tables written by the streaming pipeline (raw trades, candles, alerts, snapshots, dead letters)." }
    marts = { id = var.marts_dataset_id, description = "crypto-stream: dbt staging, intermediate and mart models built from the raw dataset." }
  }

  project     = var.project_id
  dataset_id  = each.value.id
  location    = var.location
  description = each.value.description
  labels      = var.labels
}

resource "google_bigquery_table" "pipeline" {
  #checkov:skip=CKV_GCP_80:Tables inherit the dataset's Google-managed encryption (see the dataset's skip).
  #checkov:skip=CKV_GCP_121:deletion_protection is var.deletion_protection, true by default; the example turns it off only when the deployer sets allow_destroy_with_data to tear down.
  for_each = local.pipeline_tables

  project             = var.project_id
  dataset_id          = google_bigquery_dataset.this["raw"].dataset_id
  table_id            = each.key
  schema              = file("${local.schema_dir}/${each.key}.json")
  clustering          = each.value.clustering
  deletion_protection = var.deletion_protection
  labels              = var.labels

  time_partitioning {
    type  = "DAY"
    field = each.value.partition_field
  }
}
