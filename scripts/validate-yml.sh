#!/usr/bin/env bash
# Validates integration.yml against the demisto-sdk pykwalify schema for XSOAR integrations.
# Needs the Debian packages python3-pykwalify, python3-docopt and python3-dateutil (the last
# two are not declared as dependencies of python3-pykwalify); /usr/bin/python3 is used on
# purpose, because a python3 from pyenv or a venv does not see the apt packages.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
yml="${1:-$here/../integration.yml}"
schema="$here/../../shared/reference/demisto-sdk-integration-schema.yml"

if [[ ! -f "$schema" ]]; then
  echo "Schema not found: $schema" >&2
  exit 2
fi
if ! /usr/bin/python3 -c 'import pykwalify.core, pykwalify.cli, docopt, dateutil' 2>/dev/null; then
  echo "pykwalify is missing: apt-get install -y python3-pykwalify python3-docopt python3-dateutil" >&2
  exit 2
fi

exec /usr/bin/python3 -c 'from pykwalify.cli import cli_entrypoint; cli_entrypoint()' \
  -d "$yml" -s "$schema"
