#!/usr/bin/env bash
# Starts (or updates in place) the streaming trade pipeline from its Flex Template.
#
#   templates/trade-pipeline/launch.sh --project P --region R --template gs://BUCKET/templates/crypto-trade-pipeline-TAG.json \
#     --network NET --subnetwork SUBNET_SELF_LINK --service-account SA_EMAIL \
#     --staging-location gs://STAGING/staging --temp-location gs://TEMP/tmp \
#     --bootstrap-servers HOST:9092 --dataset crypto_raw \
#     [--job-name NAME] [--max-workers N] [--worker-machine-type TYPE] [--param KEY=VALUE ...] \
#     [--update [--transform-name-mapping OLD=NEW ...]] [--dry-run]
#
# Production defaults passed as template parameters (each overridable with --param KEY=VALUE):
#   sink=bigquery, kafkaSecurityProtocol=SASL_SSL, kafkaSaslMechanism=OAUTHBEARER (Managed Kafka
#   with the job's service account), bigQueryCreateTables=false (Terraform owns the tables),
#   inputTopics=crypto.trades.v1, priceTopics=prices.coingecko.v1.
# Every --param key must be a parameter of metadata.json. Values may contain commas (e.g.
# knownExchanges=binance,kraken): the parameter list is passed with gcloud's "^~^" delimiter, so
# "~" is the one character a value may not contain.
#
# Preflight: the launcher VM runs in --network/--subnetwork with --service-account, like the
# workers, so the pipeline's Kafka preflight (on by default) reaches Managed Kafka and fails the
# launch with the reason when brokers, credentials or topics are wrong. --param kafkaPreflight=false
# skips it.
#
# --update replaces the running job of the same --job-name in place (state kept); a renamed
# transform needs --transform-name-mapping OLD=NEW. --dry-run prints the gcloud command, one
# argument per line, and runs nothing.
set -euo pipefail

die() { echo "launch.sh: $*" >&2; exit 2; }

here=$(cd "$(dirname "$0")" && pwd)
metadata="$here/metadata.json"
project="" region="" template="" network="" subnetwork="" service_account=""
staging_location="" temp_location="" bootstrap_servers="" dataset=""
job_name=crypto-trade-pipeline max_workers=3 worker_machine_type="" update=false dry_run=false
mappings=()
keys=(sink kafkaSecurityProtocol kafkaSaslMechanism bigQueryCreateTables inputTopics priceTopics)
declare -A values=([sink]=bigquery [kafkaSecurityProtocol]=SASL_SSL [kafkaSaslMechanism]=OAUTHBEARER
  [bigQueryCreateTables]=false [inputTopics]=crypto.trades.v1 [priceTopics]=prices.coingecko.v1)

set_param() {
  local key=${1%%=*} value=${1#*=}
  [[ $1 == *=* && -n $key ]] || die "--param needs KEY=VALUE, got: $1"
  grep -q "\"name\": \"$key\"" "$metadata" || die "$key is not a parameter of $metadata"
  [[ $value != *'~'* && $value != *$'\n'* ]] || die "the value of $key may not contain '~' or a line break"
  [[ -v "values[$key]" ]] || keys+=("$key")
  values[$key]=$value
}

while [[ $# -gt 0 ]]; do
  case $1 in
    --project|--region|--template|--network|--subnetwork|--service-account|--staging-location|\
    --temp-location|--bootstrap-servers|--dataset|--job-name|--max-workers|--worker-machine-type|\
    --param|--transform-name-mapping)
      [[ $# -ge 2 && -n $2 ]] || die "$1 needs a value"
      case $1 in
        --param) set_param "$2" ;;
        --transform-name-mapping)
          [[ $2 == ?*=?* && $2 != *,* ]] || die "--transform-name-mapping needs OLD=NEW, got: $2"
          mappings+=("$2") ;;
        *) name=${1#--}; declare "${name//-/_}=$2" ;;
      esac
      shift 2 ;;
    --update) update=true; shift ;;
    --dry-run) dry_run=true; shift ;;
    -h|--help) sed -n '2,26p' "$0"; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done

for v in project region template network subnetwork service_account staging_location temp_location \
         bootstrap_servers dataset; do
  [[ -n ${!v} ]] || die "--${v//_/-} is required"
done
[[ $template == gs://*.json ]] || die "--template must be the gs://…json spec written by build.sh"
[[ $staging_location == gs://* && $temp_location == gs://* ]] || die "staging and temp locations must be gs:// paths"
[[ $job_name =~ ^[a-z]([-a-z0-9]*[a-z0-9])?$ ]] || die "invalid job name: $job_name"
[[ $max_workers =~ ^[1-9][0-9]*$ ]] || die "--max-workers must be a positive integer"
((${#mappings[@]} == 0)) || $update || die "--transform-name-mapping only applies with --update"
set_param "bootstrapServers=$bootstrap_servers"
set_param "bigQueryDataset=$dataset"

parameters="^~^"
for k in "${keys[@]}"; do parameters+="$k=${values[$k]}~"; done
parameters=${parameters%\~}

cmd=(gcloud dataflow flex-template run "$job_name"
  --project "$project"
  --region "$region"
  --template-file-gcs-location "$template"
  --parameters "$parameters"
  --network "$network"
  --subnetwork "$subnetwork"
  --service-account-email "$service_account"
  --staging-location "$staging_location"
  --temp-location "$temp_location"
  --disable-public-ips
  --enable-streaming-engine
  --additional-experiments use_runner_v2
  --max-workers "$max_workers")
if [[ -n $worker_machine_type ]]; then cmd+=(--worker-machine-type "$worker_machine_type"); fi
if $update; then
  cmd+=(--update)
  if ((${#mappings[@]} > 0)); then cmd+=(--transform-name-mappings "$(IFS=,; echo "${mappings[*]}")"); fi
fi

if $dry_run; then
  printf '%s\n' "${cmd[@]}"
  exit 0
fi
"${cmd[@]}"
