from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from township.concurrency import rows_version, save_form_if_current, save_if_current
from township.dates import today
from township.decorators import role_required
from township.documents import official_parts
from township.filters import chosen_township
from township.pdf import pdf_response
from township.permissions import townships_managed_by
from township.uploads import serve_private_file
from township.word import docx_response

from . import services
from .filters import NominationFilterForm
from .forms import (
    AssessmentForm,
    DecisionForm,
    FileForm,
    NominationForm,
    NoticeForm,
    ObjectionForm,
    QuotaForm,
    ResolveForm,
    RoundForm,
)
from .models import Category, Nomination, NominationFile, Objection, Quota, Round
from .permissions import (
    can_add_files,
    can_nominate,
    can_read_whole_round,
    can_run_round,
    can_see_files,
    get_nomination_for_user,
    get_round_for_user,
    nominations_visible_to,
    rounds_visible_to,
)
from .selectors import (
    campaign_results,
    commended,
    nominations_for_page,
    rounds_with_counts,
    shortlist,
)


def _save_file(nomination, upload, user):
    NominationFile.objects.create(
        nomination=nomination, file=upload, name=upload.name[:200], uploaded_by=user
    )


@role_required
def round_list(request):
    rounds = rounds_with_counts(rounds_visible_to(request.user)).order_by("-year", "township")
    page = Paginator(rounds, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "awards/round_list.html",
        {"page": page, "can_create": townships_managed_by(request.user).exists(), "today": today()},
    )


def round_create(request):
    managed = townships_managed_by(request.user)
    townships = list(managed)
    if not townships:
        raise PermissionDenied
    # Staff of several townships (and superusers) say which township the round is for.
    chosen = request.POST.get("township") or request.GET.get("township")
    if len(townships) == 1:
        township = townships[0]
    else:
        township = chosen_township(request.user, chosen, among=managed)
        if township is None:
            return render(request, "awards/round_township.html", {"townships": townships})
    form = RoundForm(request.POST or None, township=township)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            services.ensure_default_categories(township=township)
            round = form.save()
        messages.success(request, _("The round has been created. Set the quotas next."))
        return redirect("awards:quotas", pk=round.pk)
    if not form.is_bound:
        year = today().year + (1 if today().month > 7 else 0)
        form.initial.update({"year": year})
    return render(
        request, "awards/round_form.html", {"form": form, "round": None, "township": township}
    )


def round_edit(request, pk: int):
    round = get_round_for_user(request.user, pk, write=True)
    form = RoundForm(request.POST or None, instance=round, township=round.township)
    if request.method == "POST" and save_if_current(form):
        messages.success(request, _("The round has been saved."))
        return redirect("awards:round-detail", pk=round.pk)
    return render(request, "awards/round_form.html", {"form": form, "round": round})


def round_detail(request, pk: int):
    round = get_round_for_user(request.user, pk)
    form = NominationFilterForm(request.GET, user=request.user)
    nominations = form.filter_qs(nominations_for_page(nominations_visible_to(request.user, round)))
    page = Paginator(nominations, 50).get_page(request.GET.get("page"))
    day = today()
    quotas = list(round.quotas.select_related("category"))
    return render(
        request,
        "awards/round_detail.html",
        {
            "round": round,
            "page": page,
            "stage": form.cleaned_data["stage"],
            "q": form.cleaned_data["q"],
            "stages": Nomination.Stage.choices,
            "quotas": quotas,
            "today": day,
            "stage_label": round.stage_label(day),
            "filter_note": _("nominations with an objection still open")
            if request.GET.get("objections") == "open"
            else "",
            "can_run": can_run_round(request.user, round),
            "whole": can_read_whole_round(request.user, round),
            "can_nominate": can_nominate(request.user, round) and round.nominations_open(day),
        },
    )


def _quota_histories(round):
    return (Quota.history.filter(round_id=round.pk), Round.history.filter(id=round.pk))


def quotas(request, pk: int):
    round = get_round_for_user(request.user, pk, write=True)
    categories = Category.objects.filter(township=round.township, is_active=True)
    current = dict(round.quotas.values_list("category_id", "number"))
    histories = _quota_histories(round)
    form = QuotaForm(
        request.POST or None,
        categories=categories,
        current=current,
        version=rows_version(*histories),
    )
    if request.method == "POST" and round.is_decided:
        messages.error(request, _("The decision has been made; the quotas are closed."))
        return redirect("awards:round-detail", pk=round.pk)

    def save():
        for category, number in form.quotas().items():
            if number is None:
                Quota.objects.filter(round=round, category=category).delete()
                continue
            quota, created = Quota.objects.get_or_create(
                round=round, category=category, defaults={"number": number}
            )
            if not created and quota.number != number:
                quota.number = number
                quota.save(update_fields=["number"])

    if request.method == "POST" and save_form_if_current(
        form, histories=histories, lock=Round.objects.filter(pk=round.pk), save=save
    ):
        messages.success(request, _("The quotas have been saved."))
        return redirect("awards:round-detail", pk=round.pk)
    return render(request, "awards/quotas.html", {"round": round, "form": form})


