"""Option values the command line gives as they are, without typer's pydantic coercion.

Typer 0.2x turns each value into its parameter's type through a pydantic TypeAdapter built on
first use; importing pydantic and building the adapters of `check`'s thirty options took about a
tenth of a second of every run, more than linting one article. The values a command line gives
a str, int, bool or list-of-str option (a str, a default of the right type, a tuple of strs) are
already what those adapters return: they pass as they are. Any other value (a number written as
text, a value out of an option's range) goes to typer's own coercion, which gives the same
value or error as before. With a typer that coerces through click's types this does nothing.
"""

from __future__ import annotations

from typing import Any, get_args, get_origin


def _kind(annotation: Any, info: Any) -> str | None:
    if getattr(info, "parser", None) is not None or getattr(info, "click_type", None) is not None:
        return None
    if annotation in (str, int, bool):
        return annotation.__name__
    if get_origin(annotation) is list and get_args(annotation) == (str,):
        return "strs"
    return None


def _passes(kind: str, value: Any, info: Any) -> bool:
    """Whether typer's coercion would give ``value`` back unchanged (a list for a tuple)."""
    if kind == "str" or kind == "bool":
        return type(value) is (str if kind == "str" else bool)
    if kind == "strs":
        return type(value) in (tuple, list) and all(type(v) is str for v in value)
    low, high = getattr(info, "min", None), getattr(info, "max", None)
    return type(value) is int and (low is None or value >= low) and (high is None or value <= high)


def plain_values(command: Any) -> Any:
    """``command`` (typer's click command), its parameters' plain values passed as they are."""
    try:
        from dataclasses import dataclass

        from typer._coercion import RuntimeParam, build_runtime_param
    except ImportError:
        return command

    @dataclass(frozen=True)
    class Plain(RuntimeParam):
        kind: str = ""

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            if _passes(self.kind, value, self.parameter_info):
                return list(value) if self.kind == "strs" else value
            typer_own = param._runtime_param = build_runtime_param(param.type_descriptor)
            return typer_own._coerce_value(value, param=param, ctx=ctx)

    def plain(param: Any) -> None:
        desc = getattr(param, "type_descriptor", None)
        if desc is None or getattr(param, "_runtime_param", 0) is not None or desc.file_annotation is not None:
            return
        kind = _kind(desc.annotation, desc.parameter_info)
        if kind is not None:
            param._runtime_param = Plain(parameter_info=desc.parameter_info, annotation=desc.annotation, kind=kind)

    def with_help(cmd: Any) -> None:
        # The --help option is made on first use, for the context: its value (None unless
        # given) is coerced too.
        own = cmd.get_help_option

        def get_help_option(ctx: Any) -> Any:
            option = own(ctx)
            if option is not None:
                plain(option)
            return option

        cmd.get_help_option = get_help_option

    for cmd in [command, *getattr(command, "commands", {}).values()]:
        for param in cmd.params:
            plain(param)
        if hasattr(cmd, "get_help_option"):
            with_help(cmd)
    return command
