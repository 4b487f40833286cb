variable "project_id" {
  description = "Project in which the APIs are enabled."
  type        = string
}

variable "services" {
  description = "API service names to enable, e.g. dataflow.googleapis.com."
  type        = list(string)

  validation {
    condition     = alltrue([for s in var.services : can(regex("^[a-z0-9-]+\\.googleapis\\.com$", s))])
    error_message = "Each service must look like NAME.googleapis.com."
  }
}