def nominate(request, pk: int):
    round = get_round_for_user(request.user, pk)
    if not can_nominate(request.user, round):
        raise PermissionDenied
    form = NominationForm(
        request.POST or None, request.FILES or None, user=request.user, round=round
    )
    if not round.nominations_open(today()):
        messages.error(request, _("Nominations for this round are closed."))
        return redirect("awards:round-detail", pk=round.pk)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                nomination = services.nominate(
                    round=round,
                    category=data["category"],
                    member=data["member"],
                    branch=data["branch"],
                    deeds=data["deeds"],
                    by=request.user,
                )
                if data.get("file"):
                    _save_file(nomination, data["file"], request.user)
        except services.AwardError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, _("The nomination has been submitted."))
            return redirect("awards:nomination-detail", pk=nomination.pk)
    return render(request, "awards/nominate.html", {"round": round, "form": form})


def nomination_detail(request, pk: int):
    nomination = get_nomination_for_user(request.user, pk)
    round = nomination.round
    nomination = nominations_for_page(Nomination.objects.filter(pk=nomination.pk)).get()
    show_files = can_see_files(request.user, nomination)
    whole = can_read_whole_round(request.user, round) or show_files
    return render(
        request,
        "awards/nomination_detail.html",
        {
            "n": nomination,
            "round": round,
            "files": nomination.files.all() if show_files else [],
            "show_files": show_files,
            "whole": whole,
            "objections": nomination.objections.all()
            if can_read_whole_round(request.user, round)
            else [],
            "can_run": can_run_round(request.user, round),
            "can_add_files": can_add_files(request.user, nomination),
            "campaign_results": campaign_results(nomination) if whole else [],
            "file_form": FileForm(),
            "today": today(),
        },
    )


@require_POST
def file_upload(request, pk: int):
    nomination = get_nomination_for_user(request.user, pk)
    if not can_add_files(request.user, nomination):
        raise PermissionDenied
    form = FileForm(request.POST, request.FILES)
    if form.is_valid():
        _save_file(nomination, form.cleaned_data["file"], request.user)
        messages.success(request, _("The file has been added."))
    else:
        messages.error(request, " ".join(form.errors.get("file", [])))
    return redirect("awards:nomination-detail", pk=nomination.pk)


def file_download(request, pk: int):
    attachment = get_object_or_404(NominationFile.objects.select_related("nomination"), pk=pk)
    nomination = get_nomination_for_user(request.user, attachment.nomination_id)
    if not can_see_files(request.user, nomination):
        raise Http404
    return serve_private_file(attachment.file, attachment.name, as_attachment=True)


def assess(request, pk: int):
    nomination = get_nomination_for_user(request.user, pk, write=True)
    histories = (Nomination.history.filter(id=nomination.pk),)
    form = AssessmentForm(request.POST or None, version=rows_version(*histories))

    def save():
        data = form.cleaned_data
        services.assess_nomination(
            nomination=nomination,
            passed=data["passed"],
            notes=data["notes"],
            confirmed=data["confirmed"],
            on=data["on"],
        )

    if request.method == "POST":
        try:
            saved = save_form_if_current(
                form,
                histories=histories,
                lock=Nomination.objects.filter(pk=nomination.pk),
                save=save,
            )
        except services.AwardError as e:
            form.add_error(None, str(e))
        else:
            if saved:
                messages.success(request, _("The assessment has been recorded."))
                return redirect("awards:round-detail", pk=nomination.round_id)
    return render(request, "awards/assess.html", {"n": nomination, "form": form})


def start_notice(request, pk: int):
    round = get_round_for_user(request.user, pk, write=True)
    histories = (Round.history.filter(id=round.pk),)
    form = NoticeForm(request.POST or None, version=rows_version(*histories))
    if request.method == "POST":
        try:
            saved = save_form_if_current(
                form,
                histories=histories,
                lock=Round.objects.filter(pk=round.pk),
                save=lambda: services.start_notice(
                    round=round, starts_on=form.cleaned_data["starts_on"]
                ),
            )
        except services.AwardError as e:
            form.add_error(None, str(e))
        else:
            if saved:
                round.refresh_from_db()
                messages.success(
                    request,
                    _("The public notice runs until %(end)s.") % {"end": round.notice_ends_on},
                )
                return redirect("awards:round-detail", pk=round.pk)
    preview = None
    if form.is_bound and form.is_valid():
        preview = services.notice_end_for(form.cleaned_data["starts_on"])
    else:
        preview = services.notice_end_for(today())
    return render(
        request, "awards/notice_form.html", {"round": round, "form": form, "preview": preview}
    )


def objection_add(request, pk: int):
    nomination = get_nomination_for_user(request.user, pk, write=True)
    form = ObjectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_objection(nomination=nomination, **form.cleaned_data)
        except services.AwardError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, _("The objection has been recorded."))
            return redirect("awards:nomination-detail", pk=nomination.pk)
    return render(request, "awards/objection_form.html", {"n": nomination, "form": form})


