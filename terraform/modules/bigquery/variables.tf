variable "project_id" {
  description = "Project of the datasets."
  type        = string
}

variable "location" {
  description = "BigQuery location of both datasets (a region such as europe-west1, or US / EU); dbt's BQ_LOCATION must match."
  type        = string
}

variable "raw_dataset_id" {
  description = "Dataset the pipeline writes (the template's bigQueryDataset; dbt's BQ_RAW_DATASET)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_]{1,1024}$", var.raw_dataset_id))
    error_message = "Dataset ids are letters, digits and underscores."
  }
}

variable "marts_dataset_id" {
  description = "Dataset dbt builds into (dbt's BQ_DATASET)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_]{1,1024}$", var.marts_dataset_id))
    error_message = "Dataset ids are letters, digits and underscores."
  }
}

variable "deletion_protection" {
  description = "Refuse to destroy the pipeline's tables (set false only to tear an environment down)."
  type        = bool
  default     = true
}

variable "labels" {
  description = "Labels for datasets and tables."
  type        = map(string)
  default     = {}
}
