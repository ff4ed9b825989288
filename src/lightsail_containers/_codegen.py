"""Generated functions that structure and unstructure the attrs models.

For each model, one structuring and one unstructuring function is compiled from the
plans of its fields (``_plans``) on first use, as attrs and cattrs compile theirs.

Structuring follows the tolerant rules of ``_values``. Four choices make it fast, as
measured with benchmarks/conversion.py on a response of 50 services:

* Code written for each field's type replaces cattrs' chain of generic hooks, so a
  scalar of the expected class costs one class check and no call.
* The instance is created with ``object.__new__`` and its fields are stored
  directly, because the values are already converted and attrs' ``__init__`` would
  run every field's converter again.
* The models of ``_models`` keep their fields in ``__dict__``, not in slots: a store
  into the instance dict took about 15 ns, where a call of a slot's descriptor took
  about 50 ns, and a service has about 70 fields. Storing into dicts cut the
  conversion of a service from about 13.6 us to about 12.5 us. Other models keep
  slots, which the functions set through their descriptors.
* The code of a nested model is written inline, into its outer model's function, so
  that a service's deployments, containers and endpoints cost no call. That made
  the conversion about 4% faster, timed in turns with the functions that call each
  other, in one process.

With the fast paths for lists and maps below and the loops of ``_values``, they cut
the conversion of a service from about 44 us to about 12 us. All figures come from
Python 3.11 on the 2-core AMD EPYC machine of docs/benchmarks.md.

Unstructuring writes each field that is not None, with enum members as their values,
tuples as lists and maps as dicts. It unstructured a deployment request in about 2
us, where cattrs' functions took about 5.8 us, on the same machine.

A model with validators, ``__attrs_post_init__``, a field without a default, or
fields split between slots and a dict, is built through ``__init__`` instead, so
that its checks run. A field's attrs converter runs in both cases, unless
``_models.STRUCTURED_CONVERTERS`` lists it because structuring already gives its
result.
"""

from __future__ import annotations

import enum
import functools
import linecache
import re
import threading
import types
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

import attrs

from . import _values
from ._frozen import FrozenDict
from ._models import STRUCTURED_CONVERTERS
from ._plans import STR, Kind, Plan, plan_for

Structure = Callable[[Any], Any]
Unstructure = Callable[[Any], Any]

STRUCTURE_HOOKS: dict[type, Callable[[Any, type], Any]] = {}
"""Hooks that replace the generated structuring of a model, by model."""

UNSTRUCTURE_HOOKS: dict[type, Callable[[Any], dict[str, Any]]] = {}
"""Hooks that replace the generated unstructuring of a model, by model."""

_STRUCTURE_FUNCTIONS: dict[type, Structure] = {}
_UNSTRUCTURE_FUNCTIONS: dict[type, Unstructure] = {}
_UNSTRUCTURE_NON_EMPTY_FUNCTIONS: dict[type, Unstructure] = {}
_IN_PROGRESS: set[tuple[int, type]] = set()
# Reentrant, because generating a model's function generates its nested models' first.
_LOCK = threading.RLock()

# Names that every generated function may use.
# The variables of the code written for one model. Code written inline for a nested
# model uses them with a suffix for its level of nesting (value_1, value_2, ...).
_VARIABLES = ("data", "result", "get", "instance", "fields", "value", "items", "key", "entry")

# A quoted string, which is left as it is, or one of _VARIABLES outside an attribute.
_VARIABLE = re.compile(
    r"'[^']*'|(?<![.\w])(?P<name>" + "|".join(_VARIABLES) + r")(?:_(?P<level>\d+))?\b"
)

_NAMESPACE = {
    "Mapping": Mapping,
    "datetime": datetime,
    "Enum": enum.Enum,
    "FrozenDict": FrozenDict,
    "new": object.__new__,
}


def camel_case(name: str) -> str:
    """Return the API's camelCase member name for a snake_case field name."""
    first, *rest = name.split("_")
    return first + "".join(word.capitalize() for word in rest)


def structure_function(model: type) -> Structure:
    """Return the function that converts a mapping into ``model``, and other data into None."""
    found = _STRUCTURE_FUNCTIONS.get(model)
    if found is not None:
        return found

    return _generated(_STRUCTURE_FUNCTIONS, model, _generate_structure)


