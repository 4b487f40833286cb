variable "project_id" {
  description = "Project of the repository."
  type        = string
}

variable "region" {
  description = "Region of the repository (images are pulled from REGION-docker.pkg.dev)."
  type        = string
}

variable "repository_id" {
  description = "Repository id, the path segment after the project in image names."
  type        = string

  validation {
    condition     = can(regex("^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$", var.repository_id))
    error_message = "The repository id must be lowercase letters, digits and dashes."
  }
}

variable "labels" {
  description = "Labels for the repository."
  type        = map(string)
  default     = {}
}
