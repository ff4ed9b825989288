"""Metadata about Lightsail containers (GetContainerAPIMetadata)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import attrs

from ._coercion import read_only

LIGHTSAILCTL_VERSION = "lightsailctlVersion"


def _entries(value: Iterable[Mapping[str, str]]) -> tuple[Mapping[str, str], ...]:
    return tuple(read_only(entry) for entry in value)


@attrs.frozen
class ContainerApiMetadata:
    """The metadata entries of GetContainerAPIMetadata, each a map of strings.

    The API reference documents the entries only as string maps that include the
    current version of the Lightsail Control (lightsailctl) plugin. AWS's lightsailctl
    reads each entry as ``{"name": ..., "value": ...}``; ``get`` also accepts an entry
    that maps the name to the value directly.
    """

    entries: tuple[Mapping[str, str], ...] = attrs.field(default=(), converter=_entries)

    def get(self, name: str) -> str | None:
        """Return the value of the entry ``name``, or None if no entry has that name."""
        for entry in self.entries:
            if entry.get("name") == name and "value" in entry:
                return entry["value"]

        for entry in self.entries:
            if name in entry:
                return entry[name]

        return None

    @property
    def lightsailctl_version(self) -> str | None:
        """The current version of the Lightsail Control plugin, such as ``v1.0.7``."""
        return self.get(LIGHTSAILCTL_VERSION)
