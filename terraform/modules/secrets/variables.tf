variable "project_id" {
  description = "Project of the secrets."
  type        = string
}

variable "region" {
  description = "The one region the secrets are replicated to (data residency with the rest of the deployment)."
  type        = string
}

variable "secrets" {
  description = "Secret ids to what each one holds (stored as an annotation)."
  type        = map(string)

  validation {
    condition     = alltrue([for id in keys(var.secrets) : can(regex("^[A-Za-z0-9_-]{1,255}$", id))])
    error_message = "Secret ids are letters, digits, dashes and underscores."
  }
}

variable "labels" {
  description = "Labels for every secret."
  type        = map(string)
  default     = {}
}
