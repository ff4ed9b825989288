"""Fixed responses of the simulator: the container service powers and the API metadata."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lightsail_containers._enums import Power

if TYPE_CHECKING:
    from lightsail_containers.simulator._validation import JsonObject

# Monthly price in USD, vCPUs and memory in GB of one node of each power, from the
# container-service section of https://aws.amazon.com/lightsail/pricing/ (prices without
# taxes, the same in every region).
# NOTE: only the nano row (512 MB and 0.25 vCPU) was checked against the Lightsail
# developer guide, page "Create a container service". The other rows are the published
# prices as remembered, so check them against the pricing page before relying on them.
_POWERS: dict[Power, tuple[float, float, float]] = {
    Power.NANO: (7.0, 0.25, 0.5),
    Power.MICRO: (10.0, 0.25, 1.0),
    Power.SMALL: (25.0, 0.5, 1.0),
    Power.MEDIUM: (50.0, 1.0, 2.0),
    Power.LARGE: (100.0, 2.0, 4.0),
    Power.XLARGE: (200.0, 4.0, 8.0),
}

# NOTE: AWS documents only that the metadata includes the current version of the
# Lightsail Control (lightsailctl) plugin. The key and the version are guesses.
LIGHTSAIL_CTL_VERSION = "1.0.7"


def container_service_powers() -> list[JsonObject]:
    """Return the powers of GetContainerServicePowers, smallest first, all active."""
    return [
        {
            "powerId": f"{power.value}-1",
            "price": price,
            "cpuCount": cpu_count,
            "ramSizeInGb": ram_size_in_gb,
            "name": power.value,
            "isActive": True,
        }
        for power, (price, cpu_count, ram_size_in_gb) in _POWERS.items()
    ]


def container_api_metadata() -> list[dict[str, str]]:
    """Return the metadata entries of GetContainerAPIMetadata."""
    return [{"lightsailctlVersion": LIGHTSAIL_CTL_VERSION}]
