from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from minga.core import links
from minga.core.forms import add_action_errors
from minga.core.ids import id_or_404
from minga.core.markdown import render_markdown
from minga.reviews.queries import current_review

from . import access, actions, permissions, queries, snapshot
from .diff import word_diff
from .forms import (
    AssignForm,
    CommentForm,
    DecisionForm,
    EvidenceForm,
    ParagraphForm,
    PublishForm,
    ReplyForm,
    ReportForm,
    TitleForm,
    TitleTranslationForm,
    TranslationForm,
)
from .models import (
    PARAGRAPH_MAX,
    BuildStatus,
    Decision,
    Paragraph,
    PublishedVersion,
    Report,
    ReportStatus,
)

# Public -------------------------------------------------------------------------------------


@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    review = current_review()
    working = []
    if review is not None and request.user.is_authenticated:
        working = [
            r for r in queries.working_reports(review) if permissions.can_see_draft(request.user, r)
        ]
    reports = queries.public_reports(review)
    for report in reports:
        report.display_title = report.title_in(request.LANGUAGE_CODE)  # type: ignore[attr-defined]
    return render(
        request,
        "reports/list.html",
        {
            "review": review,
            "reports": reports,
            "working": working,
            "can_create": review is not None
            and permissions.can_create_report(request.user, review),
        },
    )