def unstructure_function(model: type) -> Unstructure:
    """Return the function that converts a ``model`` instance into a dict for boto3.

    The dict omits the fields that are None. A type that is not an attrs class gets
    the cattrs converter's hook.
    """
    found = _UNSTRUCTURE_FUNCTIONS.get(model)
    if found is not None:
        return found

    hook = UNSTRUCTURE_HOOKS.get(model)
    if hook is not None:
        return hook

    return _generated(_UNSTRUCTURE_FUNCTIONS, model, _generate_unstructure)


def unstructure_non_empty_function(model: type) -> Unstructure:
    """Return the function that converts a ``model`` instance into a dict without empty values.

    The dict omits every field whose value is false: None, empty strings and empty
    collections. Nested models convert as ``unstructure_function`` does.
    """
    found = _UNSTRUCTURE_NON_EMPTY_FUNCTIONS.get(model)
    if found is not None:
        return found

    generate = functools.partial(_generate_unstructure, omit_empty=True)
    return _generated(_UNSTRUCTURE_NON_EMPTY_FUNCTIONS, model, generate)


def _generated(
    cache: dict[type, Callable[[Any], Any]],
    model: type,
    generate: Callable[[type], Callable[[Any], Any]],
) -> Callable[[Any], Any]:
    with _LOCK:
        found = cache.get(model)
        if found is not None:
            return found

        # A model that contains itself, directly or not, calls its own function
        # through the cache, because it does not exist yet.
        key = (id(cache), model)
        if key in _IN_PROGRESS:
            return functools.partial(_call_cached, cache, model)

        _IN_PROGRESS.add(key)
        try:
            found = cache[model] = generate(model)
        finally:
            _IN_PROGRESS.discard(key)

        return found


def _call_cached(cache: dict[type, Callable[[Any], Any]], model: type, value: object) -> object:
    return cache[model](value)


class _Source:
    """The lines of one generated function, and the names its code refers to."""

    def __init__(self, header: str, namespace: dict[str, Any] | None = None) -> None:
        self.lines = [header] if header else []
        self.namespace: dict[str, Any] = dict(_NAMESPACE) if namespace is None else namespace
        # The models whose code is being written inline here, outermost first.
        self.inlining: list[type] = []

    def child(self) -> _Source:
        """Return an empty source that shares this one's names, for code to include."""
        child = _Source("", self.namespace)
        child.inlining = self.inlining
        return child

    def include(
        self, lines: list[str], indent: int, renames: Mapping[str, str] | None = None
    ) -> None:
        """Append ``lines`` of a child, indented by ``indent`` levels, with variables renamed.

        ``renames`` maps ``data`` and ``result`` to variables of this code. Every other
        variable of ``_VARIABLES`` moves one level of nesting down, so that the child's
        variables never overwrite this code's. Without ``renames``, the lines stay as
        they are.
        """
        if renames is None:
            self.lines.extend("    " * indent + line for line in lines)
            return

        def rename(match: re.Match[str]) -> str:
            name, level = match.group("name", "level")
            if name is None:
                return match.group(0)
            if level is None and name in renames:
                return renames[name]
            return f"{name}_{int(level or 0) + 1}"

        for line in lines:
            self.lines.append("    " * indent + _VARIABLE.sub(rename, line))

    def add(self, indent: int, *lines: str) -> None:
        """Append ``lines``, indented by ``indent`` levels."""
        self.lines.extend("    " * indent + line for line in lines)

    def name(self, prefix: str, value: object) -> str:
        """Return a new name for ``value`` in the generated code."""
        name = f"{prefix}_{len(self.namespace)}"
        self.namespace[name] = value
        return name

    def compile(self, title: str) -> Callable[[Any], Any]:
        """Compile the function and return it."""
        source = "\n".join(self.lines) + "\n"
        file_name = f"<generated {title}>"

        # The source goes to linecache, so tracebacks and debuggers show its lines.
        lines = source.splitlines(keepends=True)
        linecache.cache[file_name] = (len(source), None, lines, file_name)
        exec(compile(source, file_name, "exec"), self.namespace)  # noqa: S102  # our own code
        function: Callable[[Any], Any] = self.namespace["generated"]
        return function


def _generate_structure(model: type) -> Structure:
    attrs.resolve_types(model)
    storage = _direct_storage(model)
    source = _Source("def generated(data):")
    if storage is None:
        source.namespace["model"] = model
        source.add(1, "if data.__class__ is not dict and not isinstance(data, Mapping):")
        source.add(2, "return None")
        source.add(1, "get = data.get")
        arguments = source.child()
        _emit_init_arguments(arguments, model)
        source.include(arguments.lines, 1)
    else:
        source.include(_model_body(source, model, storage), 1)
        source.add(1, "return result")

    return source.compile(f"structure {model.__module__}.{model.__qualname__}")


