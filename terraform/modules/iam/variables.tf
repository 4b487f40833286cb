variable "project_id" {
  description = "Project of the service accounts and project-level grants."
  type        = string
}

variable "project_number" {
  description = "Project number, to name the Composer service agent."
  type        = string

  validation {
    condition     = can(regex("^[0-9]+$", var.project_number))
    error_message = "The project number is digits only."
  }
}

variable "region" {
  description = "Region of the Artifact Registry repository."
  type        = string
}

variable "name_prefix" {
  description = "Prefix of the service account ids (account id = PREFIX-workload, at most 30 characters)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][-a-z0-9]{1,13}$", var.name_prefix))
    error_message = "The prefix must be 2-14 lowercase letters, digits or dashes, starting with a letter."
  }
}

variable "dataset_ids" {
  description = "BigQuery dataset ids by role in the deployment: raw and marts."
  type        = object({ raw = string, marts = string })
}

variable "bucket_names" {
  description = "Bucket names by key: staging, temp and templates."
  type        = object({ staging = string, temp = string, templates = string })
}

variable "repository_name" {
  description = "Artifact Registry repository name (projects/P/locations/R/repositories/ID or the id)."
  type        = string
}

variable "secret_ids" {
  description = "Secret Manager secret resource ids by secret id; must include coingecko-api-key."
  type        = map(string)

  validation {
    condition     = contains(keys(var.secret_ids), "coingecko-api-key")
    error_message = "The producers read the coingecko-api-key secret."
  }
}
