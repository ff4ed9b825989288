"""Immutable collections for the fields of the models.

``types.MappingProxyType`` is read-only but cannot be hashed, pickled or deep-copied,
so models that held one could not be used as dict keys, sent to another process or
copied. ``FrozenDict`` is a ``dict`` subclass instead: it compares equal to a plain dict
with the same items, serializes with ``json``, and reads at the speed of a dict.

``frozen_map`` and ``frozen_tuple`` are the attrs converters' building blocks for map
and list fields.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

_K = TypeVar("_K")
_V = TypeVar("_V")
_T = TypeVar("_T")

# Iterating a str or bytes gives its characters, so a single value passed where a list
# is expected would become a tuple of one-character items.
_TEXT_TYPES = (str, bytes, bytearray)


class FrozenDict(dict[_K, _V]):
    """A ``dict`` whose mutating methods raise ``TypeError``.

    It is hashable when its values are. Two frozen dicts with the same items have the
    same hash, whatever the order of their items.

    NOTE: the methods of ``dict`` itself, called on the instance by their class
    (``dict.__setitem__(frozen, key, value)``) or through ``__init__``, still change
    it, as with any dict subclass. The class guards against mistakes, not against code
    that means to change it.
    """

    __slots__ = ()

    def __hash__(self) -> int:  # type: ignore[override]  # dict sets __hash__ to None
        """Return the hash of the items, so that equal frozen dicts hash alike."""
        return hash(frozenset(self.items()))

    def __reduce__(self) -> tuple[type[FrozenDict[_K, _V]], tuple[dict[_K, _V]]]:
        """Pickle and copy as the class called with a plain dict of the items.

        The default protocol for dict subclasses restores the items one by one through
        ``__setitem__``, which raises here.
        """
        return (type(self), (dict(self),))

    @classmethod
    def fromkeys(  # type: ignore[override]  # dict.fromkeys is overloaded
        cls, keys: Iterable[_K], value: _V | None = None
    ) -> FrozenDict[_K, _V | None]:
        """Return a frozen dict with each of ``keys`` mapped to ``value``."""
        return cls(dict.fromkeys(keys, value))

    def _reject(self) -> NoReturn:
        raise TypeError(
            f"{type(self).__name__} is immutable. Build a new mapping instead, "
            "such as {**mapping, key: value}"
        )

    def __setitem__(self, key: _K, value: _V) -> NoReturn:
        """Raise TypeError."""
        self._reject()

    def __delitem__(self, key: _K) -> NoReturn:
        """Raise TypeError."""
        self._reject()

    def __ior__(self, other: object) -> NoReturn:  # type: ignore[misc]
        """Raise TypeError. ``frozen | other`` returns a new plain dict instead."""
        self._reject()

    def clear(self) -> NoReturn:
        """Raise TypeError."""
        self._reject()

    def pop(self, *_args: object) -> NoReturn:
        """Raise TypeError."""
        self._reject()

    def popitem(self) -> NoReturn:
        """Raise TypeError."""
        self._reject()

    def setdefault(self, *_args: object) -> NoReturn:
        """Raise TypeError."""
        self._reject()

    def update(self, *_args: object, **_kwargs: object) -> NoReturn:
        """Raise TypeError."""
        self._reject()


EMPTY: FrozenDict[Any, Any] = FrozenDict()
"""The empty frozen dict, shared as the default of every map field."""


def frozen_map(value: Mapping[_K, _V]) -> Mapping[_K, _V]:
    """Return ``value`` as a FrozenDict, without a copy if it is one already."""
    return value if value.__class__ is FrozenDict else FrozenDict(value)


def frozen_tuple(field: str, value: Iterable[_T], example: str) -> tuple[_T, ...]:
    """Return ``value`` as a tuple, without a copy if it is one already.

    Args:
        field: The field, such as ``Container.command``, for the error message.
        value: The items.
        example: A valid value of the field, for the error message.

    Raises:
        TypeError: ``value`` is a single str, bytes or bytearray.
    """
    if isinstance(value, _TEXT_TYPES):
        raise TypeError(
            f"{field} must be a list, not {type(value).__name__}. "
            f"Pass one item per element, such as {example}"
        )

    return value if value.__class__ is tuple else tuple(value)
