"""Container images registered to services, and the sign-in to the image registry."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import TYPE_CHECKING

from lightsail_containers.simulator._errors import InvalidInputError, NotFoundError
from lightsail_containers.simulator._records import ImageRecord

if TYPE_CHECKING:
    from datetime import datetime

    from lightsail_containers.simulator._records import ServiceRecord
    from lightsail_containers.simulator._validation import JsonObject

# The API reference: registry sign-in credentials expire 12 hours after they are created.
REGISTRY_LOGIN_LIFETIME = timedelta(hours=12)
# NOTE: the registry address and the user name are guesses in the form of Amazon ECR, whose
# registry Lightsail uses. The simulator runs no registry at this address.
_REGISTRY_ACCOUNT_ID = "444455556666"


def register_image(service: ServiceRecord, label: str, digest: str, now: datetime) -> ImageRecord:
    """Register an image under `label` with the label's next version.

    Versions count up per label from 1, as the API reference describes, and are not
    reused after an image is deleted.
    """
    version = service.image_versions.get(label, 0) + 1
    service.image_versions[label] = version
    image = ImageRecord(image=f":{service.name}.{label}.{version}", digest=digest, created_at=now)
    service.images.append(image)
    return image


def list_images(service: ServiceRecord) -> list[JsonObject]:
    """Return the registered images of the service, newest first."""
    # NOTE: the order of GetContainerImages is not documented; newest first is a guess.
    newest_first = sorted(service.images, key=lambda image: image.created_at, reverse=True)
    return [image.to_api() for image in newest_first]


def delete_image(service: ServiceRecord, image: str) -> None:
    """Delete a registered image that no active or pending deployment uses.

    Raises:
        NotFoundError: the service has no such registered image.
        InvalidInputError: the current or the next deployment uses the image.
    """
    record = next((item for item in service.images if item.image == image), None)
    if record is None:
        raise NotFoundError(
            f'The container image "{image}" is not registered to container service '
            f'"{service.name}".'
        )

    # NOTE: AWS's response when a running deployment uses the image is not documented. The
    # simulator rejects the request, so the deployment can still start its containers.
    for deployment in (service.current, service.next):
        if deployment is not None and any(
            container.get("image") == image for container in deployment.containers.values()
        ):
            raise InvalidInputError(
                f'The container image "{image}" is used by deployment {deployment.version} '
                f'of container service "{service.name}" and cannot be deleted.'
            )

    service.images.remove(record)


def registry_login(region: str, now: datetime) -> JsonObject:
    """Return temporary credentials for the image registry of the account in `region`."""
    return {
        "username": "AWS",
        "password": secrets.token_urlsafe(96),
        "expiresAt": now + REGISTRY_LOGIN_LIFETIME,
        "registry": f"{_REGISTRY_ACCOUNT_ID}.dkr.ecr.{region}.amazonaws.com",
    }
