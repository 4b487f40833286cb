variable "project_id" {
  description = "GCP project to deploy into (billing enabled)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][-a-z0-9]{4,28}[a-z0-9]$", var.project_id))
    error_message = "A project id is 6-30 lowercase letters, digits or dashes, starting with a letter."
  }
}

variable "region" {
  description = "Region of every regional resource: Kafka, Dataflow, Composer, buckets, registry, producers."
  type        = string
  default     = "europe-west1"

  validation {
    condition     = can(regex("^[a-z]+-[a-z]+[0-9]+$", var.region))
    error_message = "Use a region name such as europe-west1."
  }
}

variable "environment" {
  description = "Short environment name, part of every resource name (cs-ENV-...)."
  type        = string
  default     = "prod"

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{0,9}$", var.environment))
    error_message = "1-10 lowercase letters or digits, starting with a letter."
  }
}

variable "subnet_cidr" {
  description = "Primary range of the deployment's subnet."
  type        = string
  default     = "10.20.0.0/20"

  validation {
    condition     = can(cidrhost(var.subnet_cidr, 0))
    error_message = "Must be an IPv4 CIDR block."
  }
}

variable "kafka_vcpus" {
  description = "Managed Kafka cluster vCPUs (3 is the minimum: one broker per zone)."
  type        = number
  default     = 3

  validation {
    condition     = var.kafka_vcpus >= 3
    error_message = "Managed Kafka needs at least 3 vCPUs."
  }
}

variable "kafka_memory_gib" {
  description = "Managed Kafka cluster memory in GiB (1-8 GiB per vCPU)."
  type        = number
  default     = 6

  validation {
    condition     = var.kafka_memory_gib >= 3
    error_message = "Managed Kafka needs at least 3 GiB."
  }
}

variable "trade_partitions" {
  description = "Partitions of crypto.trades.v1 (the pipeline's read parallelism; the project's default is 6)."
  type        = number
  default     = 6

  validation {
    condition     = var.trade_partitions >= 1 && var.trade_partitions <= 1000
    error_message = "Between 1 and 1000 partitions."
  }
}

variable "kafka_retention_hours" {
  description = "How long every topic keeps records; at least the pipeline's maxTradeAge (7 days) lets a stopped job catch up."
  type        = number
  default     = 168

  validation {
    condition     = var.kafka_retention_hours >= 24
    error_message = "Keep at least a day so a restart can catch up."
  }
}

variable "bigquery_location" {
  description = "BigQuery location of both datasets; a region next to Dataflow keeps writes local."
  type        = string
  default     = "europe-west1"
}

variable "raw_dataset_id" {
  description = "Dataset the pipeline writes (template parameter bigQueryDataset)."
  type        = string
  default     = "crypto_raw"

  validation {
    condition     = can(regex("^[A-Za-z0-9_]+$", var.raw_dataset_id))
    error_message = "Letters, digits and underscores."
  }
}

variable "marts_dataset_id" {
  description = "Dataset dbt builds into."
  type        = string
  default     = "crypto_marts"

  validation {
    condition     = can(regex("^[A-Za-z0-9_]+$", var.marts_dataset_id))
    error_message = "Letters, digits and underscores."
  }
}

variable "allow_destroy_with_data" {
  description = "true lets terraform destroy delete non-empty buckets and the pipeline's tables (set it, apply, then destroy)."
  type        = bool
  default     = false
}

variable "producers_image" {
  description = "Producers image with an immutable tag (null: no producers yet; set after building it, docs/deploy-gcp.md)."
  type        = string
  default     = null
}

variable "live_venues" {
  description = "Live connectors to run: venue to canonical symbols."
  type        = map(list(string))
  default = {
    binance = ["BTC-USDT", "ETH-USDT"]
    kraken  = ["BTC-USD", "ETH-USD"]
  }
}

variable "coingecko" {
  description = "CoinGecko poller settings (null: no poller)."
  type = object({
    coins    = list(string)
    vs       = list(string)
    interval = string
  })
  default = {
    coins    = ["bitcoin", "ethereum"]
    vs       = ["usd"]
    interval = "PT20S"
  }
}

variable "composer_enabled" {
  description = "Create the Cloud Composer 3 environment that schedules dbt."
  type        = bool
  default     = true
}

variable "composer_image_version" {
  description = "Composer 3 image (Airflow version); pin a -build.N for reproducible environments."
  type        = string
  default     = "composer-3-airflow-3.1.7"

  validation {
    condition     = startswith(var.composer_image_version, "composer-3-airflow-")
    error_message = "Only Composer 3 images are supported."
  }
}

variable "template_gcs_path" {
  description = "Template spec written by build.sh (gs://.../crypto-trade-pipeline-TAG.json); null: Terraform starts no job (launch.sh can)."
  type        = string
  default     = null
}

variable "pipeline_parameters" {
  description = "Extra template parameters for the Terraform-managed job, e.g. { knownExchanges = \"binance,kraken\" }."
  type        = map(string)
  default     = {}
}

variable "dataflow_max_workers" {
  description = "Autoscaling ceiling of the Terraform-managed job."
  type        = number
  default     = 3

  validation {
    condition     = var.dataflow_max_workers >= 1
    error_message = "At least one worker."
  }
}
