#!/usr/bin/env bash
# Builds the Dataflow Flex Template of the trade pipeline: the launcher image (Dockerfile next to
# this script, built by Cloud Build, so no local Docker) in Artifact Registry, and the template
# spec file in GCS. Needs an authenticated gcloud; `terraform output` gives every argument.
#
#   templates/trade-pipeline/build.sh --project P --region R --repository REPO --bucket BUCKET \
#       [--tag TAG] [--print-only] [--print-tag]
#
# The image tag is immutable: <version without -SNAPSHOT>-g<12-hex git sha> of a clean work tree
# (a dirty tree is refused: the tag would not say what is inside), or --tag. The Artifact Registry
# repository Terraform creates has immutable tags, so pushing an existing tag fails instead of
# silently replacing the image a running job was launched from. The spec file carries the tag in
# its name too, so every launch names exactly one build.
#
#   --print-only  build nothing: print the spec gcloud would write (offline; used by the tests)
#   --print-tag   print the tag that would be used and exit
# Then launch with launch.sh (or Terraform's google_dataflow_flex_template_job).
set -euo pipefail

die() { echo "build.sh: $*" >&2; exit 2; }

here=$(cd "$(dirname "$0")" && pwd)
# REPO_ROOT is overridable only so the tests can derive a tag in a scratch repository.
root=${REPO_ROOT:-$(cd "$here/../.." && pwd)}
project="" region="" repository="" bucket="" tag="" print_only=false print_tag=false
while [[ $# -gt 0 ]]; do
  case $1 in
    --project|--region|--repository|--bucket|--tag)
      [[ $# -ge 2 && -n $2 ]] || die "$1 needs a value"
      declare "${1#--}=$2"; shift 2 ;;
    --print-only) print_only=true; shift ;;
    --print-tag) print_tag=true; shift ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done

version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p;T;q' "$root/pom.xml")
[[ -n $version ]] || die "no <version> in $root/pom.xml"
if [[ -z $tag ]]; then
  git -C "$root" rev-parse --verify -q HEAD >/dev/null || die "$root is not a git checkout; pass --tag"
  if [[ -n $(git -C "$root" status --porcelain --untracked-files=no) ]]; then
    die "the work tree has uncommitted changes, so a git-derived tag would not name this build; commit or pass --tag"
  fi
  tag="${version%-SNAPSHOT}-g$(git -C "$root" rev-parse --short=12 HEAD)"
fi
[[ $tag =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$ ]] || die "invalid image tag: $tag"
[[ $tag != *SNAPSHOT* && $tag != latest ]] || die "tag $tag is mutable by convention; use a version or git sha"
if $print_tag; then echo "$tag"; exit 0; fi

for v in project region repository bucket; do
  [[ -n ${!v} ]] || die "--$v is required"
done
image="$region-docker.pkg.dev/$project/$repository/crypto-trade-pipeline:$tag"
spec="gs://$bucket/templates/crypto-trade-pipeline-$tag.json"

if ! $print_only; then
  jar="$root/pipelines/target/pipelines-$version-bundled.jar"
  if [[ ! -f $jar ]]; then
    echo "building $jar" >&2
    (cd "$root" && mvn -B -q -ntp -pl pipelines -am package -DskipTests)
  fi
  context=$(mktemp -d)
  trap 'rm -rf "$context"' EXIT
  cp "$here/Dockerfile" "$context/Dockerfile"
  cp "$jar" "$context/pipeline.jar"
  gcloud builds submit "$context" --project "$project" --region "$region" --tag "$image"
fi

# --image: the launcher image built above; the metadata file becomes the spec's parameter list.
gcloud_args=(dataflow flex-template build "$spec"
  --project "$project"
  --image "$image"
  --sdk-language JAVA
  --metadata-file "$here/metadata.json")
if $print_only; then gcloud_args+=(--print-only); fi
gcloud "${gcloud_args[@]}"
if ! $print_only; then
  echo "image:    $image"
  echo "template: $spec"
fi
