output "names" {
  description = "Bucket names by key."
  value       = { for k, b in google_storage_bucket.this : k => b.name }
}
