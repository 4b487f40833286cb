output "job_id" {
  description = "The running job's id (for gcloud dataflow jobs drain/cancel/show)."
  value       = google_dataflow_flex_template_job.this.job_id
}
