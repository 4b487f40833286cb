variable "project_id" {
  description = "Project of the cluster."
  type        = string
}

variable "region" {
  description = "Region of the cluster (clients in other regions pay cross-region traffic)."
  type        = string
}

variable "cluster_id" {
  description = "Cluster id, the last part of its name."
  type        = string

  validation {
    condition     = can(regex("^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$", var.cluster_id))
    error_message = "The cluster id must be a lowercase RFC 1035 label of 1-63 characters."
  }
}

variable "subnetwork_id" {
  description = "Subnet (projects/P/regions/R/subnetworks/S) in which the cluster's private endpoints are created."
  type        = string
}

variable "vcpu_count" {
  description = "vCPUs of the whole cluster (at least 3: one broker per zone)."
  type        = number

  validation {
    condition     = var.vcpu_count >= 3 && floor(var.vcpu_count) == var.vcpu_count
    error_message = "Managed Kafka needs a whole number of vCPUs, at least 3."
  }
}

variable "memory_gib" {
  description = "Memory of the whole cluster in GiB; between 1 and 8 GiB per vCPU."
  type        = number

  validation {
    condition     = var.memory_gib >= 3
    error_message = "Managed Kafka needs at least 3 GiB."
  }
}

variable "topics" {
  description = "Topics by name: partition count and retention in hours."
  type = map(object({
    partitions      = number
    retention_hours = number
  }))

  validation {
    condition     = alltrue([for t in values(var.topics) : t.partitions >= 1 && t.retention_hours >= 1])
    error_message = "Every topic needs at least one partition and one hour of retention."
  }
}

variable "labels" {
  description = "Labels for the cluster."
  type        = map(string)
  default     = {}
}
