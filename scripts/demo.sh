#!/usr/bin/env bash
# Set up, then run every playbook headless on its bundled example; documents land in outputs/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

run() { .venv/bin/kit run "$1" --params "examples/$2"; }
run qualify saas-subscription.yaml
run proposal saas-subscription.yaml
run proposal fixed-scope-services.yaml
for pair in map:saas-subscription.yaml design:production-line.yaml readiness:readiness.yaml \
            value_review:account-review.yaml renewal:account-review.yaml \
            optimise:optimisation.yaml; do
  playbook="${pair%%:*}"
  if [ -f "playbooks/$playbook.ipynb" ]; then
    run "$playbook" "${pair#*:}"
  fi
done
echo "demo: documents are in outputs/"