def objection_resolve(request, pk: int):
    objection = get_object_or_404(Objection, pk=pk)
    nomination = get_nomination_for_user(request.user, objection.nomination_id, write=True)
    histories = (Objection.history.filter(id=objection.pk),)
    form = ResolveForm(request.POST or None, version=rows_version(*histories))
    if request.method == "POST":
        try:
            saved = save_form_if_current(
                form,
                histories=histories,
                lock=Objection.objects.filter(pk=objection.pk),
                save=lambda: services.resolve_objection(objection=objection, **_fields(form)),
            )
        except services.AwardError as e:
            form.add_error(None, str(e))
        else:
            if saved:
                messages.success(request, _("The objection has been resolved."))
                return redirect("awards:nomination-detail", pk=nomination.pk)
    return render(
        request,
        "awards/objection_resolve.html",
        {"n": nomination, "objection": objection, "form": form},
    )


def _fields(form) -> dict:
    """The form's cleaned data without the version it carries."""
    return {k: v for k, v in form.cleaned_data.items() if k != "seen_version"}


def decide(request, pk: int):
    round = get_round_for_user(request.user, pk, write=True)
    # The round and every nomination in it: a stage changed since the page was read (an
    # assessment, an objection) changes who may be chosen.
    histories = (Round.history.filter(id=round.pk), Nomination.history.filter(round_id=round.pk))
    form = DecisionForm(request.POST or None, round=round, version=rows_version(*histories))

    def save():
        data = form.cleaned_data
        services.record_decision(
            round=round,
            chosen=list(data["chosen"]),
            decided_on=data["decided_on"],
            document_number=data["document_number"],
        )

    if request.method == "POST":
        try:
            saved = save_form_if_current(
                form, histories=histories, lock=Round.objects.filter(pk=round.pk), save=save
            )
        except services.AwardError as e:
            form.add_error(None, str(e))
        else:
            if saved:
                messages.success(request, _("The decision has been recorded."))
                return redirect("awards:round-detail", pk=round.pk)
    return render(
        request,
        "awards/decision_form.html",
        {"round": round, "form": form, "quotas": round.quotas.select_related("category")},
    )


def _document_context(round):
    # The Party was founded in 1921: the July 1 of `year` is its (year - 1921)th anniversary.
    return {
        "round": round,
        "township": round.township,
        "party_age": round.year - 1921,
        "official": official_parts(round.township),
        "issuer": round.township.committee_name,
    }


def _notice_context(request, pk: int) -> dict:
    round = get_round_for_user(request.user, pk)
    if not round.notice_started:
        raise Http404
    return {**_document_context(round), "groups": shortlist(round)}


def _decision_context(request, pk: int) -> dict:
    round = get_round_for_user(request.user, pk)
    if not round.is_decided:
        raise Http404
    return {**_document_context(round), "groups": commended(round)}


def _round_notice_context(request, pk: int) -> dict:
    """The 通知 that opens a round: categories and quotas, conditions, steps and dates."""
    round = get_round_for_user(request.user, pk)
    return {
        **_document_context(round),
        "quotas": list(round.quotas.select_related("category").order_by("category__position")),
        "notice_days": round.notice_working_days or settings.AWARDS_NOTICE_WORKING_DAYS,
    }


def round_notice_pdf(request, pk: int):
    context = _round_notice_context(request, pk)
    return pdf_response(
        "awards/pdf/round_notice.html",
        context,
        filename=f"{context['round'].year}年度七一表彰推荐工作通知.pdf",
    )


def round_notice_docx(request, pk: int):
    context = _round_notice_context(request, pk)
    return docx_response(
        "awards/pdf/round_notice.html",
        context,
        filename=f"{context['round'].year}年度七一表彰推荐工作通知.docx",
    )


def notice_pdf(request, pk: int):
    context = _notice_context(request, pk)
    return pdf_response(
        "awards/pdf/notice.html", context, filename=f"{context['round'].year}年度七一表彰公示.pdf"
    )


def notice_docx(request, pk: int):
    """The notice as an editable Word copy: the same template, so the same text."""
    context = _notice_context(request, pk)
    return docx_response(
        "awards/pdf/notice.html", context, filename=f"{context['round'].year}年度七一表彰公示.docx"
    )


def decision_pdf(request, pk: int):
    context = _decision_context(request, pk)
    return pdf_response(
        "awards/pdf/decision.html",
        context,
        filename=f"{context['round'].year}年度七一表彰决定.pdf",
    )


def decision_docx(request, pk: int):
    context = _decision_context(request, pk)
    return docx_response(
        "awards/pdf/decision.html",
        context,
        filename=f"{context['round'].year}年度七一表彰决定.docx",
    )


def certificates_pdf(request, pk: int):
    round = get_round_for_user(request.user, pk)
    if not round.is_decided:
        raise Http404
    honoured = [n for _c, items in commended(round) for n in items]
    context = {**_document_context(round), "honoured": honoured}
    return pdf_response(
        "awards/pdf/certificates.html", context, filename=f"{round.year}年度七一表彰荣誉证书.pdf"
    )