def _published_page(
    request: HttpRequest, version: PublishedVersion, *, latest: bool
) -> HttpResponse:
    doc = snapshot.read(version.snapshot, request.LANGUAGE_CODE)
    report = version.report
    return render(
        request,
        "reports/published.html",
        {
            "doc": doc,
            "version": version,
            "report": report,
            "latest": latest,
            "versions": queries.versions_of(report.pk),
            "pdfs": queries.ready_pdfs(version),
            "can_write": permissions.can_see_draft(request.user, report),
        },
    )


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The latest published version (or, for its writers, the draft before publication)."""
    version = queries.latest_version(id_or_404(pk))
    if version is None:
        report = access.access_report(request.user, pk)
        return redirect("reports:draft", report.pk)
    return _published_page(request, version, latest=True)


@require_GET
def version_detail(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    version = queries.published_version(id_or_404(pk), id_or_404(number))
    if version is None:
        raise Http404
    return _published_page(request, version, latest=False)


@require_GET
def pdf_download(request: HttpRequest, pk: int, number: int, language: str) -> FileResponse:
    version = queries.published_version(id_or_404(pk), id_or_404(number))
    if version is None:
        raise Http404
    build = queries.ready_pdfs(version).get(language)
    if build is None or not build.file:
        raise Http404
    return FileResponse(
        build.file.open("rb"), content_type="application/pdf",
        filename=f"report-{pk}-v{number}-{language}.pdf",
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def pdf_status(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """Progress of the PDF builds of a version; writers may ask for a rebuild."""
    version = queries.published_version(id_or_404(pk), id_or_404(number))
    if version is None:
        raise Http404
    if request.method == "POST":
        try:
            actions.do_request_pdf(request.user, version, language=request.POST.get("language", ""))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("reports:pdf_status", pk, number)
    builds = queries.pdf_builds(version)
    busy = any(b.status in (BuildStatus.QUEUED, BuildStatus.RUNNING) for b in builds.values())
    return render(
        request,
        "reports/pdf_status.html",
        {
            "version": version,
            "rows": [(lang, builds.get(lang)) for lang in version.snapshot.get("languages", [])],
            "busy": busy,
            "can_request": permissions.is_writer(request.user, version.report),
        },
    )


# Working draft ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    review = current_review()
    if review is None or not permissions.can_create_report(request.user, review):
        raise PermissionDenied
    form = ReportForm(request.POST or None, initial={"language": request.LANGUAGE_CODE})
    if request.method == "POST" and form.is_valid():
        try:
            report = actions.do_create_report(request.user, review, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            return redirect("reports:draft", report.pk)
    status = 400 if form.is_bound else 200
    return render(request, "reports/create.html", {"form": form, "review": review}, status=status)


def _draft_page(
    request: HttpRequest, report: Report, status: int = 200, **forms: Any
) -> HttpResponse:
    user = request.user
    chapters = queries.draft_structure(report)
    editable = {c.pk for c in chapters if permissions.can_edit_chapter(user, c)}
    decisions = list(report.decisions.filter(round=report.review_round).select_related("member"))
    context = {
        "report": report,
        "chapters": chapters,
        "editable": editable,
        "languages": queries.report_languages(report),
        "can_manage": permissions.can_manage_report(user, report),
        "can_decide": permissions.can_decide(user, report),
        "can_cosign": permissions.can_cosign(user, report),
        "can_publish": permissions.can_publish(user, report),
        "can_comment": permissions.can_comment(user, report),
        "can_translate": permissions.can_translate(user, report),
        "decisions": decisions,
        "my_decision": next((d for d in decisions if d.member_id == user.pk), None),
        "committee_size": actions.committee_size(report),
        "cosignatures": list(
            report.cosignatures.filter(round=report.review_round).select_related("delegate")
        ),
        "versions": queries.versions_of(report.pk),
        "chapter_form": forms.get("chapter_form") or TitleForm(prefix="chapter"),
        "section_form": forms.get("section_form"),
        "section_chapter": forms.get("section_chapter"),
        "assign_form": forms.get("assign_form"),
        "assign_chapter": forms.get("assign_chapter"),
        "paragraph_form": forms.get("paragraph_form"),
        "paragraph_section": forms.get("paragraph_section"),
        "decision_form": forms.get("decision_form") or DecisionForm(),
        "publish_form": forms.get("publish_form") or PublishForm(),
        "error": forms.get("error"),
    }
    return render(request, "reports/draft.html", context, status=status)


@login_required
@require_GET
def draft(request: HttpRequest, pk: int) -> HttpResponse:
    return _draft_page(request, access.access_report(request.user, pk))


def _run(request: HttpRequest, call: Callable[[], Any], ok: str) -> ValidationError | None:
    try:
        call()
    except ValidationError as error:
        return error
    messages.success(request, ok)
    return None


@login_required
@require_POST
def add_chapter(request: HttpRequest, pk: int) -> HttpResponse:
    report = access.access_report(request.user, pk, for_write=True)
    form = TitleForm(request.POST, prefix="chapter")
    if form.is_valid():
        error = _run(
            request,
            lambda: actions.do_add_chapter(request.user, report, title=form.cleaned_data["title"]),
            _("Chapter added."),
        )
        if error is None:
            return redirect("reports:draft", report.pk)
        add_action_errors(form, error)
    return _draft_page(request, report, 400, chapter_form=form)


@login_required
@require_POST
def add_section(request: HttpRequest, chapter_id: int) -> HttpResponse:
    chapter = access.access_chapter(request.user, chapter_id, for_write=True)
    form = TitleForm(request.POST, prefix=f"section{chapter.pk}")
    if form.is_valid():
        error = _run(
            request,
            lambda: actions.do_add_section(request.user, chapter, title=form.cleaned_data["title"]),
            _("Section added."),
        )
        if error is None:
            return redirect(
                reverse("reports:draft", args=[chapter.report_id]) + f"#chapter-{chapter.pk}"
            )
        add_action_errors(form, error)
    return _draft_page(request, chapter.report, 400, section_form=form, section_chapter=chapter.pk)


@login_required
@require_POST
def assign(request: HttpRequest, chapter_id: int) -> HttpResponse:
    chapter = access.access_chapter(request.user, chapter_id)
    if not permissions.can_manage_report(request.user, chapter.report):
        raise PermissionDenied
    form = AssignForm(request.POST, prefix=f"assign{chapter.pk}")
    if form.is_valid():
        person = get_user_model().objects.filter(email__iexact=form.cleaned_data["email"]).first()
        error = _run(
            request,
            lambda: actions.do_assign_chapter(
                request.user, chapter, person, role=form.cleaned_data["role"]
            ),
            _("Assignment saved."),
        )
        if error is None:
            return redirect(
                reverse("reports:draft", args=[chapter.report_id]) + f"#chapter-{chapter.pk}"
            )
        add_action_errors(form, error)
    return _draft_page(request, chapter.report, 400, assign_form=form, assign_chapter=chapter.pk)


@login_required
@require_POST
def unassign(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = access.access_assignment(request.user, assignment_id)
    actions.do_unassign_chapter(request.user, assignment)
    messages.success(request, _("Assignment removed."))
    return redirect("reports:draft", assignment.chapter.report_id)


@login_required
@require_POST
def add_paragraph(request: HttpRequest, section_id: int) -> HttpResponse:
    section = access.access_section(request.user, section_id, for_write=True)
    form = ParagraphForm(request.POST, prefix=f"new{section.pk}")
    if form.is_valid():
        error = _run(
            request,
            lambda: actions.do_add_paragraph(request.user, section, text=form.cleaned_data["text"]),
            _("Paragraph added."),
        )
        if error is None:
            return redirect(
                reverse("reports:draft", args=[section.chapter.report_id])
                + f"#section-{section.pk}"
            )
        add_action_errors(form, error)
    return _draft_page(
        request, section.chapter.report, 400, paragraph_form=form, paragraph_section=section.pk
    )


@login_required
@require_POST
def report_state(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """Open/close the consultation, submit to the committee, co-sign, decide, publish."""
    report = access.access_report(request.user, pk, for_write=True)
    user = request.user
    if step == "decide":
        form = DecisionForm(request.POST)
        if not form.is_valid():
            return _draft_page(request, report, 400, decision_form=form)

        def call() -> Any:
            return actions.do_decide_report(user, report, **form.cleaned_data)

        done = (
            _("Your decision is recorded.")
            if form.cleaned_data["decision"] == Decision.APPROVE
            else _("Your request for changes is recorded; the report is back in drafting.")
        )
        error = _run(request, call, done)
        if error is not None:
            add_action_errors(form, error)
            return _draft_page(request, report, 400, decision_form=form)
        return redirect("reports:draft", report.pk)
    if step == "publish":
        pform = PublishForm(request.POST)
        if not pform.is_valid():
            return _draft_page(request, report, 400, publish_form=pform)
        holder: dict[str, PublishedVersion] = {}

        def publish() -> None:
            holder["v"] = actions.do_publish_report(user, report, **pform.cleaned_data)

        error = _run(request, publish, _("The report is published. The PDFs are being built."))
        if error is not None:
            add_action_errors(pform, error)
            return _draft_page(request, report, 400, publish_form=pform)
        version = holder["v"]
        return redirect("reports:pdf_status", report.pk, version.number)
    steps: dict[str, tuple[Callable[[], Any], str]] = {
        "open": (
            lambda: actions.do_set_consultation(user, report, is_open=True),
            _("The report is open for comments."),
        ),
        "close": (
            lambda: actions.do_set_consultation(user, report, is_open=False),
            _("Comments are closed."),
        ),
        "submit": (
            lambda: actions.do_submit_for_review(user, report),
            _("The report is submitted to the committee."),
        ),
        "cosign": (lambda: actions.do_cosign_report(user, report), _("You co-signed the report.")),
    }
    if step not in steps:
        raise Http404
    call, ok = steps[step]
    error = _run(request, call, ok)
    if error is not None:
        return _draft_page(request, report, 400, error=error)
    return redirect("reports:draft", report.pk)


# One paragraph ------------------------------------------------------------------------------


def _paragraph_page(
    request: HttpRequest, paragraph: Paragraph, status: int = 200, **forms: Any
) -> HttpResponse:
    user = request.user
    chapter = paragraph.section.chapter
    report = chapter.report
    versions = queries.paragraph_versions(paragraph)
    history = []
    for index, v in enumerate(versions):
        before = versions[index + 1].text if index + 1 < len(versions) else ""
        history.append({"version": v, "diff": word_diff(before, v.text)})
    comments = list(paragraph.comments.select_related("author", "organization", "replied_by"))
    organizations = (
        permissions.commenting_organizations(user, report)
        if permissions.can_comment(user, report)
        else []
    )
    translations = {t.language: t for t in paragraph.translations.select_related("translated_by")}
    languages = [
        {"code": code, "translation": translations.get(code),
         "outdated": code in translations and translations[code].source_version < paragraph.version}
        for code in queries.report_languages(report) if code != report.language
    ]  # fmt: skip
    can_edit = permissions.can_edit_chapter(user, chapter)
    extra_links = links.for_user(
        links.for_objects("reports.paragraph", [paragraph]).get(paragraph.pk, []), user
    )
    return render(
        request,
        "reports/paragraph.html",
        {
            "paragraph": paragraph,
            "extra_links": extra_links,
            "chapter": chapter,
            "report": report,
            "history": history,
            "comments": comments,
            "evidence": list(paragraph.evidence.all()),
            "languages": languages,
            "can_edit": can_edit,
            "paragraph_max": PARAGRAPH_MAX,
            "can_translate": permissions.can_translate(user, report)
            and permissions.is_editable(report),
            "can_comment": permissions.can_comment(user, report),
            "can_reply": permissions.can_reply_comment(user, chapter),
            "conflict": forms.get("conflict"),
            "edit_form": forms.get("edit_form")
            or ParagraphForm(initial={"text": paragraph.text, "base_version": paragraph.version}),
            "comment_form": forms.get("comment_form") or CommentForm(organizations=organizations),
            "evidence_form": forms.get("evidence_form") or EvidenceForm(),
            "translation_form": forms.get("translation_form")
            or TranslationForm(initial={"language": languages[0]["code"] if languages else ""}),
            "reply_form": ReplyForm(),
            "reply_errors": forms.get("reply_errors"),
        },
        status=status,
    )


@login_required
@require_GET
def paragraph_detail(request: HttpRequest, pid: int) -> HttpResponse:
    return _paragraph_page(request, access.access_paragraph(request.user, pid))


@login_required
@require_POST
def paragraph_edit(request: HttpRequest, pid: int) -> HttpResponse:
    paragraph = access.access_paragraph(request.user, pid, for_write=True)
    form = ParagraphForm(request.POST)
    if form.is_valid():
        try:
            actions.do_save_paragraph(
                request.user,
                paragraph,
                text=form.cleaned_data["text"],
                base_version=form.cleaned_data["base_version"],
            )
        except actions.EditConflict as conflict:
            current = conflict.current
            # Keep the person's text; the next save is based on the version they now saw.
            form = ParagraphForm(
                initial={"text": form.cleaned_data["text"], "base_version": current.version}
            )
            form.is_bound = False
            return _paragraph_page(
                request,
                current,
                409,
                edit_form=form,
                conflict={
                    "current": current,
                    "mine": request.POST.get("text", ""),
                    "message": conflict.messages[0],
                },
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Paragraph saved."))
            return redirect("reports:paragraph", paragraph.pk)
    return _paragraph_page(request, paragraph, 400, edit_form=form)


@login_required
@require_POST
def paragraph_comment(request: HttpRequest, pid: int) -> HttpResponse:
    paragraph = access.access_paragraph(request.user, pid)
    report = paragraph.section.chapter.report
    organizations = permissions.commenting_organizations(request.user, report)
    form = CommentForm(request.POST, organizations=organizations)
    if form.is_valid():
        organization = form.organizations.get(form.cleaned_data["organization"] or "")
        error = _run(
            request,
            lambda: actions.do_comment_paragraph(
                request.user, paragraph, text=form.cleaned_data["text"], organization=organization
            ),
            _("Your comment is published. The authors will answer it."),
        )
        if error is None:
            return redirect(reverse("reports:paragraph", args=[paragraph.pk]) + "#comments")
        add_action_errors(form, error)
    return _paragraph_page(request, paragraph, 400, comment_form=form)


@login_required
@require_POST
def comment_reply(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = access.access_comment(request.user, comment_id, for_write=True)
    form = ReplyForm(request.POST)
    if form.is_valid():
        error = _run(
            request,
            lambda: actions.do_reply_comment(request.user, comment, **form.cleaned_data),
            _("Your answer is recorded."),
        )
        if error is None:
            return redirect(
                reverse("reports:paragraph", args=[comment.paragraph_id]) + f"#comment-{comment.pk}"
            )
        errors = [str(m) for m in error.messages]
    else:
        errors = [str(e) for errs in form.errors.values() for e in errs]
    return _paragraph_page(
        request, comment.paragraph, 400, reply_errors={"comment": comment.pk, "errors": errors}
    )


@login_required
@require_POST
def evidence_add(request: HttpRequest, pid: int) -> HttpResponse:
    paragraph = access.access_paragraph(request.user, pid, for_write=True)
    form = EvidenceForm(request.POST)
    if form.is_valid():
        error = _run(
            request,
            lambda: actions.do_add_evidence(request.user, paragraph, **form.cleaned_data),
            _("Evidence linked."),
        )
        if error is None:
            return redirect(reverse("reports:paragraph", args=[paragraph.pk]) + "#evidence")
        add_action_errors(form, error)
    return _paragraph_page(request, paragraph, 400, evidence_form=form)


@login_required
@require_POST
def evidence_remove(request: HttpRequest, link_id: int) -> HttpResponse:
    link = access.access_evidence(request.user, link_id, for_write=True)
    actions.do_remove_evidence(request.user, link)
    messages.success(request, _("Evidence link removed."))
    return redirect(reverse("reports:paragraph", args=[link.paragraph_id]) + "#evidence")


@login_required
@require_POST
def paragraph_translate(request: HttpRequest, pid: int) -> HttpResponse:
    paragraph = access.access_paragraph(request.user, pid)
    if not permissions.can_translate(request.user, paragraph.section.chapter.report):
        raise PermissionDenied
    form = TranslationForm(request.POST)
    if form.is_valid():
        error = _run(
            request,
            lambda: actions.do_translate_paragraph(request.user, paragraph, **form.cleaned_data),
            _("Translation saved."),
        )
        if error is None:
            return redirect(reverse("reports:paragraph", args=[paragraph.pk]) + "#translations")
        add_action_errors(form, error)
    return _paragraph_page(request, paragraph, 400, translation_form=form)


def _title_forms(report: Report, chapters: list[Any], bound: Any = None) -> list[Any]:
    return [
        bound if bound is not None and bound.language == code
        else TitleTranslationForm(report=report, chapters=chapters, language=code)
        for code in queries.report_languages(report) if code != report.language
    ]  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def translate_titles(request: HttpRequest, pk: int, language: str = "") -> HttpResponse:
    """The titles of the report, its chapters and sections in each other language (a plain
    form per language; an empty field falls back to the original title)."""
    report = access.access_report(request.user, pk)
    if not permissions.can_translate(request.user, report):
        raise PermissionDenied
    chapters = queries.draft_structure(report)
    bound = None
    if request.method == "POST":
        if language not in queries.report_languages(report) or language == report.language:
            raise Http404
        bound = TitleTranslationForm(
            request.POST, report=report, chapters=chapters, language=language
        )
        if bound.is_valid():
            error = _run(
                request,
                lambda: actions.do_translate_titles(
                    request.user, report, language=language, titles=bound.cleaned_data
                ),
                _("Translated titles saved."),
            )
            if error is None:
                return redirect(reverse("reports:titles", args=[report.pk]) + f"#titles-{language}")
            add_action_errors(bound, error)
    return render(
        request,
        "reports/titles.html",
        {
            "report": report,
            "forms": _title_forms(report, chapters, bound),
            "editable": permissions.is_editable(report),
        },
        status=400 if bound is not None else 200,
    )


@login_required
@require_POST
def paragraph_preview(request: HttpRequest, pid: int) -> HttpResponse:
    """The paragraph editor's live preview: the typed Markdown rendered (and sanitised) by the
    server, as an HTML fragment. Only for people who may edit the paragraph."""
    access.access_paragraph(request.user, pid, for_write=True)
    text = request.POST.get("text", "")[:PARAGRAPH_MAX]
    return HttpResponse(render_markdown(text), content_type="text/html; charset=utf-8")


def status_label(report: Report) -> str:
    return str(ReportStatus(report.status).label)
