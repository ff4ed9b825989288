"""Immutable collections for the fields of the models.

``types.MappingProxyType`` is read-only but cannot be hashed, pickled or deep-copied,
so models that held one could not be used as dict keys, sent to another process or
copied. ``FrozenDict`` is a ``dict`` subclass instead: it compares equal to a plain dict
with the same items, serializes with ``json``, and reads at the speed of a dict.

``frozen_tuple`` and ``frozen_dict`` are the attrs converters' building blocks for list
and map fields. They take ``None`` as an empty collection, and raise ``TypeError``
naming the field, the value's type and a valid example for anything else that is not
a list or a mapping. The message shows the value only where the caller marks the
field as free of secrets. ``frozen_map`` freezes a mapping without checks.
"""

from __future__ import annotations

import reprlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

if TYPE_CHECKING:
    from collections.abc import Iterable

_K = TypeVar("_K")
_V = TypeVar("_V")
_T = TypeVar("_T")

# Iterating a str or bytes gives its characters, so a single value passed where a list
# is expected would become a tuple of one-character items.
_TEXT_TYPES = (str, bytes, bytearray)

# Error messages show at most two levels of a wrong value, so that deeper collections
# show as [...] or {...}, and cut long strings and reprs short.
_SHORT_REPR = reprlib.Repr()
_SHORT_REPR.maxlevel = 2
_SHORT_REPR.maxstring = 60
_SHORT_REPR.maxother = 60


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


def frozen_dict(
    field: str, value: Mapping[_K, _V] | None, example: str, *, show_value: bool = False
) -> Mapping[_K, _V]:
    """Return ``value`` as a FrozenDict, without a copy if it is one already.

    Args:
        field: The field, such as ``Container.ports``, for the error message.
        value: The items, or ``None`` for none.
        example: A valid value of the field, for the error message.
        show_value: Show the value in the error message, not only its type. Leave it
            False for a field that can hold secrets.

    Raises:
        TypeError: ``value`` is not a mapping.
    """
    if value.__class__ is FrozenDict:
        return value
    if value.__class__ is dict:
        return FrozenDict(value)
    if value is None:
        return EMPTY
    if not isinstance(value, Mapping):
        raise TypeError(
            f"{field} must be a mapping, not {_described(value, show_value=show_value)}. "
            f"Pass a dict, such as {example}"
        )

    return FrozenDict(value)


def frozen_tuple(
    field: str, value: Iterable[_T] | None, example: str, *, show_value: bool = False
) -> tuple[_T, ...]:
    """Return ``value`` as a tuple, without a copy if it is one already.

    Args:
        field: The field, such as ``Container.command``, for the error message.
        value: The items, or ``None`` for none.
        example: A valid value of the field, for the error message.
        show_value: Show the value in the error message, not only its type. Leave it
            False for a field that can hold secrets.

    Raises:
        TypeError: ``value`` is not iterable, or is a single str, bytes or bytearray,
            or a mapping, whose iteration gives only its keys.
    """
    if value.__class__ is tuple:
        return value
    if value.__class__ is list:
        return tuple(value)
    if value is None:
        return ()

    if isinstance(value, (*_TEXT_TYPES, Mapping)) or not _is_iterable(value):
        raise TypeError(
            f"{field} must be a list, not {_described(value, show_value=show_value)}. "
            f"Pass one item per element, such as {example}"
        )

    return tuple(value)


def _is_iterable(value: object) -> bool:
    # iter() also accepts classes with __getitem__ alone, which the Iterable ABC misses.
    try:
        iter(value)  # type: ignore[call-overload]
    except TypeError:
        return False

    return True


def _described(value: object, *, show_value: bool) -> str:
    """Return the type of a wrong value, and its shortened repr if ``show_value`` is set."""
    type_name = type(value).__name__
    if not show_value:
        return type_name

    # A model's repr starts with its class name already.
    value_repr = _SHORT_REPR.repr(value)
    return value_repr if value_repr.startswith(f"{type_name}(") else f"{type_name} {value_repr}"
