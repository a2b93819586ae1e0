"""A model's __str__ must never raise: the back office prints objects whose relations are
missing (a change form posted with the member cleared, a history record whose member was
deleted since), and one AttributeError there is a 500 on a page staff need.

Rather than guard each __str__ by hand (and forget the next one), every model of the
project gets its __str__ wrapped once at start-up: when it raises because a relation is
missing, the object is named by its kind and id instead ("推荐对象 #12").
"""

import functools

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.db import models

PROJECT_APPS = {"township", "branches", "members", "plans", "finance", "awards", "dues"}
#: what a missing or half-filled relation makes a __str__ raise
MISSING = (ObjectDoesNotExist, AttributeError, TypeError, ValueError, KeyError)


def _fallback(obj) -> str:
    name = str(obj._meta.verbose_name)
    return f"{name} #{obj.pk}" if obj.pk is not None else name


def _guarded(method):
    if getattr(method, "_survives_missing_relations", False):
        return method

    @functools.wraps(method)
    def __str__(self):
        try:
            return method(self)
        except MISSING:
            return _fallback(self)

    __str__._survives_missing_relations = True
    return __str__


def guard_every_str() -> None:
    """Wrap the __str__ of every model (and its history model) of the project's apps."""
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        if model.__str__ is models.Model.__str__:
            continue
        model.__str__ = _guarded(model.__str__)
