output "enabled" {
  description = "The enabled API service names (depend on this to order resources after the APIs)."
  value       = [for s in google_project_service.this : s.service]
}
