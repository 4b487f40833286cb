output "network_id" {
  description = "The VPC's id (projects/P/global/networks/NAME)."
  value       = google_compute_network.this.id
}

output "network_name" {
  description = "The VPC's name, as Dataflow's --network takes it."
  value       = google_compute_network.this.name
}

output "subnetwork_id" {
  description = "The subnet's id (projects/P/regions/R/subnetworks/NAME), as Managed Kafka's network config takes it."
  value       = google_compute_subnetwork.this.id
}

output "subnetwork_self_link" {
  description = "The subnet's full URL, as Dataflow's --subnetwork takes it."
  value       = google_compute_subnetwork.this.self_link
}
