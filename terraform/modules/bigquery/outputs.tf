output "raw_dataset_id" {
  description = "The raw dataset's id (template parameter bigQueryDataset)."
  value       = google_bigquery_dataset.this["raw"].dataset_id
}

output "marts_dataset_id" {
  description = "The marts dataset's id (dbt's BQ_DATASET)."
  value       = google_bigquery_dataset.this["marts"].dataset_id
}

output "table_ids" {
  description = "The pipeline's table ids by name."
  value       = { for k, t in google_bigquery_table.pipeline : k => t.id }
}
