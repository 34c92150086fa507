#!/usr/bin/env bash
# Rebuilds NotoSansSC-Regular-GB2312.ttf (see SOURCES.md). Needs npm and Debian's fonttools (pyftsubset).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent @expo-google-fonts/noto-sans-sc@0.4.3 >/dev/null
tar xzf expo-google-fonts-noto-sans-sc-0.4.3.tgz
echo "d45f67f0a7c0ca3f256950777ce6a61cc7ce5f9696d02900cbbaac25f8aa7d16  package/400Regular/NotoSansSC_400Regular.ttf" | sha256sum -c -
# ASCII, Latin-1 and Latin Extended-A, general punctuation, CJK symbols and punctuation, fullwidth forms, a few
# signs the permit uses, and every character of GB 2312.
python3 - <<'PY'
chars = set()
for hi in range(0xA1, 0xF8):
    for lo in range(0xA1, 0xFF):
        try:
            chars.add(bytes([hi, lo]).decode("gb2312"))
        except UnicodeDecodeError:
            pass
ranges = [(0x20, 0x7F), (0xA0, 0x180), (0x2000, 0x2070), (0x3000, 0x3040), (0xFF00, 0xFFF0)]
for start, end in ranges:
    chars.update(chr(c) for c in range(start, end))
chars.update("℃№±×÷≤≥≠°µ·•→")
open("chars.txt", "w", encoding="utf-8").write("".join(sorted(chars)))
PY
pyftsubset package/400Regular/NotoSansSC_400Regular.ttf --text-file=chars.txt \
  --output-file="$here/NotoSansSC-Regular-GB2312.ttf" --layout-features='' --no-hinting \
  --drop-tables+=STAT,vhea,vmtx,GDEF,GPOS,GSUB
cp package/LICENSE_FONT "$here/OFL.txt"
ls -l "$here/NotoSansSC-Regular-GB2312.ttf"
