# Google Cloud Managed Service for Apache Kafka: the cluster gets private endpoints in the given
# subnet (bootstrap at bootstrap.<cluster>.<region>.managedkafka.<project>.cloud.goog:9092); clients
# authenticate with SASL_SSL / OAUTHBEARER as their service account, authorised by
# roles/managedkafka.client (granted in the iam module).
resource "google_managed_kafka_cluster" "this" {
  project    = var.project_id
  cluster_id = var.cluster_id
  location   = var.region

  capacity_config {
    vcpu_count   = var.vcpu_count
    memory_bytes = var.memory_gib * 1024 * 1024 * 1024
  }

  gcp_config {
    access_config {
      network_configs {
        subnet = var.subnetwork_id
      }
    }
  }

  rebalance_config {
    mode = "AUTO_REBALANCE_ON_SCALE_UP"
  }

  labels = var.labels
}

resource "google_managed_kafka_topic" "this" {
  for_each = var.topics

  project            = var.project_id
  cluster            = google_managed_kafka_cluster.this.cluster_id
  location           = var.region
  topic_id           = each.key
  partition_count    = each.value.partitions
  replication_factor = 3
  configs = {
    "retention.ms"   = tostring(each.value.retention_hours * 3600 * 1000)
    "cleanup.policy" = "delete"
  }
}
