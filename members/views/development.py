"""发展纪实 on the applicant's page: the dated steps between 发展对象 and 预备党员, the
notice before conversion, and their documents (members/development.py holds the rules)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from township.uploads import serve_private_file, stored_basename

from ..development import (
    missing_before_admission,
    missing_before_conversion,
    next_development_step,
    record_development_step,
)
from ..forms.orglife import DevelopmentStepForm
from ..models import DevelopmentStep
from ..permissions import can_manage_applicant, get_applicant_for_user
from ..services import MemberError


def development_context(user, applicant, form=None) -> dict:
    """What the applicant page shows of 发展纪实."""
    nxt = next_development_step(applicant)
    can_record = nxt is not None and not applicant.stopped_on
    can_record = can_record and can_manage_applicant(user, applicant)
    return {
        "steps": list(applicant.steps.all()),
        "next": DevelopmentStep.Kind(nxt).label if nxt else "",
        "missing": missing_before_admission(applicant),
        "missing_conversion": missing_before_conversion(applicant),
        "form": (form or DevelopmentStepForm(initial={"kind": nxt})) if can_record else None,
    }


@require_POST
def development_step_add(request, pk: int):
    applicant = get_applicant_for_user(request.user, pk)
    if not can_manage_applicant(request.user, applicant):
        raise PermissionDenied
    form = DevelopmentStepForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            record_development_step(applicant=applicant, **data)
        except MemberError as e:
            messages.error(request, str(e))
        else:
            messages.success(request, _("Step recorded."))
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    return redirect("members:applicant", applicant.pk)


def development_step_file(request, pk: int):
    """A step's document: only for those who see the applicant (else 404)."""
    step = get_object_or_404(DevelopmentStep.objects.select_related("applicant"), pk=pk)
    get_applicant_for_user(request.user, step.applicant_id)
    return serve_private_file(step.document, stored_basename(step.document))
