#!/usr/bin/env bash
# Prints the ConfigMaps for a municipality's configuration folder (loket.yaml, content/ with
# tabellen/, tests/) and its region's shared content (REGION_CONTENT, mounted at
# /etc/regio-noord/content, as the example's loket.yaml lists it: ../regio-noord/content/). A
# ConfigMap holds one folder level, so each folder is one ConfigMap, mounted where loket.yaml
# expects it (deploy/kubernetes/serve.yaml). An update reaches the pods within about a minute;
# the first pod that sees it reloads and all others follow at once.
# Usage: deploy/kubernetes/configmaps.sh config/examples/noorderhaven \
#          [config/examples/regio-noord/content] | kubectl apply --server-side -f -
set -euo pipefail
dir="${1:?usage: configmaps.sh CONFIG_DIR [REGION_CONTENT]}"
region="${2:-}"  # optional: a municipality without a region's content
make() {  # name folder
  kubectl create configmap "$1" --dry-run=client -o yaml \
    $(find "$2" -maxdepth 1 -type f -printf '--from-file=%p ')
  echo ---
}
# The additions file (examples staff add from the dashboard) beside loket.yaml: read-only here,
# so the dashboard says it cannot write it; staff's additions then go through the repository.
kubectl create configmap loket-config --dry-run=client -o yaml --from-file="$dir/loket.yaml" \
  $(find "$dir" -maxdepth 1 -name aanvullingen.yaml -printf '--from-file=%p ')
echo ---
make loket-content "$dir/content"
make loket-tables "$dir/content/tabellen"
make loket-tests "$dir/tests"
[[ -n "$region" ]] && make loket-region-content "$region"
