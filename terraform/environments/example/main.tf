# A complete small deployment of crypto-stream in one project and one region. Walkthrough:
# docs/deploy-gcp.md. Apply in two steps: first everything but the producers and the Dataflow
# job (their images do not exist yet), then again with producers_image / template_gcs_path set.
data "google_project" "this" {
  project_id = var.project_id
}

locals {
  labels = { app = "crypto-stream", env = var.environment }
  prefix = "cs-${var.environment}"

  # The topics the pipeline reads and the producers write (defaults of both; checked against the
  # Java sources by terraform/tests/test_kafka_topics.py).
  kafka_topics = {
    "crypto.trades.v1"    = { partitions = var.trade_partitions, retention_hours = var.kafka_retention_hours }
    "prices.coingecko.v1" = { partitions = 1, retention_hours = var.kafka_retention_hours }
    "trades.producer.dlq" = { partitions = 1, retention_hours = var.kafka_retention_hours }
    "prices.producer.dlq" = { partitions = 1, retention_hours = var.kafka_retention_hours }
  }
}

module "services" {
  source     = "../../modules/services"
  project_id = var.project_id
  services = [
    "compute.googleapis.com",
    "iam.googleapis.com",
    "managedkafka.googleapis.com",
    "dataflow.googleapis.com",
    "bigquery.googleapis.com",
    "bigquerystorage.googleapis.com",
    "storage.googleapis.com",
    "artifactregistry.googleapis.com",
    "cloudbuild.googleapis.com",
    "secretmanager.googleapis.com",
    "run.googleapis.com",
    "composer.googleapis.com",
  ]
}

module "network" {
  source      = "../../modules/network"
  project_id  = var.project_id
  region      = var.region
  name        = local.prefix
  subnet_cidr = var.subnet_cidr
  depends_on  = [module.services]
}

module "kafka" {
  source        = "../../modules/kafka"
  project_id    = var.project_id
  region        = var.region
  cluster_id    = local.prefix
  subnetwork_id = module.network.subnetwork_id
  vcpu_count    = var.kafka_vcpus
  memory_gib    = var.kafka_memory_gib
  topics        = local.kafka_topics
  labels        = local.labels
}

module "storage" {
  source        = "../../modules/storage"
  project_id    = var.project_id
  location      = var.region
  name_prefix   = "${var.project_id}-${local.prefix}"
  force_destroy = var.allow_destroy_with_data
  labels        = local.labels
  buckets = {
    # Dataflow re-stages on every launch and reuses identical files; a running job's new workers
    # read them, so staged files live a year, far longer than any job between two updates.
    staging = { versioned = false, delete_after_days = 365 }
    # Short-lived files of running jobs.
    temp = { versioned = false, delete_after_days = 7 }
    # Template specs, one per immutable image tag; kept (small), versioned against overwrites.
    templates = { versioned = true }
  }
  depends_on = [module.services]
}

module "artifact_registry" {
  source        = "../../modules/artifact_registry"
  project_id    = var.project_id
  region        = var.region
  repository_id = "crypto-stream"
  labels        = local.labels
  depends_on    = [module.services]
}

module "bigquery" {
  source              = "../../modules/bigquery"
  project_id          = var.project_id
  location            = var.bigquery_location
  raw_dataset_id      = var.raw_dataset_id
  marts_dataset_id    = var.marts_dataset_id
  deletion_protection = !var.allow_destroy_with_data
  labels              = local.labels
  depends_on          = [module.services]
}

module "secrets" {
  source     = "../../modules/secrets"
  project_id = var.project_id
  region     = var.region
  secrets = {
    "coingecko-api-key" = "CoinGecko demo API key read by the poller (COINGECKO_API_KEY)"
  }
  labels     = local.labels
  depends_on = [module.services]
}

module "iam" {
  source          = "../../modules/iam"
  project_id      = var.project_id
  project_number  = data.google_project.this.number
  region          = var.region
  name_prefix     = local.prefix
  dataset_ids     = { raw = module.bigquery.raw_dataset_id, marts = module.bigquery.marts_dataset_id }
  bucket_names    = { staging = module.storage.names["staging"], temp = module.storage.names["temp"], templates = module.storage.names["templates"] }
  repository_name = module.artifact_registry.name
  secret_ids      = module.secrets.ids
}

module "producers" {
  source                      = "../../modules/producers"
  count                       = var.producers_image == null ? 0 : 1
  project_id                  = var.project_id
  region                      = var.region
  name_prefix                 = local.prefix
  image                       = var.producers_image
  bootstrap_servers           = module.kafka.bootstrap_servers
  live_venues                 = var.live_venues
  coingecko                   = var.coingecko
  coingecko_api_key_secret_id = module.secrets.ids["coingecko-api-key"]
  service_account_email       = module.iam.emails["producers"]
  network                     = module.network.network_id
  subnetwork                  = module.network.subnetwork_id
  labels                      = local.labels
  depends_on                  = [module.iam]
}

module "composer" {
  source                = "../../modules/composer"
  count                 = var.composer_enabled ? 1 : 0
  project_id            = var.project_id
  region                = var.region
  name                  = local.prefix
  image_version         = var.composer_image_version
  service_account_email = module.iam.emails["composer"]
  network               = module.network.network_id
  subnetwork            = module.network.subnetwork_id
  labels                = local.labels
  env_variables = {
    GCP_PROJECT    = var.project_id
    BQ_DATASET     = module.bigquery.marts_dataset_id
    BQ_RAW_DATASET = module.bigquery.raw_dataset_id
    BQ_LOCATION    = var.bigquery_location
  }
  depends_on = [module.iam]
}

module "dataflow_job" {
  source                = "../../modules/dataflow_job"
  count                 = var.template_gcs_path == null ? 0 : 1
  project_id            = var.project_id
  region                = var.region
  template_gcs_path     = var.template_gcs_path
  bootstrap_servers     = module.kafka.bootstrap_servers
  dataset_id            = module.bigquery.raw_dataset_id
  extra_parameters      = var.pipeline_parameters
  network               = module.network.network_name
  subnetwork            = module.network.subnetwork_self_link
  service_account_email = module.iam.emails["dataflow_worker"]
  staging_location      = "gs://${module.storage.names["staging"]}/staging"
  temp_location         = "gs://${module.storage.names["temp"]}/tmp"
  max_workers           = var.dataflow_max_workers
  labels                = local.labels
  depends_on            = [module.iam, module.kafka, module.bigquery]
}