def _inline_body(source: _Source, plan: Plan) -> list[str] | None:
    """Return the code of a nested model to write inline, or None to call its function.

    A model with a hook, one built through ``__init__`` and one already being written
    inline, which contains itself, keep their function.
    """
    if plan.kind is not Kind.MODEL:
        return None

    model = _model_type(plan.type)
    attrs.resolve_types(model)
    storage = _direct_storage(model)
    if model in STRUCTURE_HOOKS or storage is None or model in source.inlining:
        return None

    return _model_body(source, model, storage)


def _model_body(source: _Source, model: type, storage: _Storage) -> list[str]:
    """Return the code that sets ``result`` to the model that ``data`` converts to, or None."""
    body = source.child()
    body.inlining.append(model)
    try:
        new = body.name("new", functools.partial(object.__new__, model))
        body.add(0, "if data.__class__ is not dict and not isinstance(data, Mapping):")
        body.add(1, "result = None")
        body.add(0, "else:")
        fields = body.child()
        fields.add(0, "get = data.get", f"instance = {new}()")
        if storage is _Storage.DICT:
            fields.add(0, "fields = instance.__dict__")
        for field in attrs.fields(model):
            _emit_stored_field(fields, model, field, storage)
        fields.add(0, "result = instance")
    finally:
        body.inlining.pop()

    body.lines.extend("    " + line for line in fields.lines)
    return body.lines


def _emit_stored_field(
    source: _Source, model: type, field: attrs.Attribute[Any], storage: _Storage
) -> None:
    """Write the code that converts ``field`` from ``data`` and stores it in ``instance``."""
    if field.init:
        _emit_field(source, field, plan_for(field.type))
        _emit_convert(source, field)
    else:
        default = source.name(f"default_{field.name}", field.default)
        source.add(0, f"value = {default}")
    _emit_store(source, model, field, storage)


def _emit_init_arguments(source: _Source, model: type) -> None:
    """Write the code that converts each field and passes the result to ``__init__``."""
    source.add(0, "arguments = {}")
    for field in attrs.fields(model):
        if field.init:
            _emit_field(source, field, plan_for(field.type))
            source.add(0, "if value is not None:")
            source.add(1, f"arguments[{field.alias!r}] = value")

    source.add(0, "return model(**arguments)")


def _emit_field(source: _Source, field: attrs.Attribute[Any], plan: Plan) -> None:
    """Write the code that reads ``field`` from ``data`` into ``value``, converted."""
    source.add(0, f"value = get({camel_case(field.name)!r})")

    if plan.kind is Kind.SCALAR:
        coerce = source.name(f"as_{field.name}", plan.coerce)
        source.add(0, f"if not ({plan.fast_check}) and value is not None:")
        source.add(1, f"value = {coerce}(value)")
    elif plan.kind is Kind.ENUM:
        members = source.name(f"members_{field.name}", plan.members)
        coerce = source.name(f"as_{field.name}", plan.coerce)
        source.add(0, "if value is not None:")
        source.add(
            1, f"value = {members}.get(value, value) if value.__class__ is str else {coerce}(value)"
        )
    elif plan.kind in {Kind.TUPLE, Kind.MAP}:
        # A false result, for no items or a value of another type, gives the default.
        function = source.name(f"structure_{field.name}", _structure_callable(plan))
        default = source.name(f"default_{field.name}", field.default)
        source.add(0, "if value:")
        if not _emit_fast_path(source, field, plan, function):
            source.add(1, f"value = {function}(value)")
        source.add(0, "if not value:")
        source.add(1, f"value = {default}")
        return
    else:
        source.add(0, "if value is not None:")
        _emit_nested(source, plan, "value", 1, field.name)

    if field.default is not None and field.default is not attrs.NOTHING:
        default = source.name(f"default_{field.name}", field.default)
        source.add(0, "if value is None:")
        source.add(1, f"value = {default}")


def _emit_nested(source: _Source, plan: Plan, variable: str, indent: int, label: str) -> None:
    """Write the code that converts ``variable`` by ``plan`` in place: inline, or by a call."""
    inline = _inline_body(source, plan)
    if inline is None:
        function = source.name(f"structure_{label}", _structure_callable(plan))
        source.add(indent, f"{variable} = {function}({variable})")
    else:
        source.include(inline, indent, {"data": variable, "result": variable})


