"""`hub adapters new`: a starter mapping from a sample's header (CSV) or elements (XML)."""

from __future__ import annotations

import csv
import datetime
import re
import zipfile
from collections import Counter
from pathlib import Path

from lxml import etree

from hub.adapters.model.mapping import ENTITIES
from hub.adapters.model.names import label
from hub.adapters.model.records import FORCE_FIELDS, RECORDS
from hub.adapters.registry import examples_folder
from hub.standard._terms import normalise

SAMPLE_BYTES = 64 * 1024
MAX_ELEMENTS = 5_000
LIST_SEPARATORS = ("|", ";", "/", ",")
NUMERIC = re.compile(r"[\d/.:\- ]+")
# Headers that look like a day: 01/11/2021, 2021-11-01, 01-Nov-21, Mon 01/11, 1 Nov
DATE_HEADER = re.compile(
    r"^(?:[A-Za-z]{3,9}\.?\s+)?(?:\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?|\d{4}-\d{2}-\d{2}"
    r"|\d{1,2}[ -][A-Za-z]{3,9}(?:[ -]\d{2,4})?)$"
)


BOM = b"\xef\xbb\xbf"
#: Date formats tried on day headers, as a mapping writes them.
DATE_FORMATS = [
    ("iso", "iso"),
    ('"%d/%m/%Y"', "%d/%m/%Y"),
    ('"%d/%m/%y"', "%d/%m/%y"),
    ('"%d-%b-%y"', "%d-%b-%y"),
    ('"%d-%b-%Y"', "%d-%b-%Y"),
    ('"%d %b %Y"', "%d %b %Y"),
    ('"%d.%m.%Y"', "%d.%m.%Y"),
]

#: Rows of a sheet the starter reads to find its header and sample its cells.
SHEET_ROWS = 200
#: Sheets of a workbook it looks at.
SHEETS = 20


