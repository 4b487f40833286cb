output "worker_pools" {
  description = "Worker pool names by producer (live-VENUE, poll-coingecko)."
  value       = { for k, p in google_cloud_run_v2_worker_pool.this : k => p.name }
}
