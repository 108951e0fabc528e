#!/usr/bin/env bash
# The deployment files are valid: systemd-analyze verify passes on the units (with this build's
# binary in place of /usr/local/bin/loket), HAProxy accepts its configuration, and the compose
# file and Kubernetes manifests are YAML with the parts the probes and rollouts rely on.
# Usage: tests/deploy/deploy_files_test.sh LOKET_BINARY
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
binary="$1"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "deploy_files_test: $*" >&2; exit 1; }

# A dynamic user owns no configuration directory (systemd leaves it root's): it can read its
# configuration only when others may.
for unit in "$root"/deploy/systemd/*.service; do
  grep -Eq '^DynamicUser=(yes|true|on|1)$' "$unit" || continue
  grep -q '^ConfigurationDirectory=' "$unit" || continue
  mode=$(sed -n 's/^ConfigurationDirectoryMode=//p' "$unit" | tail -n 1)
  [[ "${mode:-0755}" =~ ^[0-7]{3,4}$ ]] || fail "$(basename "$unit"): ConfigurationDirectoryMode=$mode is no octal mode"
  if (( (8#${mode:-0755} & 8#005) != 8#005 )); then
    fail "$(basename "$unit"): ConfigurationDirectoryMode=$mode hides the configuration from its DynamicUser"
  fi
done

if command -v systemd-analyze >/dev/null; then
  for unit in "$root"/deploy/systemd/*.service; do
    sed "s|/usr/local/bin/loket|$binary|" "$unit" >"$work/$(basename "$unit")"
  done
  # loket@.service is a template: verify an instance of it.
  cp "$work/loket@.service" "$work/loket@8081.service"
  (cd "$work" && systemd-analyze verify --man=no ./loket.service ./loket@8081.service \
    ./loket-dispatch.service) >"$work/verify.log" 2>&1 || { cat "$work/verify.log"; fail "systemd-analyze verify"; }
  # Anything it says about our units is a finding, even when it exits 0.
  if grep -E "loket(@8081|-dispatch)?\.service" "$work/verify.log"; then fail "systemd-analyze verify warns"; fi
  grep -q '^Type=notify' "$root/deploy/systemd/loket.service" || fail "loket.service is not Type=notify"
else
  echo "deploy_files_test: systemd-analyze missing; units not verified" >&2
fi

if command -v haproxy >/dev/null; then
  haproxy -c -q -f "$root/deploy/haproxy/haproxy.cfg" || fail "haproxy -c"
else
  echo "deploy_files_test: haproxy missing; its configuration not checked" >&2
fi

python3 - "$root" <<'PY'
import sys, yaml, pathlib
root = pathlib.Path(sys.argv[1])
docs = {}
for path in [root / "deploy/compose.yaml", *sorted((root / "deploy/kubernetes").glob("*.yaml"))]:
    docs[path.name] = [d for d in yaml.safe_load_all(path.read_text()) if d]
compose = docs["compose.yaml"][0]["services"]
assert {"postgres", "loket-1", "loket-2", "haproxy", "dispatcher"} <= set(compose), compose.keys()
# Every loket service names a --config that its mounted folder holds (a mount hides the image's).
for name, service in compose.items():
    if service.get("image") != "loket:latest":
        continue
    command = service.get("command") or []
    assert "--config" in command, f"{name} runs without --config: the image's default is hidden"
    config = pathlib.PurePosixPath(command[command.index("--config") + 1])
    found = False
    for volume in service.get("volumes", []):
        host, container = volume.split(":")[:2]
        if config.is_relative_to(container):
            found = (root / "deploy" / host / config.relative_to(container)).is_file()
    assert found, f"{name}: {config} is not in a mounted folder"
kinds = {(d["kind"], d["metadata"]["name"]) for ds in docs.values() for d in ds if "metadata" in d}
for needed in [("Deployment", "loket"), ("Deployment", "loket-dispatch"), ("Job", "loket-migrate"),
               ("PodDisruptionBudget", "loket"), ("Service", "loket")]:
    assert needed in kinds, f"missing {needed}"
serve = next(d for d in docs["serve.yaml"] if d["kind"] == "Deployment")
container = serve["spec"]["template"]["spec"]["containers"][0]
assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
assert "preStop" in container["lifecycle"]
assert container["securityContext"]["readOnlyRootFilesystem"] is True
PY
grep -q '^HEALTHCHECK' "$root/deploy/Dockerfile" || fail "the Dockerfile has no HEALTHCHECK"
grep -q '^USER 10001' "$root/deploy/Dockerfile" || fail "the Dockerfile does not drop root"
echo "deploy_files_test: ok"
