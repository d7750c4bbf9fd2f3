"""The rule contract: one class per rule, its docstring is its user documentation."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

from lintnews.document import Block, Document
from lintnews.model import Applicability, Diagnostic, Edit, Fix, Severity, Span
from lintnews.patterns import compile_cached

CODE_RE = compile_cached(r"^[A-Z]{1,4}[0-9]{3}$")
NAME_RE = compile_cached(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
REQUIRED_SECTIONS = ("## Why is this bad?", "## Example")
FIX_SECTION = "## Fix safety"


def matches(selector: str, code: str, name: str) -> bool:
    """Whether a selector (``ALL``, a code prefix such as ``REL``, or a rule name) picks a rule."""
    return selector == "ALL" or code.startswith(selector) or selector == name


class RuleDefinitionError(Exception):
    pass


_TYPE_NAMES = {bool: "true or false", int: "an integer", float: "a number", str: "a string",
               list: "a list", dict: "a table"}
_SHORT = {bool: "bool", int: "int", float: "float", str: "str", list: "list", dict: "table"}
_PLURAL = {str: "strings", int: "integers", float: "numbers", bool: "true/false values"}


@dataclass(frozen=True)
class Option:
    """One option a rule takes: its type, its default and what it does (``lintnews rule`` shows them).

    ``item`` is the type of a list's items. Values from the configuration must be of ``type``
    exactly: a bool is no integer, the string "no" is no false; an integer is a fine float.
    """

    type: type
    default: Any
    description: str = ""
    item: type | None = None
    # Bounds of a number: a count below 0 (`min-chars = -5`) would be taken silently.
    minimum: float | None = None
    maximum: float | None = None

    def accepts(self, value: Any) -> bool:
        want = self.type
        if want is float:
            return isinstance(value, (int, float)) and not isinstance(value, bool) and self._within(value)
        if want is int:
            return isinstance(value, int) and not isinstance(value, bool) and self._within(value)
        if want in _TYPE_NAMES:
            if not isinstance(value, want):
                return False
            if want is list and self.item is not None:
                return all(Option(self.item, None).accepts(x) for x in value)
            return True
        return True  # a type of a plugin's own: the rule checks it

    def _bounds(self, both: str, low: str, high: str) -> str:
        """The bounds, in the words given for both, the minimum alone or the maximum alone."""
        lo, hi = self.minimum, self.maximum
        if lo is not None and hi is not None:
            return both.format(lo, hi)
        return low.format(lo) if lo is not None else high.format(hi) if hi is not None else ""

    def _within(self, value: float) -> bool:
        return (self.minimum is None or value >= self.minimum) and (self.maximum is None or value <= self.maximum)

    def expected(self) -> str:
        what = _TYPE_NAMES.get(self.type, self.type.__name__)
        if self.type is list and self.item is not None:
            what += f" of {_PLURAL.get(self.item, 'values')}"
        return what + self._bounds(" from {} to {}", " of at least {}", " of at most {}")

    def type_name(self) -> str:
        name = _SHORT.get(self.type, self.type.__name__)
        name += self._bounds(", {} to {}", ", >= {}", ", <= {}")
        return f"list[{_SHORT.get(self.item, self.item.__name__)}]" if self.item else name


def option_specs(options: dict[str, Any]) -> dict[str, Option]:
    """A rule's ``options`` as Options; a plain default (the older style, still fine for plugins)
    becomes an Option of the default's type."""
    out: dict[str, Option] = {}
    for name, value in options.items():
        if isinstance(value, Option):
            out[name] = value
        else:
            item = type(value[0]) if isinstance(value, list) and value else None
            out[name] = Option(type(value), value, "", item)
    return out


