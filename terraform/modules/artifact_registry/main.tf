# Docker repository for the Flex Template launcher image and the producers image. Tags are
# immutable: build.sh derives them from the git commit, and a re-push of an existing tag fails
# instead of changing what a running job was launched from.
resource "google_artifact_registry_repository" "this" {
  #checkov:skip=CKV_GCP_84:Images hold no customer data (code only); Google-managed encryption is sufficient and avoids a KMS key per environment.
  project       = var.project_id
  location      = var.region
  repository_id = var.repository_id
  format        = "DOCKER"
  description   = "crypto-stream images: Flex Template launcher and producers"
  labels        = var.labels

  docker_config {
    immutable_tags = true
  }

  # Untagged layers left by failed or superseded builds go after a month; tagged images stay, so
  # any job can still be relaunched or rolled back to the image it ran.
  cleanup_policy_dry_run = false
  cleanup_policies {
    id     = "delete-untagged"
    action = "DELETE"
    condition {
      tag_state  = "UNTAGGED"
      older_than = "2592000s"
    }
  }
}
