"""The published standard (`standards/`): export it, check it for drift and breaking changes,
and release a version of it.

Layout: `standards/schema.graphql` and `standards/README.md` are generated from the code by
`hub schema export`; `standards/CHANGELOG.md` is written by people, and its newest
`## [X.Y.Z]` entry is the current version; `standards/released/<X.Y.Z>.graphql` holds the SDL of
each released version, written once by `release_standard` and never by the export. The highest
of those is the released schema that clients rely on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from strawberry.schema.base import BaseSchema

from hub.errors import HubError
from hub.schema.publish_dictionary import data_dictionary
from hub.schema.publish_sdl import schema_sdl, undescribed
from hub.schema.publish_versions import Version, changelog_version, compare, latest_release
from hub.standard import Vocabulary

STANDARDS = "standards"
SCHEMA_FILE = "schema.graphql"
README_FILE = "README.md"
CHANGELOG_FILE = "CHANGELOG.md"
RELEASED_FOLDER = "released"

ReleaseErrorCode = Literal[
    "STANDARD_NO_VERSION",
    "STANDARD_VERSION_NOT_NEWER",
    "STANDARD_RELEASE_DIFFERS",
    "STANDARD_BREAKING_CHANGE",
]


class StandardError(HubError):
    """The standard cannot be released as it stands; the message says what to change."""

    def __init__(self, code: ReleaseErrorCode, message: str, *, file: Path) -> None:
        super().__init__(code, message, file=str(file))


@dataclass
class StandardCheck:
    """What `hub schema check` found: problems fail the check, notes only inform."""

    problems: list[str]
    breaking: list[str]
    released_version: str | None
    current_version: str | None
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def write_standard(root: Path, schema: BaseSchema, vocabulary: Vocabulary) -> list[Path]:
    """Write `standards/schema.graphql` and `standards/README.md` under `root`."""
    written = []
    for path, text in _generated(root, schema, vocabulary).items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    return written


def check_standard(root: Path, schema: BaseSchema, vocabulary: Vocabulary) -> StandardCheck:
    """Drift of the generated files, and changes of the schema against the released one."""
    folder = root / STANDARDS
    drift = [_drift(path, text) for path, text in _generated(root, schema, vocabulary).items()]
    current = changelog_version(folder / CHANGELOG_FILE)
    release = latest_release(folder / RELEASED_FOLDER)
    check = StandardCheck(
        problems=[problem for problem in drift if problem],
        breaking=[],
        released_version=str(release[0]) if release else None,
        current_version=str(current) if current else None,
    )
    if current is None:
        check.problems.append(f"{_show(folder / CHANGELOG_FILE)} has no `## [X.Y.Z]` entry")
    if release is None:
        check.notes.append("no released schema yet: nothing to check for breaking changes")
    else:
        _check_compatibility(check, schema_sdl(schema), current, *release)
    return check


def _check_compatibility(
    check: StandardCheck, sdl: str, current: Version | None, released: Version, path: Path
) -> None:
    released_sdl = path.read_text(encoding="utf-8")
    changes = compare(released_sdl, sdl)
    check.breaking = changes.breaking
    check.notes.extend(f"dangerous: {change}" for change in changes.dangerous)
    if current is None:
        return
    check.problems.extend(_version_problems(current, released, changes.breaking))
    if current == released and released_sdl != sdl:
        check.notes.append(
            f"the schema has changed since {released} was released: "
            f"record the change under a new version in {CHANGELOG_FILE}"
        )


def release_standard(root: Path, schema: BaseSchema) -> Path:
    """Copy the current SDL to `standards/released/<CHANGELOG version>.graphql`.

    Releasing the same SDL again is harmless; a different SDL under a released version, a version
    older than the latest release, or a breaking change without a new major version is refused.
    """
    folder = root / STANDARDS
    changelog = folder / CHANGELOG_FILE
    current = changelog_version(changelog)
    if current is None:
        raise StandardError("STANDARD_NO_VERSION", "no `## [X.Y.Z]` entry", file=changelog)
    sdl = schema_sdl(schema)
    target = folder / RELEASED_FOLDER / f"{current}.graphql"
    if target.is_file():
        if target.read_text(encoding="utf-8") != sdl:
            message = f"version {current} was released with a different schema"
            raise StandardError("STANDARD_RELEASE_DIFFERS", message, file=target)
        return target
    _check_release(folder, current, sdl, changelog)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(sdl, encoding="utf-8", newline="\n")
    return target


def _check_release(folder: Path, current: Version, sdl: str, changelog: Path) -> None:
    release = latest_release(folder / RELEASED_FOLDER)
    if release is None:
        return
    released, released_path = release
    if current < released:
        message = f"version {current} is older than the released {released}"
        raise StandardError("STANDARD_VERSION_NOT_NEWER", message, file=changelog)
    problems = _version_problems(
        current, released, compare(released_path.read_text(encoding="utf-8"), sdl).breaking
    )
    if problems:
        raise StandardError("STANDARD_BREAKING_CHANGE", problems[0], file=changelog)


def _generated(root: Path, schema: BaseSchema, vocabulary: Vocabulary) -> dict[Path, str]:
    folder = root / STANDARDS
    return {
        folder / SCHEMA_FILE: schema_sdl(schema),
        folder / README_FILE: data_dictionary(schema, vocabulary),
    }


def _drift(path: Path, expected: str) -> str | None:
    if not path.is_file():
        return f"{_show(path)} is missing: run `hub schema export`"
    actual = path.read_text(encoding="utf-8")
    if actual == expected:
        return None
    line = _first_difference(actual, expected)
    return f"{_show(path)} differs from the code (from line {line}): run `hub schema export`"


def _first_difference(actual: str, expected: str) -> int:
    actual_lines, expected_lines = actual.splitlines(), expected.splitlines()
    for number, (seen, wanted) in enumerate(zip(actual_lines, expected_lines, strict=False), 1):
        if seen != wanted:
            return number
    return min(len(actual_lines), len(expected_lines)) + 1


def _version_problems(current: Version, released: Version, breaking: list[str]) -> list[str]:
    if current < released:
        return [f"{CHANGELOG_FILE} version {current} is older than the released {released}"]
    if breaking and current.major <= released.major:
        return [
            f"{len(breaking)} breaking change(s) against the released {released}: record a new "
            f"major version ({released.major + 1}.0.0) in {CHANGELOG_FILE}, or keep the old fields"
        ]
    return []


def _show(path: Path) -> str:
    """`standards/...` rather than an absolute path, so messages read the same everywhere."""
    parts = path.parts
    return "/".join(parts[parts.index(STANDARDS) :]) if STANDARDS in parts else str(path)


__all__ = [
    "StandardCheck",
    "StandardError",
    "check_standard",
    "data_dictionary",
    "release_standard",
    "schema_sdl",
    "undescribed",
    "write_standard",
]
