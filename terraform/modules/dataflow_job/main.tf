# Optional: the streaming job itself, from the Flex Template build.sh wrote. Same parameters and
# environment as templates/trade-pipeline/launch.sh (terraform/tests/test_dataflow_job.py keeps
# the two in step). Destroying it drains (on_delete), so buffered windows are written out first.
# For a changed template or parameters prefer launch.sh --update: it is explicit about the update
# and the transform name mapping; the provider's own update path is not exercised here.
terraform {
  required_providers {
    google-beta = {
      source = "hashicorp/google-beta"
    }
  }
}

locals {
  template_parameters = [for p in jsondecode(file("${path.module}/../../../templates/trade-pipeline/metadata.json")).parameters : p.name]

  parameters = merge(
    {
      sink                  = "bigquery"
      kafkaSecurityProtocol = "SASL_SSL"
      kafkaSaslMechanism    = "OAUTHBEARER"
      bigQueryCreateTables  = "false"
      inputTopics           = "crypto.trades.v1"
      priceTopics           = "prices.coingecko.v1"
      bootstrapServers      = var.bootstrap_servers
      bigQueryDataset       = var.dataset_id
    },
    var.extra_parameters,
  )
}

resource "google_dataflow_flex_template_job" "this" {
  provider = google-beta

  project                 = var.project_id
  region                  = var.region
  name                    = var.job_name
  container_spec_gcs_path = var.template_gcs_path
  parameters              = local.parameters
  transform_name_mapping  = var.transform_name_mapping
  on_delete               = "drain"

  network                 = var.network
  subnetwork              = var.subnetwork
  service_account_email   = var.service_account_email
  staging_location        = var.staging_location
  temp_location           = var.temp_location
  ip_configuration        = "WORKER_IP_PRIVATE"
  enable_streaming_engine = true
  additional_experiments  = ["use_runner_v2"]
  max_workers             = var.max_workers
  machine_type            = var.machine_type
  labels                  = var.labels

  lifecycle {
    precondition {
      condition     = length(setsubtract(keys(local.parameters), local.template_parameters)) == 0
      error_message = "Every parameter must be one of templates/trade-pipeline/metadata.json: ${join(", ", setsubtract(keys(local.parameters), local.template_parameters))}"
    }
  }
}
