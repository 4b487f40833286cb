# Secret containers only. Values never pass through Terraform (they would land in its state):
# add them with `gcloud secrets versions add SECRET --data-file=-` after apply. Readers are
# granted per secret in the iam module.
resource "google_secret_manager_secret" "this" {
  for_each = var.secrets

  project   = var.project_id
  secret_id = each.key
  labels    = var.labels

  annotations = {
    purpose = each.value
  }

  replication {
    user_managed {
      replicas {
        location = var.region
      }
    }
  }
}
