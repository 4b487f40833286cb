"""Reads terraform/ with python-hcl2 into plain Python values.

python-hcl2 keeps string literals quoted ('"trade_time"') and expressions as '${...}'; `load`
strips the quotes of literals (keys included) so tests compare with plain strings, and keeps
expressions as '${...}' text.
"""

from __future__ import annotations

import re
from pathlib import Path

import hcl2

TERRAFORM = Path(__file__).resolve().parent.parent
REPO = TERRAFORM.parent
_SKIP_DIRS = {".venv", ".venv-checkov", ".terraform"}


def _plain(value):
    if isinstance(value, str):
        if len(value) >= 2 and value[0] == '"' and value[-1] == '"':
            return value[1:-1]
        return value
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items() if k not in ("__comments__", "__is_block__")}
    return value


def parse(text: str) -> dict:
    return _plain(hcl2.loads(text))


def load(path: Path) -> dict:
    return parse(path.read_text(encoding="utf-8"))


def tf_files() -> list[Path]:
    files = [
        p for p in TERRAFORM.rglob("*.tf") if not _SKIP_DIRS.intersection(p.relative_to(TERRAFORM).parts)
    ]
    assert files, f"no .tf files under {TERRAFORM}"
    return sorted(files)


def locals_of(module_dir: Path) -> dict:
    merged: dict = {}
    for f in sorted(module_dir.glob("*.tf")):
        for block in load(f).get("locals", []):
            merged.update(block)
    return merged


def resources(tree: dict) -> list[tuple[str, str, dict]]:
    """(type, name, body) of every resource block of one parsed file."""
    out = []
    for block in tree.get("resource", []):
        for rtype, named in block.items():
            for name, body in named.items():
                out.append((rtype, name, body))
    return out


def blocks(tree: dict, kind: str) -> list[tuple[str, dict]]:
    """(name, body) of every `variable` / `output` block of one parsed file."""
    return [(name, body) for block in tree.get(kind, []) for name, body in block.items()]


def java(path: str, strip_comments: bool = True) -> str:
    """A Java source of the repository, whitespace collapsed; comments removed unless told not to
    (the removal is naive: it would also cut a string literal holding "//")."""
    text = (REPO / path).read_text(encoding="utf-8")
    if strip_comments:
        text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
        text = re.sub(r"//[^\n]*", " ", text)
    return re.sub(r"\s+", " ", text)
