# The Google APIs the deployment uses. Enabled, never disabled on destroy: other workloads in the
# project may depend on them, and disabling an API deletes its resources.
resource "google_project_service" "this" {
  for_each = toset(var.services)

  project            = var.project_id
  service            = each.value
  disable_on_destroy = false
}
