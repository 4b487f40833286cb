output "dag_gcs_prefix" {
  description = "gs:// folder Airflow loads DAGs from; deploy the dbt DAG there (dbt/composer/README.md)."
  value       = google_composer_environment.this.config[0].dag_gcs_prefix
}

output "airflow_uri" {
  description = "The Airflow web UI."
  value       = google_composer_environment.this.config[0].airflow_uri
}