def _emit_fast_path(
    source: _Source, field: attrs.Attribute[Any], plan: Plan, function: str
) -> bool:
    """Write the fast path for a list or map of strings, enum values or models, if any.

    The fast path takes an exact list or dict whose items are all str, or a dict of
    models, and leaves any other value to ``function``. Written inline, it saves a
    call per collection, which made the conversion of a service about 4% faster (in
    turns with the calls, in one process, with benchmarks/conversion.py's response).

    Returns:
        Whether the plan has a fast path.
    """
    item = plan.item
    assert item is not None  # noqa: S101  # TUPLE and MAP plans always have one
    if plan.kind is Kind.TUPLE and item is STR:
        source.add(1, "if value.__class__ is list:")
        source.add(2, "value = tuple(value)")
        source.add(2, "for entry in value:")
        source.add(3, "if entry.__class__ is not str:")
        source.add(4, f"value = {function}(value)", "break")
    elif plan.kind is Kind.MAP and item is STR:
        source.add(1, "if value.__class__ is dict:")
        source.add(2, "value = FrozenDict(value)")
        source.add(2, "for entry in value.values():")
        source.add(3, "if entry.__class__ is not str:")
        source.add(4, f"value = {function}(value)", "break")
    elif plan.kind is Kind.MAP and item.kind is Kind.ENUM:
        members = source.name(f"members_{field.name}", item.members)
        source.add(1, "if value.__class__ is dict:")
        source.add(2, "items = {}")
        source.add(2, "for key, entry in value.items():")
        source.add(3, "if entry.__class__ is not str:")
        source.add(4, f"items = {function}(value)", "break")
        source.add(3, f"items[key] = {members}.get(entry, entry)")
        source.add(2, "else:")
        source.add(3, "items = FrozenDict(items)")
        source.add(2, "value = items")
    elif plan.kind is Kind.MAP and item.kind is Kind.MODEL:
        source.add(1, "if value.__class__ is dict:")
        source.add(2, "items = {}")
        source.add(2, "for key, entry in value.items():")
        _emit_nested(source, item, "entry", 3, f"item_{field.name}")
        source.add(3, "if entry is not None:")
        source.add(4, "items[key] = entry")
        source.add(2, "value = FrozenDict(items) if items else None")
    else:
        return False

    source.add(1, "else:")
    source.add(2, f"value = {function}(value)")
    return True


def _emit_convert(source: _Source, field: attrs.Attribute[Any]) -> None:
    """Write the code that runs the field's own converter, unless structuring did its work."""
    if field.converter is not None and field.converter not in STRUCTURED_CONVERTERS:
        converter = source.name(f"convert_{field.name}", field.converter)
        source.add(0, f"value = {converter}(value)")


def _emit_store(
    source: _Source, model: type, field: attrs.Attribute[Any], storage: _Storage
) -> None:
    """Write the code that stores ``value`` as the field of ``instance``."""
    if storage is _Storage.DICT:
        source.add(0, f"fields[{field.name!r}] = value")
        return

    setter = source.name(f"set_{field.name}", _slot_setter(model, field.name))
    source.add(0, f"{setter}(instance, value)")


def _model_type(value: object) -> type:
    """Return ``value``, which a MODEL plan guarantees is a class, typed as one."""
    assert isinstance(value, type)  # noqa: S101
    return value


def _structure_callable(plan: Plan) -> Structure:
    """Return a function that converts one response value by ``plan``, or gives None."""
    if plan.coerce is not None:
        return plan.coerce
    if plan.kind is Kind.MODEL:
        return _nested_structure(_model_type(plan.type))
    if plan.kind is Kind.OTHER:
        return _cattrs_structure(plan.type)

    return _collection_structure(plan)


def _collection_structure(plan: Plan) -> Structure:
    item = plan.item
    assert item is not None  # noqa: S101  # TUPLE and MAP plans always have one
    if item is STR:
        return _values.str_tuple if plan.kind is Kind.TUPLE else _values.str_map
    if plan.kind is Kind.TUPLE:
        return functools.partial(_values.tuple_of, _structure_callable(item))
    if item.kind is Kind.ENUM:
        return functools.partial(_values.enum_map, item.members)

    return functools.partial(_values.map_of, _structure_callable(item))


def _nested_structure(model: type) -> Structure:
    hook = STRUCTURE_HOOKS.get(model)
    if hook is None:
        return structure_function(model)

    def structure_with_hook(value: object) -> object:
        return hook(value, model) if isinstance(value, Mapping) else None

    return structure_with_hook


