variable "project_id" {
  description = "Project of the job."
  type        = string
}

variable "region" {
  description = "Dataflow region (the subnet's region)."
  type        = string
}

variable "job_name" {
  description = "Job name; an update in place keeps the name."
  type        = string
  default     = "crypto-trade-pipeline"

  validation {
    condition     = can(regex("^[a-z]([-a-z0-9]*[a-z0-9])?$", var.job_name))
    error_message = "Dataflow job names are lowercase letters, digits and dashes, starting with a letter."
  }
}

variable "template_gcs_path" {
  description = "gs:// path of the template spec written by build.sh (crypto-trade-pipeline-TAG.json)."
  type        = string

  validation {
    condition     = can(regex("^gs://.+/crypto-trade-pipeline-[A-Za-z0-9_.-]+\\.json$", var.template_gcs_path))
    error_message = "Use the tagged spec build.sh writes, gs://BUCKET/templates/crypto-trade-pipeline-TAG.json."
  }
}

variable "bootstrap_servers" {
  description = "Kafka bootstrap host:port."
  type        = string
}

variable "dataset_id" {
  description = "BigQuery dataset the pipeline writes."
  type        = string
}

variable "extra_parameters" {
  description = "Further template parameters (names from templates/trade-pipeline/metadata.json), e.g. { knownExchanges = \"binance,kraken\" }; they override the defaults."
  type        = map(string)
  default     = {}
}

variable "transform_name_mapping" {
  description = "For an update that renames transforms: old name to new name."
  type        = map(string)
  default     = {}
}

variable "network" {
  description = "VPC of the launcher and workers."
  type        = string
}

variable "subnetwork" {
  description = "Subnet self link of the launcher and workers (holds the Kafka endpoints)."
  type        = string
}

variable "service_account_email" {
  description = "Worker (and launcher) service account."
  type        = string
}

variable "staging_location" {
  description = "gs:// path for staged files."
  type        = string

  validation {
    condition     = startswith(var.staging_location, "gs://")
    error_message = "The staging location is a gs:// path."
  }
}

variable "temp_location" {
  description = "gs:// path for temporary files."
  type        = string

  validation {
    condition     = startswith(var.temp_location, "gs://")
    error_message = "The temp location is a gs:// path."
  }
}

variable "max_workers" {
  description = "Autoscaling ceiling."
  type        = number
  default     = 3

  validation {
    condition     = var.max_workers >= 1 && var.max_workers <= 1000
    error_message = "max_workers is between 1 and 1000."
  }
}

variable "machine_type" {
  description = "Worker machine type."
  type        = string
  default     = "n2-standard-2"
}

variable "labels" {
  description = "Labels for the job."
  type        = map(string)
  default     = {}
}
