# The pipeline's buckets: Dataflow staging (the jar and its dependencies), Dataflow temp, and Flex
# Template specs. Uniform bucket-level access and enforced public access prevention on all of them;
# access is granted per bucket in the iam module, never through ACLs.
resource "google_storage_bucket" "this" {
  #checkov:skip=CKV_GCP_62:Access logs of staging/temp/template objects add cost without a reader; Cloud Audit Logs record who changed what.
  #checkov:skip=CKV_GCP_78:Versioning is per bucket (each.value.versioned): on for templates; off for staging and temp, whose machine-written files are replaced or expire, so versions would only keep garbage.
  for_each = var.buckets

  project                     = var.project_id
  name                        = "${var.name_prefix}-${each.key}"
  location                    = var.location
  storage_class               = "STANDARD"
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = var.force_destroy
  labels                      = merge(var.labels, { purpose = each.key })

  versioning {
    enabled = each.value.versioned
  }

  dynamic "lifecycle_rule" {
    for_each = each.value.delete_after_days == null ? [] : [each.value.delete_after_days]
    content {
      condition {
        age = lifecycle_rule.value
      }
      action {
        type = "Delete"
      }
    }
  }

  # Old versions of overwritten objects (versioned buckets only).
  dynamic "lifecycle_rule" {
    for_each = each.value.versioned ? [1] : []
    content {
      condition {
        num_newer_versions = 3
        with_state         = "ARCHIVED"
      }
      action {
        type = "Delete"
      }
    }
  }

  lifecycle_rule {
    condition {
      age = 1
    }
    action {
      type = "AbortIncompleteMultipartUpload"
    }
  }
}
