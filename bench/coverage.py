#!/usr/bin/env python3
"""Prints each module's line and branch coverage of its main code from JaCoCo's reports.

Reads <module>/target/site/jacoco/jacoco.xml (written by `mvn verify`, so by `make test`) and
prints a Markdown table; a module without a report is listed as such. With --packages, also the
packages of each module, least covered lines first, to see where the gaps are.

    python3 bench/coverage.py [--packages] [module ...]
"""

import argparse
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

MODULES = ["contracts", "pipelines", "producers", "platform"]


def counters(element):
    """The element's own LINE and BRANCH counters as {type: (missed, covered)}."""
    out = {}
    for c in element.findall("counter"):
        out[c.get("type")] = (int(c.get("missed")), int(c.get("covered")))
    return out


def percent(missed_covered):
    missed, covered = missed_covered
    total = missed + covered
    return "-" if total == 0 else f"{100.0 * covered / total:.1f} %"


def cells(cs, kind):
    missed, covered = cs.get(kind, (0, 0))
    return f"{percent((missed, covered))} ({covered}/{missed + covered})"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", default=MODULES)
    parser.add_argument("--packages", action="store_true", help="also list each module's packages")
    parser.add_argument("--root", default=Path(__file__).resolve().parent.parent, type=Path)
    args = parser.parse_args()

    print("| module | lines covered | branches covered |")
    print("|---|---|---|")
    details = []
    for module in args.modules:
        report = args.root / module / "target" / "site" / "jacoco" / "jacoco.xml"
        if not report.is_file():
            print(f"| {module} | no report ({report.relative_to(args.root)} missing) | |")
            continue
        root = ET.parse(report).getroot()
        cs = counters(root)
        print(f"| {module} | {cells(cs, 'LINE')} | {cells(cs, 'BRANCH')} |")
        packages = []
        for package in root.findall("package"):
            pcs = counters(package)
            missed, covered = pcs.get("LINE", (0, 0))
            ratio = covered / (missed + covered) if missed + covered else 1.0
            packages.append((ratio, package.get("name"), pcs))
        details.append((module, sorted(packages)))

    if args.packages:
        for module, packages in details:
            print(f"\n{module}\n")
            print("| package | lines covered | branches covered |")
            print("|---|---|---|")
            for _, name, pcs in packages:
                print(f"| {name} | {cells(pcs, 'LINE')} | {cells(pcs, 'BRANCH')} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
