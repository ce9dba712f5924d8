#!/usr/bin/env bash
# Executes every notebook in notebooks/ headless, with the Python module ccsim of BUILD_DIR:
#   bash notebooks/run_all.sh BUILD_DIR
# The executed copies (and the figures) go to a temporary directory, removed at the end: the
# committed notebooks carry no outputs and are never written. Fails when a committed notebook
# has outputs or when any cell fails (or runs longer than the per-cell timeout).
# To refresh the figures shown in the README:
#   CCSIM_FIGURES_DIR="$PWD/docs/figures" bash notebooks/run_all.sh build
set -euo pipefail

if (($# != 1)); then
  echo "usage: bash notebooks/run_all.sh BUILD_DIR" >&2
  exit 2
fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
build="$(cd "$1" && pwd)"
cell_timeout_s="${CCSIM_NB_CELL_TIMEOUT_S:-120}"

# Debian's python3 (and its Jupyter kernel) come before any other python3 on PATH.
export PATH="/usr/bin:$PATH"
export PYTHONPATH="$build/python${PYTHONPATH:+:$PYTHONPATH}"
export MPLBACKEND=Agg
if ! compgen -G "$build/python/ccsim/_core*.so" >/dev/null; then
  echo "run_all.sh: expected the Python module in $build/python/ccsim, got none" \
       "(install pybind11-dev and python3-dev, then rebuild)" >&2
  exit 2
fi

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
export CCSIM_FIGURES_DIR="${CCSIM_FIGURES_DIR:-$out/figures}"

notebooks=("$here"/*.ipynb)
if [[ ! -e "${notebooks[0]}" ]]; then
  echo "run_all.sh: expected notebooks in $here, got none" >&2
  exit 1
fi

# Committed notebooks must carry no outputs (nor execution counts).
python3 - "${notebooks[@]}" <<'EOF'
import json, sys
bad = []
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        cells = json.load(f)["cells"]
    for i, cell in enumerate(cells):
        if cell.get("outputs") or cell.get("execution_count") is not None:
            bad.append(f"{path}: cell {i}: expected no outputs, got some "
                       "(jupyter nbconvert --clear-output --inplace NOTEBOOK)")
if bad:
    print("\n".join(bad), file=sys.stderr)
    sys.exit(1)
EOF

status=0
total_start=$SECONDS
for notebook in "${notebooks[@]}"; do
  name="$(basename "$notebook")"
  start=$SECONDS
  if jupyter nbconvert --to notebook --execute --output-dir "$out" \
       --ExecutePreprocessor.timeout="$cell_timeout_s" \
       --ExecutePreprocessor.kernel_name=python3 "$notebook" >"$out/$name.log" 2>&1; then
    echo "ok     $name ($((SECONDS - start)) s)"
  else
    echo "FAILED $name ($((SECONDS - start)) s)"
    cat "$out/$name.log" >&2
    status=1
  fi
done
echo "notebooks: $((SECONDS - total_start)) s in all"
exit "$status"