def starter_mapping(sample: Path, entity: str) -> str:
    """YAML text of a mapping for `sample` producing `entity`, with TODOs to fill in."""
    if entity not in ENTITIES:
        raise ValueError(f"unknown entity {entity!r}; one of {', '.join(ENTITIES)}")
    hints: list[str] = []
    if sample.suffix.lower() == ".xml":
        source, names, hints = _xml(sample)
    elif sample.suffix.lower() == ".xlsx":
        source, names, hints = _xlsx(sample)
    elif sample.read_bytes()[:4] in (b"PK\x03\x04", b"\xd0\xcf\x11\xe0"):
        raise ValueError(
            f"{sample.name} is a spreadsheet or archive, not text: save an Excel workbook as "
            ".xlsx (or the sheet as CSV) and give that"
        )
    else:
        source, names, hints = _csv(sample)
    lines = [
        f"# yaml-language-server: $schema={examples_folder() / 'mapping.schema.json'}",
        f"# Starter mapping written from {sample.name}: replace every TODO (see docs/adapters.md).",
        f"# Source fields found: {', '.join(names)}",
        *hints,
        f"adapter: {adapter_name(sample.stem)}",
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
        written = label(entity, field)
        if guess is not None:
            lines.append(f"      {written}: {_quote(guess)}")
        elif info.is_required() and not defaulted:
            lines.append(f"      {written}: TODO  # required")
        else:
            lines.append(f"      # {written}: ")
    return "\n".join(lines) + "\n"


def adapter_name(stem: str) -> str:
    """A file's stem as an adapter name, keeping its word breaks (`GMP_HR export`:
    `gmp-hr-export`)."""
    words = re.findall(r"[a-z0-9]+", stem.lower())
    return "-".join(words) or "my-adapter"


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


def _csv(sample: Path) -> tuple[list[str], list[str], list[str]]:
    raw = sample.read_bytes()[:SAMPLE_BYTES]
    marked: list[str] = []
    try:
        text, encoding = raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        text, encoding = raw.removeprefix(BOM).decode("cp1252", errors="replace"), "windows-1252"
        if raw.startswith(BOM):
            marked = [
                "# The file starts with a UTF-8 byte order mark, but the rest is not UTF-8:",
                "# it is read as Windows-1252 and the mark before the first header is skipped.",
            ]
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t|")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    rows = list(csv.reader(text.splitlines()[:200], delimiter=delimiter))
    header = rows[0] if rows else []
    names = [cell.strip() for cell in header if cell.strip()]
    source = [
        "source:",
        "  type: csv",
        f"  encoding: {encoding}",
        f"  delimiter: {_quote(delimiter)}",
    ]
    source += _fill_down_lines(_sparse_columns(header, [row for row in rows[1:] if any(row)]))
    hints = marked + _duplicate_hint(names) + _unpivot_hint(names)
    return source, names, hints + _split_hints(rows, delimiter)


def _cell_text(value: object) -> str:
    """A cell as the xlsx reader gives it: text, numbers as written, dates as ISO dates."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        moment = value
        return moment.date().isoformat() if moment.time() == datetime.time() else moment.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _xlsx(sample: Path) -> tuple[list[str], list[str], list[str]]:
    """The sheet with the widest table (a notes sheet is passed over), and its header: the
    first of its first rows as full as the fullest."""
    from openpyxl import load_workbook

    workbook = load_workbook(sample, read_only=True, data_only=True)
    try:
        sheets = {
            sheet.title: [
                [_cell_text(value) for value in row]
                for row in sheet.iter_rows(max_row=SHEET_ROWS, values_only=True)
            ]
            for sheet in workbook.worksheets[:SHEETS]
        }
        parts = {
            sheet.title: getattr(sheet, "_worksheet_path", None)
            for sheet in workbook.worksheets[:SHEETS]
        }
    finally:
        workbook.close()

    def width(rows: list[list[str]]) -> int:
        return max((sum(1 for cell in row if cell) for row in rows), default=0)

    title = max(sheets, key=lambda name: width(sheets[name]))  # the first of the widest
    rows = sheets[title]
    fullest = width(rows)
    header_row = next(
        (n for n, row in enumerate(rows, 1) if sum(1 for cell in row if cell) == fullest), 1
    )
    names = [cell for cell in rows[header_row - 1] if cell] if rows else []
    source = ["source:", "  type: xlsx", f"  sheet: {_quote(title)}", f"  header_row: {header_row}"]
    header = rows[header_row - 1] if rows else []
    merged = _merged_down(sample, parts[title], header_row)
    source += _fill_down_lines(
        [header[i] for i in sorted(merged) if i < len(header) and header[i]], merged=True
    )
    others = [name for name in sheets if name != title]
    hints = [f"# Other sheets: {', '.join(others)}"] if others else []
    data = [row for row in rows[header_row:] if any(row)]
    hints += _duplicate_hint(names) + _unpivot_hint(names)
    return source, names, hints + _split_hints([names, *data], ",")


def _merged_down(sample: Path, part: str | None, header_row: int) -> set[int]:
    """The columns (from 0) with cells merged down over rows below the header (a unit's
    serial written once over its officers' rows), from the sheet's `mergeCell` elements."""
    from openpyxl.utils.cell import range_boundaries

    found: set[int] = set()
    try:
        with zipfile.ZipFile(sample) as archive, archive.open(part or "") as stream:
            for _event, element in etree.iterparse(
                stream, tag="{*}mergeCell", resolve_entities=False, no_network=True
            ):
                low_col, low_row, high_col, high_row = range_boundaries(element.get("ref", ""))
                if low_row is not None and low_row > header_row and high_row != low_row:
                    found.update(range((low_col or 1) - 1, high_col or low_col or 1))
                element.clear()
    except (KeyError, OSError, ValueError, TypeError, zipfile.BadZipFile, etree.LxmlError):
        return set()
    return found


def _sparse_columns(header: list[str], data: list[list[str]]) -> list[str]:
    """Columns blank on most rows, each blank under a filled cell: perhaps a value written
    once for a group of rows (a report printing a unit's serial on its first row only)."""
    if len(data) < 3:
        return []
    found = []
    for index, name in enumerate(header):
        cells = [row[index].strip() if index < len(row) else "" for row in data]
        first = next((n for n, cell in enumerate(cells) if cell), None)
        if not name.strip() or first is None:
            continue
        under = sum(1 for cell in cells[first:] if not cell)
        if under * 2 > len(cells):
            found.append(name.strip())
    return found


def _fill_down_lines(columns: list[str], *, merged: bool = False) -> list[str]:
    """The source's `fill_down`: given for cells merged down, proposed for sparse columns."""
    if not columns:
        return []
    listed = ", ".join(_quote(name) if ":" in name or "#" in name else name for name in columns)
    if merged:
        return [
            "  # cells merged down over the rows below them: each row takes the value above",
            "  # (list only the columns the mapping reads)",
            f"  fill_down: [{listed}]",
        ]
    return [
        "  # blank on most rows, under a filled cell: if a blank means 'as above', keep",
        f"  # fill_down: [{listed}]",
    ]


def _duplicate_hint(names: list[str]) -> list[str]:
    """Headers named twice (Mon ... Sun under each week of a rota): a file the reader refuses."""
    twice = [name for name, count in Counter(names).items() if count > 1]
    if not twice:
        return []
    return [
        f"# Columns named twice ({', '.join(twice[:7])}): the import refuses such a header",
        "# (CSV_DUPLICATE_HEADER). If a row above names each group (a week commencing over its",
        "# days), the mapping cannot combine two header rows: export the day row as dates",
        "# (01/11/2021, or date cells shown as days), then give header_row that row.",
    ]


def _unpivot_hint(names: list[str]) -> list[str]:
    """Headers that look like days: one column per day, to repeat over (unpivot)."""
    days = [name for name in names if DATE_HEADER.match(name)]
    if len(days) < 2:
        return []
    pattern = _pattern_of(days)
    return [
        f"# The columns {days[0]!r} ... {days[-1]!r} look like days (a wide rota): produce one",
        "# record per day cell with a repeat, the date from the header:",
        f"#   repeat: {{as: day, columns: '{pattern}'}}",
        "#   when: {item: day, transforms: [{null_if: [RD, AL]}]}   # rest days, leave",
        f"#   dutyDate: {{item: day, part: header, transforms: [{{date: {_date_format(days)}}}]}}",
    ]


def _date_format(days: list[str]) -> str:
    """The first format every day header is a date in, or TODO."""
    for written, code in DATE_FORMATS:
        try:
            for day in days:
                if code == "iso":
                    datetime.date.fromisoformat(day)
                else:
                    datetime.datetime.strptime(day, code)
        except ValueError:
            continue
        return written
    return "TODO"


def _pattern_of(days: list[str]) -> str:
    """A regular expression matching every day header (digits and letters generalised)."""
    shapes = {
        "".join(
            r"\d+" if part[0].isdigit() else "[A-Za-z]+" if part[0].isalpha() else re.escape(part)
            for part in re.findall(r"\d+|[A-Za-z]+|[^A-Za-z\d]+", day)
        )
        for day in days
    }
    return "^(?:" + "|".join(sorted(shapes)) + ")$" if len(shapes) > 1 else f"^{shapes.pop()}$"


def _split_hints(rows: list[list[str]], delimiter: str) -> list[str]:
    """Columns whose cells hold lists ("PSU L2|Search"): split them, or repeat over them."""
    if len(rows) < 2:
        return []
    hints = []
    for index, name in enumerate(rows[0]):
        cells = [row[index].strip() for row in rows[1:] if index < len(row) and row[index].strip()]
        if all(NUMERIC.fullmatch(cell) for cell in cells):
            continue  # dates, times and numbers are not lists
        for separator in LIST_SEPARATORS:
            if separator == delimiter or not cells:
                continue
            if sum(separator in cell for cell in cells) * 2 >= len(cells):
                column, split = _quote(name.strip()), _quote(separator)
                hints += [
                    f"# {name.strip()!r} holds lists ({cells[0]!r}): split it, as a list field"
                    f" {{column: {column}, transforms: [{{split: {split}}}]}}",
                    "# or one record per item:"
                    f" repeat: {{as: item, column: {column}, split: {split}}}",
                ]
                break
    return hints


def _xml(sample: Path) -> tuple[list[str], list[str], list[str]]:
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
    record, others = _record_paths(counts)
    names = _leaves(record, children)
    source = ["source:", "  type: xml", f"  record: /{record}", "  namespaces:"]
    source += [f"    {prefix}: {_quote(uri)}" for prefix, uri in sorted(namespaces.items())]
    if not namespaces:
        source[-1] = "  namespaces: {}"
    hints = [
        "# Other repeated elements (the record of another output, or a section that records",
        "# refer to by local id, to list under source.keep):",
        *(f"#   /{path} ({counts[path]})" for path in others),
    ]
    return source, names, hints if others else []


def _record_paths(counts: Counter[str]) -> tuple[str, list[str]]:
    """The record element: the outermost element that repeats (an employee, not the skills
    inside it), the most repeated of those at its depth; and the other repeated elements that
    are not inside it."""
    repeated = [path for path, count in counts.items() if count > 1]
    if not repeated:
        return max(counts, key=lambda path: (-path.count("/"), counts[path]), default=""), []
    record = min(repeated, key=lambda path: (path.count("/"), -counts[path]))
    others = [
        path
        for path in repeated
        if path != record
        and not path.startswith(record + "/")
        and not any(path.startswith(other + "/") for other in repeated if other != record)
    ]
    return record, others


def _leaves(record: str, children: dict[str, set[str]]) -> list[str]:
    """What a record holds, as XPaths from it: attributes, and elements down to their leaves
    (`Name/Surname`, `Name/@lang`); an element with children is listed by its leaves."""
    found: list[str] = []

    def walk(path: str, relative: str) -> None:
        for child in sorted(children.get(path, set())):
            if child.startswith("@"):
                found.append(f"{relative}/{child}" if relative else child)
                continue
            inner = f"{relative}/{child}" if relative else child
            below = children.get(f"{path}/{child}", set())
            if not any(not name.startswith("@") for name in below):
                found.append(inner)
            if inner.count("/") < 6:
                walk(f"{path}/{child}", inner)

    walk(record, "")
    if not any(not name.startswith("@") for name in children.get(record, set())):
        found.insert(0, ".")  # the record's own text
    return found


def _name(tag: str, namespaces: dict[str, str]) -> str:
    if not tag.startswith("{"):
        return tag
    uri, _, local = tag[1:].partition("}")
    prefix = next((p for p, u in namespaces.items() if u == uri), "d")
    return f"{prefix}:{local}"
