"""Small helpers shared by the security tests."""

from django.apps import apps


def history_rows() -> int:
    """Rows of every history table: any saved change of a domain model adds one."""
    return sum(
        model._default_manager.count()
        for model in apps.get_models()
        if model.__name__.startswith("Historical")
    )
