"""``sheetfeed extract PATH...``: each sheet as one JSON line on stdout, each
file that cannot be parsed as one line on stderr; exit 1 if any file failed.
Imports only the standard library and ``extract.sheets`` (openpyxl lazily)."""
from __future__ import annotations

import json
import sys

from extract.sheets import extract_file


def main(paths: list[str]) -> int:
    failed = False
    out = sys.stdout
    for path in paths:
        result = extract_file(path)
        if result.error:
            failed = True
            out.flush()
            print(result.error.replace("\n", " "), file=sys.stderr)
            continue
        for sheet in result.sheets:
            out.write(json.dumps(sheet, ensure_ascii=False) + "\n")
    out.flush()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
