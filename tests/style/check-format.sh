#!/usr/bin/env bash
# Fails when a C++ file under app/, ui/, tests/ or bench/ is not formatted with the repo's .clang-format.
set -euo pipefail
cd "$1"
files=$(find app ui tests bench -name '*.cpp' -o -name '*.h' | sort)
# shellcheck disable=SC2086
clang-format --dry-run --Werror --style=file $files
echo "clang-format: $(echo "$files" | wc -l) files formatted"
