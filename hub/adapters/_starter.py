"""`hub adapters new`: a starter mapping from a sample's header (CSV) or elements (XML)."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from lxml import etree

from hub.adapters._compile import FORCE_FIELDS
from hub.adapters._mapping import ENTITIES
from hub.adapters._records import RECORDS
from hub.adapters._registry import examples_folder
from hub.standard._terms import normalise

SAMPLE_BYTES = 64 * 1024
MAX_ELEMENTS = 5_000


def starter_mapping(sample: Path, entity: str) -> str:
    """YAML text of a mapping for `sample` producing `entity`, with TODOs to fill in."""
    if entity not in ENTITIES:
        raise ValueError(f"unknown entity {entity!r}; one of {', '.join(ENTITIES)}")
    if sample.suffix.lower() == ".xml":
        source, names = _xml(sample)
    else:
        source, names = _csv(sample)
    lines = [
        f"# yaml-language-server: $schema={examples_folder() / 'mapping.schema.json'}",
        f"# Starter mapping written from {sample.name}: replace every TODO (see docs/adapters.md).",
        f"# Source fields found: {', '.join(names)}",
        f"adapter: {normalise(sample.stem) or 'my-adapter'}",
        "description: TODO",
        "force: TODO  # the force whose data this is, or delete the line",
        *source,
        "records:",
        f"  - entity: {entity}",
        "    fields:",
    ]
    for field, info in RECORDS[entity].model_fields.items():
        guess = _guess(field, names)
        defaulted = field in FORCE_FIELDS.get(entity, ())
        if guess is not None:
            lines.append(f"      {field}: {_quote(guess)}")
        elif info.is_required() and not defaulted:
            lines.append(f"      {field}: TODO  # required")
        else:
            lines.append(f"      # {field}: ")
    return "\n".join(lines) + "\n"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


GUESSES = {
    "service_number": ("collar", "warrant", "serviceno", "number"),
    "family_name": ("surname", "lastname"),
    "given_name": ("forename", "firstname"),
    "reference": ("ref", "id"),
}


def _guess(field: str, names: list[str]) -> str | None:
    wanted = (normalise(field), *GUESSES.get(field, ()))
    for name in names:
        tail = normalise(name.rsplit("/", 1)[-1].split(":")[-1].lstrip("@"))
        if any(tail == w or (len(w) > 3 and w in tail) for w in wanted):
            return name
    return None


def _csv(sample: Path) -> tuple[list[str], list[str]]:
    raw = sample.read_bytes()[:SAMPLE_BYTES]
    try:
        text, encoding = raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        text, encoding = raw.decode("cp1252", errors="replace"), "windows-1252"
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t|")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    header = next(csv.reader([text.split("\n", 1)[0]], delimiter=delimiter), [])
    names = [cell.strip() for cell in header if cell.strip()]
    source = [
        "source:",
        "  type: csv",
        f"  encoding: {encoding}",
        f"  delimiter: {_quote(delimiter)}",
    ]
    return source, names


def _xml(sample: Path) -> tuple[list[str], list[str]]:
    counts: Counter[str] = Counter()
    namespaces: dict[str, str] = {}
    stack: list[str] = []
    children: dict[str, set[str]] = {}
    events = etree.iterparse(
        str(sample),
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
    )
    for seen, (event, element) in enumerate(events):
        if seen > MAX_ELEMENTS:
            break
        if event == "start":
            for prefix, uri in (element.nsmap or {}).items():
                namespaces.setdefault(prefix or "d", uri)
            stack.append(_name(element.tag, namespaces))
            path = "/".join(stack)
            counts[path] += 1
            children.setdefault("/".join(stack[:-1]), set()).add(stack[-1])
            children.setdefault(path, set()).update(f"@{a}" for a in element.attrib)
        else:
            stack.pop()
    record = max(counts, key=lambda path: (counts[path], -path.count("/")), default="")
    names = sorted(children.get(record, set()))
    source = ["source:", "  type: xml", f"  record: /{record}", "  namespaces:"]
    source += [f"    {prefix}: {_quote(uri)}" for prefix, uri in sorted(namespaces.items())]
    if not namespaces:
        source[-1] = "  namespaces: {}"
    return source, names


def _name(tag: str, namespaces: dict[str, str]) -> str:
    if not tag.startswith("{"):
        return tag
    uri, _, local = tag[1:].partition("}")
    prefix = next((p for p, u in namespaces.items() if u == uri), "d")
    return f"{prefix}:{local}"
