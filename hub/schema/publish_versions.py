"""Versions of the standard: the CHANGELOG's newest entry, the released SDL, and what changed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import graphql

from hub.schema.publish_sdl import parse_sdl

SEMVER = re.compile(r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)")
CHANGELOG_HEADING = re.compile(r"^## \[(?P<version>[^\]]+)\]", re.MULTILINE)


@dataclass(frozen=True, order=True, slots=True)
class Version:
    """A semantic version of the standard (`MAJOR.MINOR.PATCH`)."""

    major: int
    minor: int
    patch: int

    @classmethod
    def parse(cls, text: str) -> Version | None:
        match = SEMVER.fullmatch(text.strip())
        if match is None:
            return None
        major, minor, patch = (int(part) for part in match.groups())
        return cls(major, minor, patch)

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}"


def changelog_version(path: Path) -> Version | None:
    """The newest `## [X.Y.Z]` entry of a Keep a Changelog file (`[Unreleased]` is skipped)."""
    if not path.is_file():
        return None
    headings = CHANGELOG_HEADING.finditer(path.read_text(encoding="utf-8"))
    versions = [Version.parse(match["version"]) for match in headings]
    return max((version for version in versions if version), default=None)


def released_versions(folder: Path) -> dict[Version, Path]:
    """The released schemas in `folder`, one `<X.Y.Z>.graphql` file each, oldest first."""
    if not folder.is_dir():
        return {}
    found: dict[Version, Path] = {}
    for path in folder.glob("*.graphql"):
        version = Version.parse(path.name.removesuffix(".graphql"))
        if version is not None:
            found[version] = path
    return dict(sorted(found.items()))


def latest_release(folder: Path) -> tuple[Version, Path] | None:
    """The highest released version and its SDL file, or None before the first release."""
    releases = released_versions(folder)
    return max(releases.items(), default=None)


RECORDS_SUFFIX = ".json-schema.json"


def records_release_path(folder: Path, version: Version) -> Path:
    """Where the record schemas of a released version are kept (one JSON object by file name)."""
    return folder / f"{version}{RECORDS_SUFFIX}"


def latest_records_release(folder: Path) -> tuple[Version, Path] | None:
    """The highest version released with record schemas, and their file."""
    if not folder.is_dir():
        return None
    found = (
        (Version.parse(path.name.removesuffix(RECORDS_SUFFIX)), path)
        for path in folder.glob(f"*{RECORDS_SUFFIX}")
    )
    releases = {version: path for version, path in found if version is not None}
    return max(releases.items(), default=None)


@dataclass(frozen=True, slots=True)
class Changes:
    """What changed between two schemas, as `TYPE: description` lines in graphql-core's order."""

    breaking: list[str]
    dangerous: list[str]


def compare(old_sdl: str, new_sdl: str) -> Changes:
    """Breaking and dangerous changes from `old_sdl` to `new_sdl` (graphql-core's rules)."""
    old, new = parse_sdl(old_sdl), parse_sdl(new_sdl)
    breaking = [f"{c.type.name}: {c.description}" for c in graphql.find_breaking_changes(old, new)]
    dangerous = [
        f"{c.type.name}: {c.description}" for c in graphql.find_dangerous_changes(old, new)
    ]
    return Changes(breaking=breaking, dangerous=dangerous)
