"""Form helpers shared by every app's views."""

from typing import Any

from django.core.exceptions import ValidationError


def add_action_errors(form: Any, error: ValidationError) -> None:
    """Put an action's ValidationError next to the fields it names (or above the form), so the
    person sees why and keeps everything they typed."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
