#!/usr/bin/env bash
# Builds the production gq: one self-contained, single-file executable for linux-x64 (no .NET installation needed on
# the server), its code precompiled (ReadyToRun: faster start, see docs/benchmarks.md), with the reference data (data/)
# and the web interface's static files (wwwroot/) beside it. Usage: deploy/publish.sh [OUTPUT_FOLDER]   (default: ./publish)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-publish}"
rm -rf "$out"
dotnet publish src/GoldenQuality -c Release -r linux-x64 --self-contained true \
  -p:PublishSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true -p:PublishReadyToRun=true \
  -p:DebugType=none -o "$out"
rm -f "$out"/*.pdb "$out"/*.xml
"$out/gq" --version
echo "Published to $out: $(du -sh "$out/gq" | cut -f1) executable, data/ and wwwroot/ beside it (docs/operations.md, 'Install')."