def _cattrs_structure(type_: object) -> Structure:
    # A type that no plan covers goes to the cattrs converter, which the import here
    # builds on first use.
    from ._converter import cattrs_converter  # noqa: PLC0415

    hook = cattrs_converter().get_structure_hook(type_)

    def structure(value: object) -> object:
        # Structuring never raises for response data, and cattrs raises many kinds
        # of errors, so any error makes the value missing.
        try:
            return hook(value, type_)
        except Exception:  # noqa: BLE001
            return None

    return structure


class _Storage(enum.Enum):
    """The place where an instance keeps its fields, for a function that stores them itself."""

    SLOTS = "slots"
    DICT = "dict"


def _direct_storage(model: type) -> _Storage | None:
    """Return how the generated function may store the fields, or None to call __init__."""
    if not _may_skip_init(model):
        return None

    names = {field.name for field in attrs.fields(model)}
    slots = {
        name
        for klass in model.__mro__
        for name, value in vars(klass).items()
        if isinstance(value, types.MemberDescriptorType)
    }
    if slots == names:
        return _Storage.SLOTS
    if not slots and model.__dictoffset__:
        return _Storage.DICT

    return None


def _may_skip_init(model: type) -> bool:
    """Return whether ``__init__`` does nothing that storing the converted fields leaves out."""
    fields = attrs.fields(model)
    return (
        not hasattr(model, "__attrs_pre_init__")
        and not hasattr(model, "__attrs_post_init__")
        and all(field.validator is None for field in fields)
        and all(
            field.default is not attrs.NOTHING and not isinstance(field.default, attrs.Factory)  # type: ignore[arg-type]
            for field in fields
        )
    )


def _slot_setter(model: type, name: str) -> Callable[[object, object], None]:
    for klass in model.__mro__:
        descriptor = vars(klass).get(name)
        if isinstance(descriptor, types.MemberDescriptorType):
            return descriptor.__set__

    raise AttributeError(f"{model.__qualname__} has no slot {name!r}")


def _generate_unstructure(model: type, *, omit_empty: bool = False) -> Unstructure:
    if not attrs.has(model):
        return _cattrs_unstructure(model)

    attrs.resolve_types(model)
    source = _Source("def generated(instance):")
    source.add(1, "result = {}")
    condition = "if value:" if omit_empty else "if value is not None:"

    for field in attrs.fields(model):
        if not field.init:
            continue

        plan = plan_for(field.type)
        source.add(1, f"value = instance.{field.name}", condition)
        if plan.kind is Kind.ENUM:
            expression = "value._value_ if isinstance(value, Enum) else value"
        elif plan.kind is Kind.SCALAR:
            expression = "value"
        else:
            function = source.name(f"unstructure_{field.name}", _unstructure_callable(plan))
            expression = f"{function}(value)"
        source.add(2, f"result[{camel_case(field.name)!r}] = {expression}")

    source.add(1, "return result")
    return source.compile(f"unstructure {model.__module__}.{model.__qualname__}")


def _unstructure_callable(plan: Plan) -> Unstructure:
    """Return a function that converts one field value by ``plan`` for boto3."""
    if plan.kind is Kind.TUPLE or plan.kind is Kind.MAP:
        return _collection_unstructure(plan)
    if plan.kind is Kind.MODEL:
        return unstructure_function(_model_type(plan.type))
    if plan.kind is Kind.OTHER:
        return _cattrs_unstructure(plan.type)

    return _values.enum_value if plan.kind is Kind.ENUM else _unchanged


def _collection_unstructure(plan: Plan) -> Unstructure:
    item = plan.item
    assert item is not None  # noqa: S101  # TUPLE and MAP plans always have one
    is_tuple = plan.kind is Kind.TUPLE
    if item.kind is Kind.SCALAR:
        return list if is_tuple else dict
    if item.kind is Kind.ENUM and not is_tuple:
        return _values.enum_values

    return functools.partial(_list_of if is_tuple else _dict_of, _unstructure_callable(item))


def _cattrs_unstructure(type_: object) -> Unstructure:
    from ._converter import cattrs_converter  # noqa: PLC0415

    hook: Unstructure = cattrs_converter().get_unstructure_hook(type_)
    return hook


def _unchanged(value: object) -> object:
    return value


def _list_of(item: Unstructure, value: tuple[Any, ...]) -> list[Any]:
    return [item(entry) for entry in value]


def _dict_of(item: Unstructure, value: Mapping[Any, Any]) -> dict[Any, Any]:
    return {key: item(entry) for key, entry in value.items()}
