"""Container images registered to a service, and the sign-in to push them.

A registered image is named ``:<service>.<label>.<version>``, for example
``:web.app.3`` (API reference, Container.image and RegisterContainerImage.label).
"""

from __future__ import annotations

from datetime import datetime
from typing import Final, Literal

import attrs

from ._validation import _registered_image_parts

LATEST: Final = "latest"


@attrs.frozen
class RegisteredImageName:
    """The parts of a registered image name such as ``:web.app.3``.

    Attributes:
        service: The container service the image is registered to.
        label: The label given when the image was registered.
        version: The version of the image under its label, counting from 1, or
            ``"latest"`` for the highest version at the time of a deployment.
    """

    service: str
    label: str
    version: int | Literal["latest"]

    @classmethod
    def parse(cls, image: str) -> RegisteredImageName:
        """Split a registered image name into its parts.

        Raises:
            ValueError: ``image`` is not a registered image name, for example an image
                of a public registry such as ``nginx:latest``.
        """
        parts = _registered_image_parts(image)
        if parts is None:
            raise ValueError(
                f"{image!r} is not a registered image name; use :<service>.<label>.<version>, "
                "such as :web.app.3 or :web.app.latest"
            )

        service, label, version = parts
        return cls(service, label, LATEST if version == LATEST else int(version))

    def __str__(self) -> str:
        """Return the name as deployments use it, such as ``:web.app.3``."""
        return f":{self.service}.{self.label}.{self.version}"


@attrs.frozen
class ContainerImage:
    """A container image registered to a container service.

    Attributes:
        image: The registered name, such as ``:web.app.3``.
        digest: The digest of the image, such as ``sha256:`` and 64 hexadecimal digits.
        created_at: When the image was registered.
    """

    image: str | None = None
    digest: str | None = None
    created_at: datetime | None = None

    @property
    def name(self) -> RegisteredImageName | None:
        """The parts of ``image``, or None if it is not a registered image name."""
        if self.image is None:
            return None

        try:
            return RegisteredImageName.parse(self.image)
        except ValueError:
            return None


def _masked(password: str | None) -> str:
    return "None" if password is None else "'***'"


@attrs.frozen
class RegistryLogin:
    """Temporary credentials to push images to the image registry of the Lightsail account.

    ``password`` never appears in the repr or str. Pass it to ``docker login
    --password-stdin`` rather than on a command line, where other users of the machine
    can see it.

    NOTE: botocore's own DEBUG log of response bodies (logger ``botocore.parsers``)
    contains the password, so keep that logger above DEBUG where logs are kept.

    Attributes:
        username: The user name for the registry.
        password: The password for the registry.
        expires_at: When the credentials expire, 12 hours after they were created.
        registry: The address of the image registry, for ``docker login``.
    """

    username: str | None = None
    password: str | None = attrs.field(default=None, repr=_masked)
    expires_at: datetime | None = None
    registry: str | None = None

    def is_expired(self, now: datetime) -> bool:
        """Return whether the credentials have expired at ``now``, an aware datetime."""
        return self.expires_at is not None and now >= self.expires_at
