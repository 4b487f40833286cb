output "repository_id" {
  description = "The repository id (build.sh --repository)."
  value       = google_artifact_registry_repository.this.repository_id
}

output "name" {
  description = "The repository's resource name, for repository-level IAM."
  value       = google_artifact_registry_repository.this.name
}

output "docker_prefix" {
  description = "Image name prefix: REGION-docker.pkg.dev/PROJECT/REPOSITORY."
  value       = "${var.region}-docker.pkg.dev/${var.project_id}/${google_artifact_registry_repository.this.repository_id}"
}
