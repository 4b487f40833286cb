variable "project_id" {
  description = "Project of the worker pools."
  type        = string
}

variable "region" {
  description = "Region of the worker pools (the subnet's region)."
  type        = string
}

variable "name_prefix" {
  description = "Prefix of the worker pool names."
  type        = string

  validation {
    condition     = can(regex("^[a-z][-a-z0-9]{0,20}$", var.name_prefix))
    error_message = "The prefix must be at most 21 lowercase letters, digits or dashes, starting with a letter."
  }
}

variable "image" {
  description = "Producers image with an immutable tag, REGION-docker.pkg.dev/PROJECT/REPOSITORY/crypto-producers:TAG."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9-]+-docker\\.pkg\\.dev/.+:[A-Za-z0-9_][A-Za-z0-9_.-]*$", var.image)) && !can(regex(":(latest|.*SNAPSHOT.*)$", var.image))
    error_message = "Use an Artifact Registry image with an immutable tag (not latest, not -SNAPSHOT)."
  }
}

variable "bootstrap_servers" {
  description = "Kafka bootstrap host:port (the Managed Kafka cluster's bootstrap address)."
  type        = string
}

variable "live_venues" {
  description = "Live exchange connectors: venue (binance, coinbase, kraken, okx) to canonical BASE-QUOTE symbols."
  type        = map(list(string))

  validation {
    condition     = alltrue([for v in keys(var.live_venues) : contains(["binance", "coinbase", "kraken", "okx"], v)])
    error_message = "Venues are binance, coinbase, kraken and okx."
  }

  validation {
    condition     = alltrue(flatten([for s in values(var.live_venues) : [for x in s : can(regex("^[A-Z0-9]+-[A-Z0-9]+$", x))]]))
    error_message = "Symbols are canonical BASE-QUOTE, e.g. BTC-USDT."
  }
}

variable "coingecko" {
  description = "CoinGecko poller settings (null runs no poller): coin ids, quote currencies, ISO-8601 interval."
  type = object({
    coins    = list(string)
    vs       = list(string)
    interval = string
  })
  default = null

  validation {
    condition     = var.coingecko == null || can(regex("^PT[0-9]+[SM]$", var.coingecko.interval))
    error_message = "The interval is an ISO-8601 duration such as PT20S."
  }
}

variable "coingecko_api_key_secret_id" {
  description = "Secret Manager secret (projects/P/secrets/S) holding the CoinGecko demo API key."
  type        = string
}

variable "service_account_email" {
  description = "Identity of the producers (roles/managedkafka.client, reader of the API key secret)."
  type        = string
}

variable "network" {
  description = "VPC of the Direct VPC egress."
  type        = string
}

variable "subnetwork" {
  description = "Subnet of the Direct VPC egress (the one holding the Kafka endpoints)."
  type        = string
}

variable "labels" {
  description = "Labels for the worker pools."
  type        = map(string)
  default     = {}
}
