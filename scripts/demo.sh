#!/usr/bin/env bash
# Set up, then run every registered playbook headless on its bundled example, plus the services
# proposal (a second proposal example: fixed scope and milestones instead of a subscription).
# Documents land in outputs/<id>/. The playbooks come from the registry, so a playbook package
# installed into .venv is demonstrated too.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-packages.sh
bash scripts/setup.sh

runs="$(.venv/bin/python -c '
from kit import registry

for playbook in registry.playbooks().values():
    print(playbook.name, playbook.example)
')"
runs+=$'\n'"proposal examples/fixed-scope-services.yaml"

failed=()
while read -r playbook example; do
  echo "demo: kit run $playbook --params $example"
  if ! .venv/bin/kit run "$playbook" --params "$example" | sed 's/^/  /'; then
    failed+=("$playbook ($example)")
  fi
done <<<"$runs"
echo "demo: documents are in outputs/"
if [ "${#failed[@]}" -gt 0 ]; then
  printf 'demo: failed: %s\n' "${failed[@]}" >&2
  exit 1
fi
