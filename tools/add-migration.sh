#!/usr/bin/env bash
# Adds a migration with the same name for every provider of one module's context.
# usage: tools/add-migration.sh <Name> [Platform|GovServices|CityOps|DataHub|Sensing]
set -euo pipefail
cd "$(dirname "$0")/.."
name="$1"; module="${2:-Platform}"
dotnet tool restore >/dev/null
for provider in Sqlite Postgres; do
  dotnet ef migrations add "$name" \
    --project "src/OneCity.$module" --startup-project src/OneCity.Web \
    --context "${provider}${module}DbContext" \
    --output-dir "Data/Migrations/$provider"
done
