"""Reasons as data: every sentence the engine explains itself with has a key.

A module that writes a sentence defines its template once, beside the code
that writes it, and says it with values::

    PREEMPT = define("cpu.srt.preempt", "SRT: {who} preempts {victim}: {n} ticks left < {m}")
    reason = PREEMPT.say(who="P2", victim="P1", n=4, m=7)
    reason == "SRT: P2 preempts P1: 4 ticks left < 7"      # a str: the English text
    reason.key, reason.args                                 # "cpu.srt.preempt", {"who": "P2", ...}

A :class:`Reason` is a ``str`` (the English sentence, as the result's
``reason`` always was), so code that only reads text needs no change;
wherever a reason is recorded (a step event, a ``memory.ops`` record, the
deadlock) :func:`fields` adds ``reason_key`` and ``reason_args`` beside it.
An argument may be a nested reason: it is kept as ``{"key", "args"}`` and
rendered in turn.

``KEYS`` holds every key the engine can emit, registered when its module is
imported (:func:`all_keys` imports them all).  The English template is the
catalog's source; the Simplified Chinese one is the translation of that
template in ``locale/zh_Hans/LC_MESSAGES/django.po`` (``gettext_noop``
marks each template for ``makemessages``).  The command line renders the
English; the browser renders the same key in the page's language
(``/i18n/reasons/<lang>.json``, ``translate.js``).
"""
from __future__ import annotations

import keyword
import re
from typing import Any, Mapping

__all__ = ["Reason", "Text", "define", "KEYS", "fields", "render", "all_keys", "gettext_noop"]

_PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")


def gettext_noop(message: str) -> str:
    """Mark ``message`` for ``makemessages`` (xgettext finds this name); return it unchanged."""
    return message


class Reason(str):
    """An English sentence that knows its key and values (see the module docstring)."""

    key: str
    args: dict[str, Any]

    def __new__(cls, text: str, key: str, args: dict[str, Any]) -> "Reason":
        made = super().__new__(cls, text)
        made.key = key
        made.args = args
        return made

    def __reduce__(self):  # keep key and args through pickling and copying
        return (Reason, (str(self), self.key, self.args))

    def as_data(self) -> dict[str, Any]:
        """``{"key", "args"}``: how a nested reason travels inside ``reason_args``."""
        return {"key": self.key, "args": self.args}


_new_str = str.__new__


class Text:
    """One sentence shape: a key and its English template."""

    __slots__ = ("key", "template", "names", "_plain", "_fill")

    def __init__(self, key: str, template: str) -> None:
        self.key = key
        self.template = template
        self.names = tuple(dict.fromkeys(_PLACEHOLDER.findall(template)))
        # Without other braces the template is a format string, which
        # ``_compile`` turns into an f-string (allocators say one per op).
        self._plain = template.count("{") == template.count("}") == len(_PLACEHOLDER.findall(template))
        self._fill: Any = None  # compiled at the first ``say``: most texts are never said

    def say(self, **args: Any) -> Reason:
        """The sentence with ``args`` filled in (every placeholder must be given)."""
        fill = self._fill
        if fill is None:
            fill = self._fill = self._compile()
        try:
            text, nested = fill(**args)
        except TypeError:  # a value missing: say it as before (or a value's own TypeError)
            text, nested = self._format(args)
        if nested:
            args = {name: (v.as_data() if isinstance(v, Reason) else v) for name, v in args.items()}
        # Reason.__new__ without its Python frame: sentences are said once per op.
        made = _new_str(Reason, text)
        made.key = self.key
        made.args = args
        return made

    def _format(self, args: dict[str, Any]) -> tuple[str, bool]:
        """``(the sentence, whether a value is a nested Reason)``: the general way."""
        try:
            text = (self.template.format_map(args) if self._plain else
                    _PLACEHOLDER.sub(lambda m: str(args[m.group(1)]), self.template))
        except KeyError as exc:
            raise KeyError(f"{self.key}: no value for {exc.args[0]}") from None
        # (there is no subclass of Reason)
        return text, Reason in map(type, args.values())

    def _compile(self) -> Any:
        """A function of the placeholders returning what ``_format`` returns, as an f-string.

        ``f"{x}"`` and ``"{x}".format_map`` both call ``format(x, "")``, so
        the sentence is the same; extra values are accepted and ignored,
        as by ``format_map``.
        """
        if not self._plain or any(keyword.iskeyword(n) or n == "_" for n in self.names):
            return lambda **args: self._format(args)
        nested = " or ".join([f"type({n}) is R" for n in self.names] +
                             ["(_ and R in map(type, _.values()))"])
        params = "".join(f"{n}, " for n in self.names)
        source = f"def fill({params}**_):\n    return f{self.template!r}, {nested}\n"
        scope: dict[str, Any] = {"R": Reason}
        exec(source, scope)  # noqa: S102 - the template is the engine's own, checked plain above
        return scope["fill"]


#: key -> Text, for every sentence the engine can write.
KEYS: dict[str, Text] = {}


def define(key: str, template: str) -> Text:
    """Register the sentence ``key`` with its English ``template``; returns it to ``say``."""
    known = KEYS.get(key)
    if known is not None and known.template != template:
        raise ValueError(f"reason key {key!r} is defined twice with different templates")
    text = known or Text(key, gettext_noop(template))
    KEYS[key] = text
    return text


def fields(reason: str) -> dict[str, Any]:
    """``{"reason", "reason_key", "reason_args"}`` for a record (just ``reason`` for plain text)."""
    if isinstance(reason, Reason):
        return {"reason": str(reason), "reason_key": reason.key, "reason_args": reason.args}
    return {"reason": reason}


def render(key: str, args: Mapping[str, Any], lookup: Mapping[str, str] | None = None) -> str:
    """The sentence ``key`` with ``args``, nested reasons rendered in turn.

    ``lookup`` maps an English template to its translation (missing or
    empty: the English one); without it the English sentence comes back.
    """
    template = KEYS[key].template
    if lookup is not None:
        template = lookup.get(template) or template

    def value(name: str) -> str:
        v = args.get(name)
        if isinstance(v, dict) and set(v) == {"key", "args"} and v["key"] in KEYS:
            return render(v["key"], v["args"], lookup)
        return str(v)

    return _PLACEHOLDER.sub(lambda m: value(m.group(1)) if m.group(1) in args else m.group(0),
                            template)


def all_keys() -> dict[str, Text]:
    """Every key the engine can emit.

    Imports every module of the engine (a sentence is defined where it is
    written, at import), registers every kind's policies, and describes every
    library function (summaries and argument descriptions are keyed then).
    """
    import importlib
    import pkgutil

    import kernel_engine

    for module in pkgutil.walk_packages(kernel_engine.__path__, "kernel_engine."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)
    from .. import library, registry

    registry.load_all()  # every kind, including those no scenario section names
    for kind in registry.POLICY_KINDS:
        registry.names(kind)
    library.functions()  # each function's summary and argument keys
    return dict(KEYS)
