output "ids" {
  description = "Secret resource ids (projects/P/secrets/S) by secret id."
  value       = { for k, s in google_secret_manager_secret.this : k => s.id }
}
