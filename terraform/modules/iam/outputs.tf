output "emails" {
  description = "Service account e-mails by workload: dataflow_worker, composer, producers."
  value       = { for k, sa in google_service_account.this : k => sa.email }
}
