output "kafka_bootstrap_servers" {
  description = "Managed Kafka bootstrap address (launch.sh --bootstrap-servers; SASL_SSL with OAUTHBEARER)."
  value       = module.kafka.bootstrap_servers
}

output "kafka_topics" {
  description = "Topics and their partition counts."
  value       = module.kafka.topics
}

output "network" {
  description = "VPC name (launch.sh --network)."
  value       = module.network.network_name
}

output "subnetwork" {
  description = "Subnet self link (launch.sh --subnetwork)."
  value       = module.network.subnetwork_self_link
}

output "dataflow_service_account" {
  description = "Worker and launcher service account (launch.sh --service-account)."
  value       = module.iam.emails["dataflow_worker"]
}

output "service_accounts" {
  description = "Every workload's service account e-mail."
  value       = module.iam.emails
}

output "staging_location" {
  description = "Dataflow staging path (launch.sh --staging-location)."
  value       = "gs://${module.storage.names["staging"]}/staging"
}

output "temp_location" {
  description = "Dataflow temp path (launch.sh --temp-location)."
  value       = "gs://${module.storage.names["temp"]}/tmp"
}

output "templates_bucket" {
  description = "Bucket of the template specs (build.sh --bucket)."
  value       = module.storage.names["templates"]
}

output "artifact_repository" {
  description = "Artifact Registry repository id (build.sh --repository)."
  value       = module.artifact_registry.repository_id
}

output "image_prefix" {
  description = "REGION-docker.pkg.dev/PROJECT/REPOSITORY, the prefix of both images."
  value       = module.artifact_registry.docker_prefix
}

output "raw_dataset" {
  description = "Dataset the pipeline writes (launch.sh --dataset)."
  value       = module.bigquery.raw_dataset_id
}

output "marts_dataset" {
  description = "Dataset dbt builds into."
  value       = module.bigquery.marts_dataset_id
}

output "coingecko_secret" {
  description = "Secret to add the CoinGecko demo API key to (gcloud secrets versions add)."
  value       = module.secrets.ids["coingecko-api-key"]
}

output "composer_dag_gcs_prefix" {
  description = "Where the dbt DAG goes (dbt/composer/README.md); null without Composer."
  value       = try(module.composer[0].dag_gcs_prefix, null)
}

output "composer_airflow_uri" {
  description = "Airflow UI; null without Composer."
  value       = try(module.composer[0].airflow_uri, null)
}

output "producers" {
  description = "Producer worker pools; empty until producers_image is set."
  value       = try(module.producers[0].worker_pools, {})
}

output "dataflow_job_id" {
  description = "Job started by Terraform; null when template_gcs_path is unset (launch.sh starts it instead)."
  value       = try(module.dataflow_job[0].job_id, null)
}
