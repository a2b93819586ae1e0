"""Finding a branch by the name a clerk typed (rosters, grade sheets, the back office).

A township's sheets name a branch by its full name (青龙村党支部), its short name (青龙村), or
the full name without its suffix (青龙村, 青龙村支部 for 青龙村党支部). All of them find the
branch; a name that fits several branches is an error naming them, never a guess.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Generic, TypeVar

from django.utils.translation import gettext as _

# Longest first: 联合党支部 before 党支部 before 支部.
SUFFIXES = ("联合党支部", "党总支部", "党总支", "党支部", "总支", "支部")
_SPACES = re.compile(r"\s+")

T = TypeVar("T")


class BranchNameError(ValueError):
    """Several branches go by the name; the message is for the user."""


def normalise_branch_name(text: str) -> str:
    """Full-width to half-width, no spaces."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text or ""))


def without_suffix(name: str) -> str:
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


class BranchNames(Generic[T]):
    """An index of branches (any value: a pk or a Branch) by the names clerks type."""

    def __init__(self, branches: Iterable[tuple[T, str, str]]):
        """`branches`: (value, full name, short name) triples."""
        self.exact: dict[str, T] = {}
        self.loose: dict[str, dict[str, T]] = {}
        for value, name, short in branches:
            full = normalise_branch_name(name)
            self.exact[full] = value
            keys = {without_suffix(full)}
            if short:
                keys |= {normalise_branch_name(short), without_suffix(normalise_branch_name(short))}
            for key in keys:
                self.loose.setdefault(key, {})[name] = value

    def find(self, typed: str) -> T | None:
        """The branch the typed name means, None when no branch goes by it, or
        BranchNameError naming the candidates when several do."""
        text = normalise_branch_name(typed)
        if text in self.exact:
            return self.exact[text]
        found: dict[str, T] = {}
        for key in {text, without_suffix(text)}:
            found.update(self.loose.get(key, {}))
        if len(found) == 1:
            return next(iter(found.values()))
        if found:
            raise BranchNameError(
                _("“%(name)s” could be any of these branches: %(names)s; write the full name.")
                % {"name": typed, "names": "、".join(sorted(found))}
            )
        return None
