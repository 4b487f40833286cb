variable "project_id" {
  description = "Project that owns the network."
  type        = string
}

variable "region" {
  description = "Region of the subnet (the same region as Kafka, Dataflow and Composer)."
  type        = string
}

variable "name" {
  description = "Name of the VPC, its subnet, router and NAT."
  type        = string

  validation {
    condition     = can(regex("^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$", var.name))
    error_message = "The name must be a lowercase RFC 1035 label."
  }
}

variable "subnet_cidr" {
  description = "Primary IPv4 range of the subnet; Dataflow workers, Kafka endpoints and producers take addresses from it."
  type        = string

  validation {
    condition     = can(cidrhost(var.subnet_cidr, 0)) && tonumber(split("/", var.subnet_cidr)[1]) <= 24
    error_message = "The subnet must be a valid IPv4 CIDR block of /24 or larger."
  }
}
