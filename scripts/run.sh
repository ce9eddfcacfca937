#!/usr/bin/env bash
# Set up, ingest the sample articles into the embedded store and answer the headline questions.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e .
export KG_STORE="${KG_STORE:-kg-store}"
kg=.venv/bin/kg
$kg ingest data/articles
$kg validate
for q in persons meetings documents; do echo "== $q"; $kg query "$q"; done
echo "== tasks of the Ministry of Finance"; $kg query tasks --param assignee="Ministry of Finance"
echo "== conflicts"; $kg query conflicts
