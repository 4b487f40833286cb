terraform {
  required_version = ">= 1.6.0"

  required_providers {
    google = {
      source  = "hashicorp/google"
      version = ">= 6.40.0, < 8.0.0"
    }
    google-beta = {
      source  = "hashicorp/google-beta"
      version = ">= 6.40.0, < 8.0.0"
    }
  }

  # Keep state in GCS in a real deployment (bucket created beforehand, versioned):
  # backend "gcs" { bucket = "YOUR-STATE-BUCKET" prefix = "crypto-stream/example" }
}

provider "google" {
  project = var.project_id
  region  = var.region
}

provider "google-beta" {
  project = var.project_id
  region  = var.region
}
