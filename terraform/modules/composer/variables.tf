variable "project_id" {
  description = "Project of the environment."
  type        = string
}

variable "region" {
  description = "Region of the environment."
  type        = string
}

variable "name" {
  description = "Environment name (also used in its bucket's name)."
  type        = string

  validation {
    condition     = can(regex("^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$", var.name))
    error_message = "The name must start with a lowercase letter; lowercase letters, digits and dashes, at most 63."
  }
}

variable "image_version" {
  description = "Composer 3 image, composer-3-airflow-X.Y.Z[-build.N]; pin a build for reproducible environments."
  type        = string

  validation {
    condition     = can(regex("^composer-3-airflow-[0-9]+(\\.[0-9]+){0,2}(-build\\.[0-9]+)?$", var.image_version))
    error_message = "Only Composer 3 images (composer-3-airflow-...) are supported."
  }
}

variable "environment_size" {
  description = "ENVIRONMENT_SIZE_SMALL, _MEDIUM or _LARGE (scheduler, web server and database resources)."
  type        = string
  default     = "ENVIRONMENT_SIZE_SMALL"

  validation {
    condition     = contains(["ENVIRONMENT_SIZE_SMALL", "ENVIRONMENT_SIZE_MEDIUM", "ENVIRONMENT_SIZE_LARGE"], var.environment_size)
    error_message = "Use ENVIRONMENT_SIZE_SMALL, ENVIRONMENT_SIZE_MEDIUM or ENVIRONMENT_SIZE_LARGE."
  }
}

variable "service_account_email" {
  description = "The environment's service account (roles/composer.worker plus dbt's BigQuery roles)."
  type        = string
}

variable "network" {
  description = "VPC the Airflow workers attach to."
  type        = string
}

variable "subnetwork" {
  description = "Subnet the Airflow workers attach to."
  type        = string
}

variable "env_variables" {
  description = "Environment variables for Airflow and dbt (e.g. GCP_PROJECT, BQ_DATASET, BQ_RAW_DATASET, BQ_LOCATION); no secrets."
  type        = map(string)
  default     = {}
}

variable "labels" {
  description = "Labels for the environment."
  type        = map(string)
  default     = {}
}
