"""Waiter decisions on one snapshot: stop, fail, or poll again.

Each target decides from one snapshot alone, with no I/O and no clock, so a
synchronous and an asynchronous driver can share the rules. A snapshot of ``None``
means GetContainerServices reported that the service does not exist.
"""

from __future__ import annotations

import enum
import reprlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol, TypeGuard

import attrs

from ._enums import SERVICE_UP, ContainerServiceState, DeploymentState

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from typing import TypeAlias

    from ._enums import Power
    from ._models import ContainerService, Deployment

    ServiceStates: TypeAlias = ContainerServiceState | str | Iterable[ContainerServiceState | str]


class Outcome(enum.Enum):
    """The kind of a waiter decision."""

    DONE = "done"
    PENDING = "pending"
    DEPLOYMENT_FAILED = "deployment failed"
    TERMINAL_STATE_DETAIL = "terminal state detail"
    UNREACHABLE = "unreachable"
    NOT_FOUND = "not found"


@attrs.frozen
class Decision:
    """A waiter decision, with the reason for a failure in words for the user."""

    outcome: Outcome
    reason: str = ""
    version: int | None = None

    @property
    def is_pending(self) -> bool:
        """Whether the waiter should poll again."""
        return self.outcome is Outcome.PENDING

    @property
    def is_failure(self) -> bool:
        """Whether the target can no longer be reached."""
        return self.outcome not in {Outcome.DONE, Outcome.PENDING}


_DONE = Decision(Outcome.DONE)
_PENDING = Decision(Outcome.PENDING)
_NOT_FOUND = Decision(Outcome.NOT_FOUND, "it does not exist")


class Target(Protocol):
    """A waiter's target: the decision rules of one lifecycle."""

    def describe(self) -> str:
        """Name the target for messages."""
        ...

    def tracked_deployment(self, service: ContainerService) -> Deployment | None:
        """Return the deployment whose progress a transition reports."""
        ...

    def decide(self, service: ContainerService | None) -> Decision:
        """Decide from one snapshot: done, failed, or poll again."""
        ...

    def to_dict(self) -> dict[str, Any]:
        """Return the target as JSON-compatible data, for a resume token."""
        ...


def _check_terminal_and_unreachable(
    service: ContainerService, wanted: Iterable[ContainerServiceState]
) -> Decision | None:
    detail = service.state_detail
    if detail is not None and detail.is_terminal:
        return Decision(
            Outcome.TERMINAL_STATE_DETAIL,
            f"it reports {detail.code} ({detail.message or 'no message'})",
        )

    if (
        service.state is ContainerServiceState.DELETING
        and ContainerServiceState.DELETING not in wanted
    ):
        return Decision(Outcome.UNREACHABLE, "it is being deleted")

    # DISABLED with isDisabled false is a service on its way back up after an update.
    disabled = service.state is ContainerServiceState.DISABLED and service.is_disabled
    if disabled and ContainerServiceState.DISABLED not in wanted:
        return Decision(
            Outcome.UNREACHABLE,
            "it is disabled; enable it with update_service(name, is_disabled=False)",
        )

    return None


def _latest(service: ContainerService) -> Deployment | None:
    return service.next_deployment or service.current_deployment


