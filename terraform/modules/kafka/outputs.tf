output "cluster_id" {
  description = "The cluster's id."
  value       = google_managed_kafka_cluster.this.cluster_id
}

output "bootstrap_servers" {
  description = "host:port of the cluster's bootstrap address (SASL_SSL, OAUTHBEARER), for the pipeline's bootstrapServers and the producers' --bootstrap-servers."
  value       = "bootstrap.${google_managed_kafka_cluster.this.cluster_id}.${var.region}.managedkafka.${var.project_id}.cloud.goog:9092"
}

output "topics" {
  description = "Topic names to partition counts."
  value       = { for name, t in google_managed_kafka_topic.this : name => t.partition_count }
}
