"""`python -m hub.graphiql [NODE_MODULES]`: copy GraphiQL's pinned files into its vendor folder."""

from __future__ import annotations

import sys
from pathlib import Path

from hub.graphiql._assets import VENDOR_DIR, vendor

if __name__ == "__main__":
    node_modules = Path(sys.argv[1] if len(sys.argv) > 1 else "node_modules")
    for name, info in vendor(node_modules).items():
        print(f"{VENDOR_DIR / name}: {info['package']} {info['version']}")
