# A small Cloud Composer 3 environment that schedules dbt on BigQuery. The DAGs are not managed
# here: they are copied to the environment's DAG folder (output dag_gcs_prefix), see
# dbt/composer/README.md. Airflow runs as the composer service account (iam module), which is also
# dbt's BigQuery identity.
resource "google_composer_environment" "this" {
  project = var.project_id
  name    = var.name
  region  = var.region
  labels  = var.labels

  config {
    environment_size           = var.environment_size
    enable_private_environment = true

    software_config {
      image_version            = var.image_version
      airflow_config_overrides = { "core-dags_are_paused_at_creation" = "True" }
      env_variables            = var.env_variables
    }

    node_config {
      service_account = var.service_account_email
      network         = var.network
      subnetwork      = var.subnetwork
    }
  }
}