def check_contract(cls: type) -> None:
    """Fail loudly when a rule lacks what users and the docs need."""
    where = f"rule {cls.__module__}.{cls.__qualname__}"
    if not CODE_RE.match(getattr(cls, "code", "") or ""):
        raise RuleDefinitionError(f"{where}: code {getattr(cls, 'code', None)!r} is not like 'REL001'")
    bad = [a for a in getattr(cls, "aliases", ()) if not CODE_RE.match(a)]
    if bad:
        raise RuleDefinitionError(f"{where}: alias {bad[0]!r} is not like 'REL001'")
    if not NAME_RE.match(getattr(cls, "name", "") or ""):
        raise RuleDefinitionError(f"{where}: name {getattr(cls, 'name', None)!r} is not kebab-case")
    doc = cls.__doc__ or ""
    if not doc.strip():
        raise RuleDefinitionError(f"{where}: has no docstring")
    missing = [s for s in REQUIRED_SECTIONS if s not in doc]
    if cls.fix_safety is not None and FIX_SECTION not in doc:
        missing.append(FIX_SECTION)
    if missing:
        raise RuleDefinitionError(f"{where}: docstring lacks {', '.join(missing)}")
    for name, spec in option_specs(getattr(cls, "options", {}) or {}).items():
        if not spec.accepts(spec.default):
            raise RuleDefinitionError(f"{where}: option {name!r} defaults to {spec.default!r}, "
                                      f"which is not {spec.expected()}")


class Rule:
    """Base class. Subclasses set the class attributes and implement ``check``."""

    code: ClassVar[str] = ""
    name: ClassVar[str] = ""
    severity: ClassVar[Severity] = Severity.WARNING
    # None: the rule only reports. Otherwise the applicability of the fixes it offers.
    fix_safety: ClassVar[Applicability | None] = None
    default_enabled: ClassVar[bool] = True
    # Per-rule options users may set in config: name -> Option(type, default, description)
    # (or, older style, name -> default).
    options: ClassVar[dict[str, Any]] = {}
    origin: ClassVar[str] = "builtin"
    # The input formats the rule applies to ("text", "markdown", "html", "jsonl"); empty: all.
    formats: ClassVar[tuple[str, ...]] = ()
    # Codes the rule had before, still accepted wherever users name rules.
    aliases: ClassVar[tuple[str, ...]] = ()
    # The languages (ISO 639-1 codes) whose text the rule recognises; ("all",): it does not
    # depend on the language (whitespace, encoding, HTML structure).
    languages: ClassVar[tuple[str, ...]] = ("all",)

    def __init_subclass__(cls, abstract: bool = False, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not abstract:
            check_contract(cls)

    def __init__(self, options: dict[str, Any] | None = None) -> None:
        defaults = {name: spec.default for name, spec in option_specs(self.options).items()}
        self.opts = {**defaults, **(options or {})}

    @classmethod
    def option_specs(cls) -> dict[str, Option]:
        return option_specs(cls.options)

    # -- what rules implement -------------------------------------------------------------
    def check(self, doc: Document) -> Iterator[Diagnostic]:
        raise NotImplementedError

    # -- documentation --------------------------------------------------------------------
    @classmethod
    def fix_label(cls) -> str:
        """How listings, SARIF and the docs name the rule's fix: its applicability, or "none"."""
        return cls.fix_safety.value if cls.fix_safety is not None else "none"

    @classmethod
    def summary(cls) -> str:
        import inspect

        first = inspect.cleandoc(cls.__doc__ or "").split("\n\n", 1)[0]
        return " ".join(first.split())

    @classmethod
    def documentation(cls) -> str:
        import inspect

        return inspect.cleandoc(cls.__doc__ or "")

    # -- helpers for rules -----------------------------------------------------------------
    def report(self, message: str, span: Span, fix: Fix | None = None) -> Diagnostic:
        return Diagnostic(self.code, self.name, message, span, self.severity, fix)

    def fix(self, message: str, *edits: Edit, applicability: Applicability | None = None) -> Fix:
        return Fix(message, tuple(edits), applicability or self.fix_safety or Applicability.DISPLAY_ONLY)

    def remove_blocks(self, doc: Document, first: Block, last: Block | None = None,
                      message: str = "Remove", applicability: Applicability | None = None) -> Fix:
        return self.fix(message, *(Edit(span, "") for span in doc.removal_spans(first, last)),
                        applicability=applicability)
