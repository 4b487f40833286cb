# The producers' runtime: one Cloud Run worker pool (always-on containers with no HTTP endpoint,
# which is what a WebSocket consumer or a poller is) per live venue and one for the CoinGecko
# poller, all from the producers image (Dockerfile next to this file). Direct VPC egress puts them
# in the subnet that holds the Kafka endpoints; Cloud NAT gives them the internet (exchanges,
# CoinGecko). One instance each: a venue connection is a single stream, and a second instance
# would publish every trade twice.
locals {
  live = {
    for venue, symbols in var.live_venues : "live-${venue}" => [
      "live", "--venue", venue, "--symbols", join(",", symbols), "--status-every", "60s",
    ]
  }
  poller = var.coingecko == null ? {} : {
    "poll-coingecko" = [
      "poll-coingecko", "--coins", join(",", var.coingecko.coins), "--vs", join(",", var.coingecko.vs),
      "--interval", var.coingecko.interval,
    ]
  }
  producers = merge(local.live, local.poller)
}

resource "google_cloud_run_v2_worker_pool" "this" {
  for_each = local.producers

  project             = var.project_id
  location            = var.region
  name                = "${var.name_prefix}-${each.key}"
  deletion_protection = false
  labels              = var.labels

  scaling {
    manual_instance_count = 1
  }

  template {
    service_account = var.service_account_email

    containers {
      image = var.image
      args  = each.value

      env {
        name  = "KAFKA_BOOTSTRAP_SERVERS"
        value = var.bootstrap_servers
      }

      # Managed Kafka takes only TLS connections; SASL/OAUTHBEARER through Google's login handler
      # (in the producers jar) authenticates as the worker pool's service account, which holds
      # roles/managedkafka.client. No Kafka secret exists anywhere.
      env {
        name  = "KAFKA_SECURITY_PROTOCOL"
        value = "SASL_SSL"
      }

      env {
        name  = "KAFKA_SASL_MECHANISM"
        value = "OAUTHBEARER"
      }

      dynamic "env" {
        for_each = each.key == "poll-coingecko" ? [var.coingecko_api_key_secret_id] : []
        content {
          name = "COINGECKO_API_KEY"
          value_source {
            secret_key_ref {
              secret  = env.value
              version = "latest"
            }
          }
        }
      }

      resources {
        limits = {
          cpu    = "1"
          memory = "512Mi"
        }
      }
    }

    vpc_access {
      egress = "ALL_TRAFFIC"
      network_interfaces {
        network    = var.network
        subnetwork = var.subnetwork
      }
    }
  }
}
