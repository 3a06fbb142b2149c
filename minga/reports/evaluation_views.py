"""The evaluation survey of the review process at /<lang>/evaluation/."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from minga.core.forms import add_action_errors
from minga.reviews.queries import current_review

from . import actions, permissions, queries
from .forms import AnswerForm, QuestionForm, SurveyForm
from .models import Participation


@require_http_methods(["GET", "POST"])
def evaluation(request: HttpRequest) -> HttpResponse:
    review = current_review()
    survey = queries.survey_for(review)
    user = request.user
    is_committee = review is not None and permissions.is_committee_member(user, review)
    questions = list(survey.questions.all()) if survey else []
    answered = bool(
        survey
        and user.is_authenticated
        and Participation.objects.filter(survey=survey, user=user).exists()
    )
    answer_form = AnswerForm(questions=questions, language=request.LANGUAGE_CODE)
    survey_form = SurveyForm(
        initial={"title": survey.title, "is_open": survey.is_open, "include_in_report": survey.include_in_report}
        if survey else {"title": _("Evaluation of the review process"), "include_in_report": True}
    )  # fmt: skip
    question_form = QuestionForm()
    status = 200
    if request.method == "POST":
        if not user.is_authenticated:
            return redirect(f"/{request.LANGUAGE_CODE}/accounts/login/?next={request.path}")
        step = request.POST.get("step")
        try:
            if step == "answer" and survey is not None:
                answer_form = AnswerForm(
                    request.POST, questions=questions, language=request.LANGUAGE_CODE
                )
                if answer_form.is_valid():
                    actions.do_answer_survey(user, survey, answer_form.answers())
                    messages.success(
                        request, _("Thank you: your answers are recorded anonymously.")
                    )
                    return redirect("evaluation")
            elif step == "survey" and review is not None:
                survey_form = SurveyForm(request.POST)
                if survey_form.is_valid():
                    actions.do_define_survey(user, review, **survey_form.cleaned_data)
                    messages.success(request, _("The evaluation survey is saved."))
                    return redirect("evaluation")
            elif step == "question" and survey is not None:
                question_form = QuestionForm(request.POST)
                if question_form.is_valid():
                    actions.do_add_question(user, survey, **question_form.cleaned_data)
                    messages.success(request, _("Question added."))
                    return redirect("evaluation")
            else:
                raise PermissionDenied
        except ValidationError as error:
            target = {"answer": answer_form, "survey": survey_form, "question": question_form}[
                step or "answer"
            ]
            add_action_errors(target, error)
        status = 400
    return render(
        request,
        "reports/evaluation.html",
        {
            "review": review,
            "survey": survey,
            "questions": questions,
            "results": queries.survey_results(survey, request.LANGUAGE_CODE) if survey else None,
            "answered": answered,
            "answer_form": answer_form,
            "survey_form": survey_form,
            "question_form": question_form,
            "is_committee": is_committee,
            "open_answers": queries.open_answers(survey) if survey and is_committee else [],
        },
        status=status,
    )
