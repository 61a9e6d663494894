#!/usr/bin/env python3
"""What the Article reader adds to a snapshot: the bytes of the `class` tokens (Article prefixes)
and of the mark declarations in `style` (font-weight, font-style, text-decoration) that the
content script now keeps, per page. Lists come from the Rust tables (`snapshot-spec`).

    python3 tools/bench-article-snapshot.py PAGE.html…
"""
import json
import subprocess
import sys
from html.parser import HTMLParser

spec = json.loads(subprocess.run(["cargo", "run", "-q", "--release", "--bin", "snapshot-spec"],
                                 check=True, capture_output=True, text=True).stdout)
PREFIXES = spec["keptClassPrefixes"]
PROPERTIES = set(spec["keptStyleProperties"])
SKIPPED = set(spec["skippedElements"])
VOID = set(spec["voidElements"])


class Count(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skip = 0
        self.class_bytes = 0
        self.style_bytes = 0
        self.elements = 0

    def handle_starttag(self, tag, attrs):
        if self.skip:
            if tag not in VOID:
                self.skip += 1
            return
        if tag in SKIPPED:
            self.skip = 1
            return
        self.elements += 1
        for name, value in attrs:
            value = value or ""
            if name == "class":
                kept = [t for t in value.split() if any(t.startswith(p) for p in PREFIXES)]
                if kept:
                    self.class_bytes += len(' class=""') + len(" ".join(kept))
            elif name == "style":
                kept = [d.strip() for d in value.split(";") if d.split(":")[0].strip().lower() in PROPERTIES]
                if kept:
                    self.style_bytes += len("; ".join(kept)) + 2

    def handle_endtag(self, tag):
        if self.skip:
            self.skip -= 1


for path in sys.argv[1:]:
    c = Count()
    with open(path, encoding="utf-8", errors="replace") as f:
        c.feed(f.read())
    print(f"{path.rsplit('/', 1)[-1]}: {c.elements} elements, +{c.class_bytes} B class, +{c.style_bytes} B style")
