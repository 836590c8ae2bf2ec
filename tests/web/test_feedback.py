"""The closure survey and ASB Case Review pages, and what the case page shows of them
(casework/web/views/feedback.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casework.cases import services
from casework.cases.models import CaseReviewRequest, Party, SurveyResponse
from casework.web.forms.base import DATETIME_LOCAL
from tests.cases.helpers import footprint, open_case, reload


@pytest.fixture
def case(people):
    """A believe housing case (3 incidents in 6 months, or high risk), reported a week ago, owned by the officer."""
    return open_case(
        people.contact_centre,
        pack_id="believe-housing",
        owner=people.officer,
        received_at=timezone.now() - timedelta(days=7),
    )


@pytest.fixture
def closed(people, case):
    services.case_close(actor=people.officer, case=case.reference, reason="resolved")
    return reload(case)


def url(name, case, *args):
    return reverse(f"web:{name}", args=[case.reference, *args])


def case_page(client, case):
    response = client.get(reverse("web:case", args=[case.reference]))
    assert response.status_code == 200
    return response.content.decode()


def typed(moment):
    return timezone.localtime(moment).strftime(DATETIME_LOCAL)


def flash(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def error_at(page, field):
    marker = f'id="id_{field}-error" class="govuk-error-message">'
    assert marker in page, f"no error at {field}"
    return page.split(marker, 1)[1].split("</p>", 1)[0].replace('<span class="govuk-visually-hidden">Error:</span>', "")


def written(case):
    return {
        **footprint(case),
        "surveys": SurveyResponse.objects.filter(case=case).count(),
        "requests": list(CaseReviewRequest.objects.filter(case=case).values_list("outcome", "decided_at")),
    }


def complainant(case):
    return Party.objects.get(case=case, role="complainant")


def assert_back_to_case(response, case, section):
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == reverse("web:case", args=[case.reference]) + f"#{section}"


# -- the closure survey ----------------------------------------------------------------------------------------


def test_recording_a_survey_response_on_a_closed_case(sign_in, people, closed):
    client = sign_in(people.officer)
    page = case_page(client, closed)
    assert f'href="{url("survey", closed)}">Record a survey response</a>' in page
    form = client.get(url("survey", closed)).content.decode()
    who = complainant(closed)
    assert "<title>Record a survey response – Casework</title>" in form
    assert f'<option value="{who.pk}" selected>{who.person.name} (Complainant)</option>' in form

    response = client.post(
        url("survey", closed),
        {
            "version": closed.version,
            "party": who.pk,
            "satisfaction": "very-dissatisfied",
            "source": "paper",
            "received_at": typed(timezone.now()),
            "comments": "Nobody called me back",
        },
    )

    assert_back_to_case(response, closed, "survey")
    assert flash(response) == ["Survey response recorded: very dissatisfied"]
    response = SurveyResponse.objects.get(case=closed)
    assert (response.party, response.satisfaction, response.source, response.comments) == (
        who,
        "very-dissatisfied",
        "paper",
        "Nobody called me back",
    )
    page = case_page(client, closed)
    section = page.split('id="survey-heading"', 1)[1].split("</section>", 1)[0]
    assert "Very dissatisfied" in section
    assert "Nobody called me back" in section
    assert who.person.name in section


def test_a_survey_response_with_nothing_chosen_is_shown_at_the_fields(sign_in, people, closed):
    before = written(closed)

    response = sign_in(people.officer).post(url("survey", closed), {"version": closed.version, "comments": "Kept"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Record a survey response – Casework</title>" in page
    assert '<a href="#id_satisfaction">' in page
    assert error_at(page, "satisfaction").strip() == "Choose how satisfied they are"
    assert error_at(page, "source").strip() == "Choose how the answer reached us"
    assert "Kept</textarea>" in page
    assert written(closed) == before


def test_a_survey_response_received_before_the_closure_is_refused_at_the_field(sign_in, people, closed):
    before = written(closed)

    response = sign_in(people.officer).post(
        url("survey", closed),
        {
            "version": closed.version,
            "satisfaction": "neither",
            "source": "phone",
            "received_at": typed(closed.closed_at - timedelta(days=2)),
        },
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert error_at(page, "received_at").strip().startswith("The date and time is before the case was closed")
    assert written(closed) == before


def test_an_open_case_has_no_survey_form(sign_in, people, case):
    client = sign_in(people.officer)

    page = client.get(url("survey", case)).content.decode()
    assert "This case is open." in page
    assert "<form" not in page.split("<main", 1)[1]
    assert "Survey responses are recorded once the case is closed." in case_page(client, case)
    assert 'href="{}"'.format(url("survey", case)) not in case_page(client, case)

    # Sent anyway (an old tab), it is refused with the reason and nothing is written.
    before = written(case)
    response = client.post(url("survey", case), {"version": case.version, "satisfaction": "neither", "source": "phone"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "The survey is sent when it closes" in page or "the survey is sent when it closes" in page
    assert written(case) == before


# -- ASB Case Review: the request ------------------------------------------------------------------------------


def incidents(people, case, n):
    for i in range(n):
        services.incident_record(
            actor=people.officer,
            case=case.reference,
            occurred_at=timezone.now() - timedelta(hours=i + 1),
            description=f"Shouting, night {i}",
            source="phone",
        )


def test_the_request_page_says_whether_the_threshold_is_met_now_and_what_happens_next(sign_in, people, case):
    client = sign_in(people.officer)

    page = client.get(url("case-review", case)).content.decode()
    assert '<h1 class="govuk-heading-l">Record an ASB Case Review request</h1>' in page
    assert "3 incidents reported in 6 months, or fewer where the case is high risk." in page
    assert "Threshold not met" in page
    assert "1 of 3 incidents reported in the 6 months to" in page
    assert "What happens next" in page
    assert "The case is high risk in my judgement" in page  # believe housing lets a high-risk case qualify

    incidents(people, case, 2)
    page = client.get(url("case-review", case)).content.decode()
    assert "Threshold met" in page
    assert "3 incidents reported in the 6 months to" in page


def test_a_pack_with_no_threshold_says_the_local_one_applies_and_asks_nothing_about_risk(sign_in, people):
    case = open_case(people.contact_centre, owner=people.officer)

    page = sign_in(people.officer).get(url("case-review", case)).content.decode()

    assert "sets no threshold of its own: the local partnership&#x27;s threshold applies." in page
    assert "high risk in my judgement" not in page


def test_recording_a_request_and_seeing_it_on_the_case_page(sign_in, people, case):
    incidents(people, case, 2)
    who = complainant(case)
    client = sign_in(people.officer)
    assert f'href="{url("case-review", case)}">Record an ASB Case Review request</a>' in case_page(client, case)

    response = client.post(url("case-review", case), {"version": reload(case).version, "party": who.pk})

    assert_back_to_case(response, case, "case-review")
    assert flash(response) == ["ASB Case Review request recorded: the threshold is met"]
    request = CaseReviewRequest.objects.get(case=case)
    assert (request.party, request.threshold_met, request.outcome) == (who, True, "received")
    section = case_page(client, case).split('id="case-review-heading"', 1)[1].split("</section>", 1)[0]
    assert "Waiting for the outcome" in section
    assert f"By {who.person.name}" in section
    assert request.threshold_reason in section
    # Recording the outcome is for managers.
    assert "Record the outcome" not in section
    manager_section = case_page(sign_in(people.manager), case).split('id="case-review-heading"', 1)[1]
    assert f'href="{url("case-review-decide", case, request.pk)}">Record the outcome' in manager_section


def test_the_officers_judgement_of_high_risk_meets_the_threshold(sign_in, people, case):
    response = sign_in(people.officer).post(url("case-review", case), {"version": case.version, "high_risk": "on"})

    assert flash(response) == ["ASB Case Review request recorded: the threshold is met"]
    assert CaseReviewRequest.objects.get(case=case).threshold_met is True


def test_a_request_in_the_future_is_refused_at_the_field(sign_in, people, case):
    before = written(case)

    response = sign_in(people.officer).post(
        url("case-review", case), {"version": case.version, "requested_at": typed(timezone.now() + timedelta(days=3))}
    )

    page = response.content.decode()
    assert "<title>Error: Record an ASB Case Review request – Casework</title>" in page
    assert error_at(page, "requested_at").strip() == "The date and time is in the future"
    assert written(case) == before


def test_a_request_on_a_closed_case_is_recorded(sign_in, people, closed):
    response = sign_in(people.officer).post(url("case-review", closed), {"version": closed.version})

    assert_back_to_case(response, closed, "case-review")
    assert CaseReviewRequest.objects.filter(case=closed).count() == 1


def test_a_stale_page_is_refused_and_writes_nothing(sign_in, people, case):
    before = written(case)

    response = sign_in(people.officer).post(url("case-review", case), {"version": case.version - 1 or 99})

    assert "Someone changed this case while you were working on it" in response.content.decode()
    assert written(case) == before


# -- ASB Case Review: the outcome ------------------------------------------------------------------------------


@pytest.fixture
def requested(people, case):
    return services.case_review_request(actor=people.officer, case=case.reference)


def test_a_manager_records_the_outcome(sign_in, people, case, requested):
    client = sign_in(people.manager)
    page = client.get(url("case-review-decide", case, requested.pk)).content.decode()
    assert "Record the outcome of an ASB Case Review request" in page
    assert "Received, not yet decided" not in page  # not an outcome one can record

    response = client.post(
        url("case-review-decide", case, requested.pk),
        {"version": reload(case).version, "outcome": "review-held", "notes": "Mediation recommended"},
    )

    assert_back_to_case(response, case, "case-review")
    assert flash(response) == ["ASB Case Review outcome recorded: review held: recommendations made"]
    section = case_page(client, case).split('id="case-review-heading"', 1)[1].split("</section>", 1)[0]
    assert "Review held: recommendations made" in section
    assert "Mediation recommended" in section
    assert "Record the outcome" not in section
    # Decided once: the page says so and offers no form.
    page = client.get(url("case-review-decide", case, requested.pk)).content.decode()
    assert "The outcome is recorded once" in page
    assert "Record outcome</button>" not in page


def test_an_outcome_without_a_decision_or_notes_is_shown_at_the_fields(sign_in, people, case, requested):
    before = written(case)

    response = sign_in(people.manager).post(
        url("case-review-decide", case, requested.pk), {"version": reload(case).version}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert error_at(page, "outcome").strip() == "Choose the outcome"
    assert error_at(page, "notes").strip() == "Enter why, and what was recommended"
    assert written(case) == before


def test_an_officer_may_not_record_the_outcome(sign_in, people, case, requested):
    client = sign_in(people.officer)
    before = written(case)

    assert client.get(url("case-review-decide", case, requested.pk)).status_code == 403
    response = client.post(
        url("case-review-decide", case, requested.pk),
        {"version": reload(case).version, "outcome": "withdrawn", "notes": "x"},
    )
    assert response.status_code == 403
    assert written(case) == before


def test_an_unknown_request_is_not_found(sign_in, people, case, requested):
    assert sign_in(people.manager).get(url("case-review-decide", case, requested.pk + 100)).status_code == 404


@pytest.mark.parametrize("name", ["survey", "case-review", "case-review-decide"])
def test_an_outsider_finds_no_case_and_the_contact_centre_may_not_work_it(sign_in, people, case, requested, name):
    target = url(name, case, requested.pk) if name == "case-review-decide" else url(name, case)
    before = written(case)

    outsider = sign_in(people.outsider)
    assert outsider.get(target).status_code == 404
    assert outsider.post(target, {"version": case.version}).status_code == 404
    assert sign_in(people.contact_centre).get(target).status_code == 403
    assert written(case) == before


# -- queries ---------------------------------------------------------------------------------------------------


def answered(people, case, n):
    """`n` survey answers and `n` decided ASB Case Review requests on a closed case."""
    for i in range(n):
        services.survey_record(actor=people.officer, case=case.reference, satisfaction="neither", source="phone")
        review = services.case_review_request(actor=people.officer, case=case.reference)
        services.case_review_decide(
            actor=people.manager, case=case.reference, request_id=review.pk, outcome="withdrawn", notes=f"Call {i}"
        )


def test_the_case_page_takes_the_same_queries_however_many_answers_and_requests(sign_in, people):
    one, four = (open_case(people.contact_centre, pack_id="believe-housing", owner=people.officer) for _ in range(2))
    for case, n in ((one, 1), (four, 4)):
        services.case_close(actor=people.officer, case=case.reference, reason="resolved")
        answered(people, case, n)
    client = sign_in(people.manager)

    def queries(case):
        with CaptureQueriesContext(connection) as captured:
            page = case_page(client, case)
        return len(captured), page

    (few, _), (many, page) = queries(one), queries(four)

    assert few == many
    assert page.count('id="survey-response-') == 4
    assert page.count('id="case-review-request-') == 4
