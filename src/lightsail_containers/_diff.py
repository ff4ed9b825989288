"""Comparison of two deployments: what a new deployment changes.

A comparison shows environment variable names only, never their values, and reports
only whether a launch command changed, because both often carry secrets.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import attrs

from ._enums import Protocol
from ._models import Container, Deployment, Endpoint, HealthCheck

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

_HEALTH_CHECK_FIELDS = tuple(field.name for field in attrs.fields(HealthCheck))


class ChangeKind(str, enum.Enum):
    """The kind of difference of one container between two deployments."""

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"

    def __str__(self) -> str:
        return str(self.value)


@attrs.frozen
class PortChange:
    """A port that was opened, closed or given another protocol.

    ``before`` is None for a port that was opened, ``after`` for one that was closed.
    """

    port: str
    before: Protocol | str | None
    after: Protocol | str | None

    def describe(self) -> str:
        """Return the change as words, such as ``port 443 HTTP -> HTTPS``."""
        if self.before is None:
            return f"port {self.port} opened ({self.after})"
        if self.after is None:
            return f"port {self.port} closed ({self.before})"

        return f"port {self.port} {self.before} -> {self.after}"


def _names(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(value))


def _ports(value: Iterable[PortChange]) -> tuple[PortChange, ...]:
    return tuple(value)


@attrs.frozen
class ContainerDiff:
    """The differences of one container between two deployments.

    For an added container, every variable and port counts as added; for a removed one,
    as removed.

    Attributes:
        name: The container name.
        kind: Whether the container was added, removed or changed.
        image_before: The image in the older deployment, if the container was there.
        image_after: The image in the newer deployment, if the container is there.
        command_changed: Whether the launch command differs (its text never shows).
        environment_added: Names of variables that only the newer deployment sets.
        environment_removed: Names of variables that only the older deployment sets.
        environment_changed: Names of variables whose value differs.
        ports: The ports that were opened, closed or changed protocol.
    """

    name: str
    kind: ChangeKind
    image_before: str | None = None
    image_after: str | None = None
    command_changed: bool = False
    environment_added: tuple[str, ...] = attrs.field(default=(), converter=_names)
    environment_removed: tuple[str, ...] = attrs.field(default=(), converter=_names)
    environment_changed: tuple[str, ...] = attrs.field(default=(), converter=_names)
    ports: tuple[PortChange, ...] = attrs.field(default=(), converter=_ports)

    @property
    def image_changed(self) -> bool:
        """Whether the image differs."""
        return self.image_before != self.image_after

    @property
    def environment_names_changed(self) -> tuple[str, ...]:
        """Names of the variables added, removed or changed, sorted."""
        names = {*self.environment_added, *self.environment_removed, *self.environment_changed}
        return tuple(sorted(names))

    def describe(self) -> list[str]:
        """Return the changes as lines of text, the first naming the container."""
        if self.kind is ChangeKind.REMOVED:
            return [f"- container {self.name} (image {self.image_before})"]
        if self.kind is ChangeKind.ADDED:
            return [f"+ container {self.name} (image {self.image_after})", *self._details()]

        return [f"~ container {self.name}", *self._details()]

    def _details(self) -> list[str]:
        lines = []
        if self.kind is ChangeKind.CHANGED and self.image_changed:
            lines.append(f"image {self.image_before} -> {self.image_after}")
        if self.command_changed:
            verb = "set" if self.kind is ChangeKind.ADDED else "changed"
            lines.append(f"launch command {verb}")
        for label, names in (
            ("added", self.environment_added),
            ("removed", self.environment_removed),
            ("changed", self.environment_changed),
        ):
            if names:
                lines.append(f"environment {label}: {', '.join(names)}")
        lines.extend(change.describe() for change in self.ports)
        return [f"    {line}" for line in lines]


@attrs.frozen
class DeploymentDiff:
    """The changes from one deployment to another, with a readable text form.

    Build one with ``DeploymentDiff.between`` or ``ContainerServiceClient.compare_deployments``.
    ``str()`` gives the text form, for example::

        Deployment 3 -> 4:
        + container worker (image busybox:1.36)
            environment added: QUEUE_URL
        ~ container web
            image nginx:1.25 -> nginx:1.27
            environment changed: API_TOKEN
            port 443 opened (HTTPS)
        public endpoint: web:80 -> web:443

    Attributes:
        before_version: The version of the older deployment.
        after_version: The version of the newer deployment.
        containers: The containers that differ, sorted by name.
        endpoint_before: The public endpoint of the older deployment.
        endpoint_after: The public endpoint of the newer deployment.
    """

    before_version: int | None
    after_version: int | None
    containers: tuple[ContainerDiff, ...]
    endpoint_before: Endpoint | None
    endpoint_after: Endpoint | None

    @classmethod
    def between(cls, before: Deployment, after: Deployment) -> DeploymentDiff:
        """Compare an older deployment with a newer one."""
        names = sorted({*before.containers, *after.containers})
        diffs = [
            _container_diff(name, before.containers.get(name), after.containers.get(name))
            for name in names
        ]
        return cls(
            before_version=before.version,
            after_version=after.version,
            containers=tuple(diff for diff in diffs if diff is not None),
            endpoint_before=before.public_endpoint,
            endpoint_after=after.public_endpoint,
        )

    @property
    def containers_added(self) -> tuple[str, ...]:
        """Names of the containers that only the newer deployment has."""
        return self._named(ChangeKind.ADDED)

    @property
    def containers_removed(self) -> tuple[str, ...]:
        """Names of the containers that only the older deployment has."""
        return self._named(ChangeKind.REMOVED)

    @property
    def containers_changed(self) -> tuple[str, ...]:
        """Names of the containers that both deployments have, with differences."""
        return self._named(ChangeKind.CHANGED)

    @property
    def endpoint_changed(self) -> bool:
        """Whether the public endpoint or its health check differs."""
        return self.endpoint_before != self.endpoint_after

    @property
    def has_changes(self) -> bool:
        """Whether the deployments differ in anything this comparison covers."""
        return bool(self.containers) or self.endpoint_changed

    def describe(self) -> str:
        """Return the comparison as text, one change a line."""
        header = f"Deployment {self.before_version} -> {self.after_version}:"
        if not self.has_changes:
            return f"{header} no changes"

        lines = [header]
        for diff in self.containers:
            lines.extend(diff.describe())
        if self.endpoint_changed:
            lines.extend(_endpoint_lines(self.endpoint_before, self.endpoint_after))

        return "\n".join(lines)

    def __str__(self) -> str:
        """Return the text form, as ``describe``."""
        return self.describe()

    def _named(self, kind: ChangeKind) -> tuple[str, ...]:
        return tuple(diff.name for diff in self.containers if diff.kind is kind)


def _container_diff(
    name: str, before: Container | None, after: Container | None
) -> ContainerDiff | None:
    if before is None and after is None:
        return None
    if before is None:
        return _added(name, after or Container())
    if after is None:
        return _removed(name, before)

    diff = ContainerDiff(
        name,
        ChangeKind.CHANGED,
        image_before=before.image,
        image_after=after.image,
        command_changed=tuple(before.command) != tuple(after.command),
        environment_added=after.environment.keys() - before.environment.keys(),
        environment_removed=before.environment.keys() - after.environment.keys(),
        environment_changed=_changed_keys(before.environment, after.environment),
        ports=_port_changes(before.ports, after.ports),
    )
    return diff if _differs(diff) else None


def _added(name: str, container: Container) -> ContainerDiff:
    return ContainerDiff(
        name,
        ChangeKind.ADDED,
        image_after=container.image,
        command_changed=bool(container.command),
        environment_added=container.environment.keys(),
        ports=_port_changes({}, container.ports),
    )


def _removed(name: str, container: Container) -> ContainerDiff:
    return ContainerDiff(
        name,
        ChangeKind.REMOVED,
        image_before=container.image,
        command_changed=bool(container.command),
        environment_removed=container.environment.keys(),
        ports=_port_changes(container.ports, {}),
    )


def _differs(diff: ContainerDiff) -> bool:
    return (
        diff.image_changed
        or diff.command_changed
        or bool(diff.environment_names_changed)
        or bool(diff.ports)
    )


def _changed_keys(before: Mapping[str, str], after: Mapping[str, str]) -> list[str]:
    return [key for key in before.keys() & after.keys() if before[key] != after[key]]


def _port_changes(
    before: Mapping[str, Protocol | str], after: Mapping[str, Protocol | str]
) -> list[PortChange]:
    ports = sorted({*before, *after}, key=_port_order)
    return [
        PortChange(port, before.get(port), after.get(port))
        for port in ports
        if before.get(port) != after.get(port)
    ]


def _port_order(port: str) -> tuple[int, str]:
    # Numeric order, so port 8080 comes after port 443; any other text sorts last.
    return (int(port), port) if port.isdigit() else (1 << 16, port)


def _endpoint_lines(before: Endpoint | None, after: Endpoint | None) -> list[str]:
    old_target, new_target = _endpoint_text(before), _endpoint_text(after)
    target = old_target if old_target == new_target else f"{old_target} -> {new_target}"
    lines = [f"public endpoint: {target}"]
    old = before.health_check if before is not None else None
    new = after.health_check if after is not None else None
    if old != new:
        for field in _HEALTH_CHECK_FIELDS:
            old_value = getattr(old, field) if old is not None else None
            new_value = getattr(new, field) if new is not None else None
            if old_value != new_value:
                lines.append(f"    health check {field}: {old_value} -> {new_value}")

    return lines


def _endpoint_text(endpoint: Endpoint | None) -> str:
    if endpoint is None:
        return "none"

    return f"{endpoint.container_name}:{endpoint.container_port}"
