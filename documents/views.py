"""The staff's page for writing the narrative parts of a year's annual report."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from township.dates import is_year
from township.filters import chosen_township
from township.permissions import townships_managed_by, townships_visible_to

from .forms import ReportTextForm
from .models import ReportText
from .permissions import can_edit_report_text


def _township_for(request):
    return (
        chosen_township(request.user, request.GET.get("township"))
        or townships_managed_by(request.user).first()
        or townships_visible_to(request.user).first()
    )


def report_text_edit(request, year: int):
    if not is_year(year):
        raise Http404
    township = _township_for(request)
    if township is None or not can_edit_report_text(request.user, township):
        raise PermissionDenied
    instance = ReportText.objects.filter(township=township, year=year).first() or ReportText(
        township=township, year=year
    )
    form = ReportTextForm(request.POST or None, instance=instance)
    if request.method == "POST":
        try:
            with transaction.atomic():
                if form.is_valid():
                    form.save()
                    messages.success(request, _("The report text has been saved."))
                    url = reverse("reports:annual-text", kwargs={"year": year})
                    return redirect(f"{url}?township={township.pk}")
        except IntegrityError:
            # Someone created the year's text between our read and our save.
            form.add_error(
                None, _("Someone else saved this record after you opened it; nothing was saved.")
            )
    return render(
        request,
        "documents/report_text_form.html",
        {"form": form, "township": township, "year": year},
        status=400 if request.method == "POST" else 200,
    )