@attrs.frozen
class ServiceStateTarget:
    """Wait until the service is in one of ``states``."""

    states: frozenset[ContainerServiceState]

    def describe(self) -> str:
        """Name the target for messages, for example ``READY or RUNNING``."""
        return " or ".join(sorted(state.value for state in self.states))

    def tracked_deployment(self, service: ContainerService) -> Deployment | None:
        """Return the deployment whose progress a transition reports."""
        return _latest(service)

    def decide(self, service: ContainerService | None) -> Decision:
        """Decide from one snapshot whether the service reached one of ``states``."""
        if service is None:
            return _NOT_FOUND
        if service.state in self.states:
            return _DONE

        return _check_terminal_and_unreachable(service, self.states) or _PENDING

    def to_dict(self) -> dict[str, Any]:
        """Return the target as JSON-compatible data, for a resume token."""
        return {"kind": "state", "states": sorted(state.value for state in self.states)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ServiceStateTarget:
        """Rebuild the target from the data of ``to_dict``.

        Raises:
            ValueError: ``states`` is not a non-empty list of container service states,
                or the data has another member.
        """
        _check_members(data, ("kind", "states"))
        states = _required(data, "states")
        if not isinstance(states, list) or not states:
            raise invalid_token(
                "target.states", states, "is not a list of states; use a list such as ['READY']"
            )

        known = {state.value: state for state in ContainerServiceState}
        for index, state in enumerate(states):
            if not isinstance(state, str) or state not in known:
                raise invalid_token(
                    f"target.states[{index}]",
                    state,
                    f"is not a container service state; use {_either(known)}",
                )

        return cls(frozenset(known[state] for state in states))


@attrs.frozen
class UpdateTarget:
    """Wait until an update is applied: READY or RUNNING, with the requested values.

    Fields left as ``None`` are not compared. Domain names are compared as sets per
    certificate, because AWS need not keep their order.
    """

    power: str | None = None
    scale: int | None = None
    public_domain_names: Mapping[str, frozenset[str]] | None = None

    def describe(self) -> str:
        """Name the target for messages."""
        parts = []
        if self.power is not None:
            parts.append(f"power {self.power}")
        if self.scale is not None:
            parts.append(f"scale {self.scale}")
        if self.public_domain_names is not None:
            parts.append("the requested domain names")

        if not parts:
            return "READY or RUNNING"
        return "READY or RUNNING with " + ", ".join(parts)

    def tracked_deployment(self, service: ContainerService) -> Deployment | None:
        """Return the deployment whose progress a transition reports."""
        return _latest(service)

    def decide(self, service: ContainerService | None) -> Decision:
        """Decide whether the service is up again and reports the requested values."""
        if service is None:
            return _NOT_FOUND
        if service.state in SERVICE_UP and self._applied(service):
            return _DONE

        return _check_terminal_and_unreachable(service, SERVICE_UP) or _PENDING

    def _applied(self, service: ContainerService) -> bool:
        if self.power is not None and service.power != self.power:
            return False
        if self.scale is not None and service.scale != self.scale:
            return False
        if self.public_domain_names is None:
            return True

        reported = {cert: frozenset(names) for cert, names in service.public_domain_names.items()}
        return reported == dict(self.public_domain_names)

    def to_dict(self) -> dict[str, Any]:
        """Return the target as JSON-compatible data, for a resume token."""
        domains = None
        if self.public_domain_names is not None:
            domains = {cert: sorted(names) for cert, names in self.public_domain_names.items()}
        return {"kind": "update", "power": self.power, "scale": self.scale, "domains": domains}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> UpdateTarget:
        """Rebuild the target from the data of ``to_dict``, where a missing member means None.

        Only the types are checked, because ``update_waiter`` accepts any power string
        and any scale.

        Raises:
            ValueError: ``power`` is not a string, ``scale`` not a whole number, or
                ``domains`` not an object of domain-name lists, or the data has another
                member.
        """
        _check_members(data, ("kind", "power", "scale", "domains"))
        power = data.get("power")
        if power is not None and not isinstance(power, str):
            raise invalid_token(
                "target.power", power, "is not a power; use a string such as 'nano'"
            )

        scale = data.get("scale")
        if scale is not None and not _is_whole_number(scale):
            raise invalid_token(
                "target.scale", scale, "is not a scale; use a whole number such as 2"
            )

        domains = data.get("domains")
        return cls(
            power=power,
            scale=scale,
            public_domain_names=None if domains is None else _domain_sets(domains),
        )


def _domain_sets(domains: object) -> dict[str, frozenset[str]]:
    if not isinstance(domains, Mapping):
        raise invalid_token(
            "target.domains",
            domains,
            "is not an object of certificate names and domain names; "
            "use an object such as {'my-certificate': ['www.example.com']}",
        )

    sets = {}
    for certificate, names in domains.items():
        member = f"target.domains[{certificate!r}]"
        if not isinstance(certificate, str):
            raise invalid_token(member, certificate, "is not a certificate name; use a string")
        if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
            raise invalid_token(
                member,
                names,
                "is not a list of domain names; use a list such as ['www.example.com']",
            )
        sets[certificate] = frozenset(names)

    return sets


@attrs.frozen
class DeletedTarget:
    """Wait until GetContainerServices reports that the service does not exist."""

    def describe(self) -> str:
        """Name the target for messages."""
        return "deleted"

    def tracked_deployment(self, service: ContainerService) -> Deployment | None:
        """Return the deployment whose progress a transition reports."""
        return _latest(service)

    def decide(self, service: ContainerService | None) -> Decision:
        """Decide whether the service is gone."""
        if service is None:
            return _DONE

        # A service that is not being deleted will not go away by waiting.
        if service.state is not ContainerServiceState.DELETING and service.is_settled:
            return Decision(
                Outcome.UNREACHABLE, f"it is {service.state}, and no deletion is in progress"
            )

        return _PENDING

    def to_dict(self) -> dict[str, Any]:
        """Return the target as JSON-compatible data, for a resume token."""
        return {"kind": "deleted"}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DeletedTarget:
        """Rebuild the target from the data of ``to_dict``.

        Raises:
            ValueError: The data has a member other than ``kind``.
        """
        _check_members(data, ("kind",))
        return cls()


@attrs.frozen
class DeploymentTarget:
    """Wait until deployment ``version`` is the service's ACTIVE current deployment."""

    version: int

    def describe(self) -> str:
        """Name the target for messages."""
        return f"deployment {self.version} ACTIVE"

    def tracked_deployment(self, service: ContainerService) -> Deployment | None:
        """Return the deployment whose progress a transition reports."""
        return service.deployment(self.version)

    def decide(self, service: ContainerService | None) -> Decision:
        """Decide from one snapshot whether deployment ``version`` is active, failed or pending."""
        if service is None:
            return _NOT_FOUND

        deployment = service.deployment(self.version)
        if deployment is not None:
            return self._decide_present(service, deployment)

        return _check_terminal_and_unreachable(service, ()) or self._decide_absent(service)

    def to_dict(self) -> dict[str, Any]:
        """Return the target as JSON-compatible data, for a resume token."""
        return {"kind": "deployment", "version": self.version}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DeploymentTarget:
        """Rebuild the target from the data of ``to_dict``.

        Raises:
            ValueError: ``version`` is not a whole number from 1, as in
                ``deployment_waiter``, or the data has another member.
        """
        _check_members(data, ("kind", "version"))
        version = _required(data, "version")
        if not _is_whole_number(version) or version < 1:
            raise invalid_token(
                "target.version", version, "is not a deployment version; use a whole number from 1"
            )

        return cls(version)

    def _decide_present(self, service: ContainerService, deployment: Deployment) -> Decision:
        if deployment.state is DeploymentState.FAILED:
            return Decision(
                Outcome.DEPLOYMENT_FAILED, f"deployment {self.version} is FAILED", self.version
            )

        # A disabled or deleted service serves nothing, whatever its deployments report.
        blocked = _check_terminal_and_unreachable(service, ())
        if blocked is not None:
            return blocked

        if deployment.state is DeploymentState.ACTIVE and deployment is service.current_deployment:
            return _DONE

        return _PENDING

    def _decide_absent(self, service: ContainerService) -> Decision:
        current = service.current_deployment
        current_version = None if current is None else current.version

        if current_version is not None and current_version > self.version:
            return Decision(
                Outcome.UNREACHABLE,
                f"deployment {self.version} was replaced by deployment {current_version}",
            )

        # A failed deployment drops out of the service's current and next deployment,
        # and the service goes back to RUNNING its previous deployment, or to READY.
        if not service.is_settled:
            return _PENDING

        running = "no deployment" if current_version is None else f"deployment {current_version}"
        return Decision(
            Outcome.DEPLOYMENT_FAILED,
            f"deployment {self.version} failed: it is no longer the next deployment, and the "
            f"service went back to {service.state} with {running}",
            self.version,
        )


_FROM_DICT_BY_KIND: dict[str, Callable[[Mapping[str, Any]], Target]] = {
    "state": ServiceStateTarget.from_dict,
    "update": UpdateTarget.from_dict,
    "deleted": DeletedTarget.from_dict,
    "deployment": DeploymentTarget.from_dict,
}

INVALID_TOKEN = "invalid waiter resume token"  # noqa: S105  # a message, not a password
"""The start of the message of every ValueError about a resume token."""


def invalid_token(member: str, value: object, rule: str) -> ValueError:
    """Return the error for a member of a resume token that breaks ``rule``."""
    return ValueError(f"{INVALID_TOKEN}: {member}: {reprlib.repr(value)} {rule}")


def target_from_dict(data: Mapping[str, Any]) -> Target:
    """Rebuild a target from the data of ``Target.to_dict``, checking every member.

    Raises:
        ValueError: The data is not a target that ``to_dict`` returns: an unknown kind,
            an unknown or missing member, or a member of the wrong type or range.
    """
    if not isinstance(data, Mapping):
        raise invalid_token("target", data, "is not an object; use the target of a waiter token")

    kind = data.get("kind")
    from_dict = _FROM_DICT_BY_KIND.get(kind) if isinstance(kind, str) else None
    if from_dict is None:
        raise invalid_token(
            "target.kind", kind, f"is not a waiter target kind; use {_either(_FROM_DICT_BY_KIND)}"
        )

    return from_dict(data)


def _check_members(data: Mapping[str, Any], members: tuple[str, ...]) -> None:
    for member in data:
        if member not in members:
            raise invalid_token(
                f"target.{member}", data[member], f"is an unknown member; use {_either(members)}"
            )


def _required(data: Mapping[str, Any], member: str) -> object:
    if member not in data:
        raise ValueError(f"{INVALID_TOKEN}: target.{member} is missing")

    return data[member]


def _is_whole_number(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _either(names: Iterable[str]) -> str:
    *rest, last = names
    return f"{', '.join(rest)} or {last}" if rest else last


def newest_version(service: ContainerService) -> int | None:
    """Return the version of the newest deployment the snapshot shows, if any."""
    newest = service.newest_deployment
    return None if newest is None else newest.version


def target_states(until: ServiceStates) -> frozenset[ContainerServiceState]:
    """Return the states of a waiter's ``until`` argument.

    Raises:
        ValueError: ``until`` names no state, or a value that is not a state.
    """
    values = [until] if isinstance(until, str) else list(until)
    if not values:
        raise ValueError("until must name at least one container service state")

    known = {state.value: state for state in ContainerServiceState}
    unknown = [value for value in values if str(value) not in known]
    if unknown:
        raise ValueError(
            f"until: {unknown[0]!r} is not a container service state; use one of {', '.join(known)}"
        )

    return frozenset(known[str(value)] for value in values)


def update_target(
    power: Power | str | None,
    scale: int | None,
    public_domain_names: Mapping[str, Iterable[str]] | None,
) -> UpdateTarget:
    """Return the waiter target of an update with these values."""
    domains = None
    if public_domain_names is not None:
        domains = {cert: frozenset(names) for cert, names in public_domain_names.items()}

    return UpdateTarget(
        power=None if power is None else str(power), scale=scale, public_domain_names=domains
    )
