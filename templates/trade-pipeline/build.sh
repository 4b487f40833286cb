#!/usr/bin/env bash
# Builds the Dataflow Flex Template of the trade pipeline from the bundled jar: an image in
# Artifact Registry plus a template spec file in GCS. Needs gcloud with an authenticated account.
#
#   templates/trade-pipeline/build.sh PROJECT REGION REPOSITORY BUCKET
#
# Then start a job (Terraform's google_dataflow_flex_template_job does the same):
#   gcloud dataflow flex-template run trades-$(date +%s) --region REGION \
#     --template-file-gcs-location gs://BUCKET/templates/crypto-trade-pipeline.json \
#     --parameters sink=bigquery,bigQueryDataset=crypto_raw,bootstrapServers=HOST:9092,\
#                  kafkaSecurityProtocol=SASL_SSL,kafkaSaslMechanism=OAUTHBEARER \
#     --additional-experiments use_runner_v2,enable_streaming_engine
set -euo pipefail
if [[ $# -ne 4 ]]; then
  echo "usage: $0 PROJECT REGION REPOSITORY BUCKET" >&2
  exit 2
fi
project=$1 region=$2 repository=$3 bucket=$4
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p;T;q' "$root/pom.xml")
jar="$root/pipelines/target/pipelines-$version-bundled.jar"
if [[ ! -f $jar ]]; then
  echo "building $jar" >&2
  (cd "$root" && mvn -B -q -ntp -pl pipelines -am package -DskipTests)
fi
gcloud dataflow flex-template build "gs://$bucket/templates/crypto-trade-pipeline.json" \
  --project "$project" \
  --image-gcr-path "$region-docker.pkg.dev/$project/$repository/crypto-trade-pipeline:$version" \
  --sdk-language JAVA \
  --flex-template-base-image JAVA17 \
  --metadata-file "$here/metadata.json" \
  --jar "$jar" \
  --env FLEX_TEMPLATE_JAVA_MAIN_CLASS=dev.cryptostream.pipeline.TradePipelineMain
