"""The powers of container services (GetContainerServicePowers) and monthly cost estimates."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from ._coercion import enum_or_str
from ._enums import Power

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ._models import ContainerService


def _power(value: Power | str | None) -> Power | str | None:
    return enum_or_str(Power, value)


@attrs.frozen
class PowerSpec:
    """A power that container services can have: the size and base price of one node.

    Attributes:
        power_id: The id of the power, such as ``nano-1``; a service reports it as
            ``power_id``.
        price: The monthly price of one node in USD, without taxes.
        cpu_count: The number of vCPUs of one node.
        ram_size_in_gb: The memory of one node, in GB.
        name: The name of the power, such as ``Power.NANO``.
        is_active: Whether new services can use the power.
    """

    power_id: str | None = None
    price: float | None = None
    cpu_count: float | None = None
    ram_size_in_gb: float | None = None
    name: Power | str | None = attrs.field(default=None, converter=_power)
    is_active: bool | None = None


@attrs.frozen
class CostEstimate:
    """The base monthly price of a container service: the price of its power times its scale.

    The API reference gives this rule for the monthly price of a service. The estimate
    leaves out taxes and any charge that GetContainerServicePowers does not list.

    Attributes:
        power: The power that was priced.
        power_id: The id of the power whose price was used, such as ``nano-1``.
        scale: The number of nodes.
        node_price_usd: The monthly price of one node, in USD.
        monthly_price_usd: The monthly price of all nodes, in USD.
    """

    power: Power | str
    power_id: str | None
    scale: int
    node_price_usd: float
    monthly_price_usd: float

    @classmethod
    def for_power(
        cls,
        powers: Iterable[PowerSpec],
        power: Power | str,
        scale: int,
        *,
        power_id: str | None = None,
    ) -> CostEstimate:
        """Estimate the monthly price of ``scale`` nodes of ``power`` from a list of powers.

        Args:
            powers: The powers of ``list_powers``.
            power: The name of the power.
            scale: The number of nodes.
            power_id: The id that a service reports for its power. A power with this
                id is preferred to one that only has the name, because the id names
                the priced version of the power.

        Raises:
            ValueError: No power of the list matches, or the matching power has no price.
        """
        spec = _find_power(tuple(powers), str(power), power_id)
        if spec.price is None:
            raise ValueError(f"power {spec.power_id or power!s} has no price in the list")

        return cls(
            power=_power(str(power)) or str(power),
            power_id=spec.power_id,
            scale=scale,
            node_price_usd=spec.price,
            monthly_price_usd=round(spec.price * scale, 2),
        )

    @classmethod
    def for_service(cls, powers: Iterable[PowerSpec], service: ContainerService) -> CostEstimate:
        """Estimate the monthly price of a service from its power, power id and scale.

        Raises:
            ValueError: The service reports no power or scale, no power of the list
                matches, or the matching power has no price.
        """
        if service.power is None or service.scale is None:
            raise ValueError(
                f"container service {service.container_service_name!r} reports no power or scale"
            )

        return cls.for_power(powers, service.power, service.scale, power_id=service.power_id)

    def describe(self) -> str:
        """Return the estimate as one line, such as ``micro x 2 nodes: 20.00 USD per month``."""
        nodes = "node" if self.scale == 1 else "nodes"
        return f"{self.power} x {self.scale} {nodes}: {self.monthly_price_usd:.2f} USD per month"


def _find_power(powers: tuple[PowerSpec, ...], name: str, power_id: str | None) -> PowerSpec:
    if power_id:
        for spec in powers:
            if spec.power_id == power_id:
                return spec

    # The list may include inactive powers (isActive false), so an active one of the
    # name wins.
    named = [spec for spec in powers if spec.name == name]
    named.sort(key=lambda spec: not spec.is_active)
    if named:
        return named[0]

    listed = ", ".join(sorted({str(spec.name) for spec in powers if spec.name is not None}))
    raise ValueError(f"no power named {name!r} in the list of powers; it has {listed or 'none'}")
