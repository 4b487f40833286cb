variable "project_id" {
  description = "Project of the buckets."
  type        = string
}

variable "location" {
  description = "Bucket location; the region of the pipeline keeps staging reads local."
  type        = string
}

variable "name_prefix" {
  description = "Globally unique prefix of the bucket names (bucket name = PREFIX-KEY), e.g. the project id."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][-a-z0-9_.]{1,40}[a-z0-9]$", var.name_prefix))
    error_message = "The prefix must be 3-42 lowercase letters, digits, dashes, underscores or dots."
  }
}

variable "buckets" {
  description = "Buckets by key (staging, temp, templates): object versioning and age in days after which objects are deleted (null keeps them)."
  type = map(object({
    versioned         = bool
    delete_after_days = optional(number)
  }))

  validation {
    condition     = alltrue([for b in values(var.buckets) : b.delete_after_days == null || try(b.delete_after_days >= 1, false)])
    error_message = "delete_after_days must be null or at least 1."
  }
}

variable "force_destroy" {
  description = "Let terraform destroy delete non-empty buckets (true for throw-away environments only)."
  type        = bool
  default     = false
}

variable "labels" {
  description = "Labels for every bucket."
  type        = map(string)
  default     = {}
}
