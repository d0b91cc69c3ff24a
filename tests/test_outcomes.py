"""Clinic outcomes (docs/API.md 1.1): the figures on a cohort worked out by hand, the pure medians by properties, who
may see them, the CSV for audits, the access log and the query count."""

import csv
import datetime
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accounts.models import AccessLogEntry, CareTeamMember, Role
from diary.models import DailyEntry, KeptOutcome
from diary.reading import dashboard
from diary.rules import outcomes, trends
from diary.rules.outcomes import PatientOutcome
from diary.vocabularies import FunctionBand, InsightStatus
from tests.conftest import client_for
from tests.factories import CheckinFactory, EntryFactory, PatientFactory, UserFactory

D0 = datetime.date(2026, 1, 5)
PERIOD = "?from=2026-01-05&to=2026-02-01"  # 28 days, D0 to D27


def day(n):
    return D0 + datetime.timedelta(days=n)


def log(patient, days, function, pain):
    """One entry on each of `days` (offsets from D0); `function` and `pain` map an offset to a value."""
    for n in days:
        EntryFactory(patient=patient, date=day(n), function=function(n), pain=pain(n))


def step_at(before, after, at=7):
    return lambda n: before if n < at else after


@pytest.fixture
def cohort(db):
    """Six patients of one clinician over D0..D27, each built so that the figures can be worked out by hand:

    Ana  function 3 -> 6 from day 7, pain 7:   +3 / 0; function_avg7 reaches 5 on day 11 (five 6s: 36/7)
    Ben  function 4, pain 8 -> 5 from day 7;  0 / -3; days 24-26 not logged: 25 of 28 (0.89)
    Cy   function 5 -> 3 from day 7, pain 6:  -2 / 0; a decline
    Dee  function 2 -> 5, pain 8 -> 5:        +3 / -3; both improve on day 11: together
    Eli  starts on day 14: function 4 -> 6 from day 21, pain 5: +2 / 0; 14 of 14 days (counted from day 14)
    Fay  days 0-9 only: 10 logged days, not enough data yet
    Check-ins: Ana 30 -> 15, Ben 15 -> 8 (reaches minimal), Dee one of 10 (already minimal).
    """
    clinician = UserFactory(role=Role.CLINICIAN, display_name="Dr Lee")
    people = {}
    for name in ("Ana", "Ben", "Cy", "Dee", "Eli", "Fay"):
        patient = PatientFactory(account__display_name=name, timezone="UTC")
        CareTeamMember.objects.create(patient=patient, member=clinician, relation="clinician", sees=["core"])
        people[name] = patient
    every = range(28)
    log(people["Ana"], every, step_at(3, 6), lambda n: 7)
    log(people["Ben"], [n for n in every if n not in (24, 25, 26)], lambda n: 4, step_at(8, 5))
    log(people["Cy"], every, step_at(5, 3), lambda n: 6)
    log(people["Dee"], every, step_at(2, 5), step_at(8, 5))
    log(people["Eli"], range(14, 28), step_at(4, 6, at=21), lambda n: 5)
    log(people["Fay"], range(10), lambda n: 5, lambda n: 5)
    CheckinFactory(patient=people["Ana"], date=day(0), answers=[2] * 15)
    CheckinFactory(patient=people["Ana"], date=day(21), answers=[1] * 15)
    CheckinFactory(patient=people["Ben"], date=day(0), answers=[1] * 15)
    CheckinFactory(patient=people["Ben"], date=day(21), answers=[1] * 8 + [0] * 7)
    CheckinFactory(patient=people["Dee"], date=day(14), answers=[1] * 10 + [0] * 5)
    return clinician, people


def test_the_figures_of_a_cohort_worked_out_by_hand(cohort):
    clinician, _ = cohort
    response = client_for(clinician).get(f"/api/v1/outcomes/{PERIOD}")
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert response.json() == {
        "from": "2026-01-05",
        "to": "2026-02-01",
        "patients": 5,  # Fay logged 10 days: not enough data yet, and counted as such
        "not_enough_data": 1,
        # Function, first week: 3 4 5 2 4 -> median 4; last 7 days: 6 4 3 5 6 -> 5; +2 or more: Ana, Dee, Eli.
        "function": {"baseline_median": 4.0, "recent_median": 5.0, "improved": 3, "n": 5},
        # Pain, first week: 7 8 6 8 5 -> 7; last 7 days: 7 5 6 5 5 -> 5; -2 or more: Ben, Dee.
        "pain": {"baseline_median": 7.0, "recent_median": 5.0, "improved": 2, "n": 5},
        # First check-ins 30 15 10 -> 15; latest 15 8 10 -> 10; Ben went from 15 (moderate) to 8 (minimal).
        "fdi": {"first_median": 15.0, "latest_median": 10.0, "reached_minimal": 1, "n": 3},
        # Ana and Dee: function_avg7 at least baseline + 2 from day 11 on.
        "days_to_function_improved": {"median": 11.0, "n": 2},
        # Ana, Cy, Dee and Eli 1.0 (Eli counted from his first day); Ben 25/28 = 0.89.
        "adherence_median": 1.0,
        "plan_adherence_median": None,  # none of them has a treatment plan
        "statuses": {
            "function_first": 0,
            "together": 1,  # Dee
            "function_improving": 1,  # Ana
            "pain_first": 0,
            "pain_improving": 1,  # Ben
            "no_change_yet": 2,  # Cy (lower) and Eli (up 2, but not for 7 days running)
            "not_enough_data": 0,
        },
        # Changes +3 0 -2 +3 +2.
        "function_change": [
            {"change": -3, "patients": 0},
            {"change": -2, "patients": 1},
            {"change": -1, "patients": 0},
            {"change": 0, "patients": 1},
            {"change": 1, "patients": 0},
            {"change": 2, "patients": 1},
            {"change": 3, "patients": 2},
        ],
    }


def test_each_row_is_that_patients_summary(cohort):
    clinician, people = cohort
    client = client_for(clinician)
    eli = client.get(f"/api/v1/patients/{people['Eli'].pk}/summary/{PERIOD}").json()
    assert (eli["counted_from"], eli["days_in_period"], eli["days_logged"], eli["adherence"]) == (
        "2026-01-19",
        14,
        14,
        1.0,
    )
    assert eli["function"] == {"baseline": 4.0, "recent": 6.0, "change": 2.0}
    cy = client.get(f"/api/v1/patients/{people['Cy'].pk}/summary/{PERIOD}").json()
    assert cy["function"]["change"] == -2.0 and cy["insight"]["message"].startswith("Function is lower")


def test_the_csv_has_every_patient_without_names_in_an_order_of_their_own(cohort):
    clinician, people = cohort
    response = client_for(clinician).get(f"/api/v1/outcomes/export.csv{PERIOD}")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert 'filename="stride-outcomes-2026-01-05-to-2026-02-01.csv"' in response["Content-Disposition"]
    assert response.content.startswith("\ufeff".encode())  # the byte order mark, for spreadsheets
    text = response.content.decode("utf-8-sig")
    for name in people:
        assert name not in text
    assert "Dr Lee" not in text and "2026-" not in text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["row"] for row in rows] == ["1", "2", "3", "4", "5", "6"]
    assert [(row["status"], row["function_change"]) for row in rows] == [
        ("together", "3.0"),  # Dee
        ("function_improving", "3.0"),  # Ana
        ("pain_improving", "0.0"),  # Ben
        ("no_change_yet", "2.0"),  # Eli
        ("no_change_yet", "-2.0"),  # Cy
        ("not_enough_data", ""),  # Fay: no last 7 days logged
    ]
    assert [row["enough_data"] for row in rows] == ["yes"] * 5 + ["no"]
    ben = rows[2]
    assert (ben["adherence"], ben["fdi_first"], ben["fdi_latest"], ben["fdi_reached_minimal"]) == (
        "0.89",
        "15",
        "8",
        "yes",
    )
    assert rows[0]["days_to_function_improved"] == "11"


def test_every_patient_read_is_one_line_in_their_access_log(cohort):
    clinician, people = cohort
    client = client_for(clinician)
    client.get(f"/api/v1/outcomes/{PERIOD}")
    client.get("/api/v1/outcomes/")  # a second look within minutes joins the same visit
    reads = AccessLogEntry.objects.filter(action="read")
    assert sorted(reads.values_list("patient__display_name", flat=True)) == sorted(people)
    assert {(row.detail, row.count, row.actor_id) for row in reads} == {("outcomes", 2, clinician.pk)}
    client.get(f"/api/v1/outcomes/export.csv{PERIOD}")
    exports = AccessLogEntry.objects.filter(action="export")
    assert exports.count() == len(people) and {row.detail for row in exports} == {"outcomes"}


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.TEEN, Role.PARENT])
def test_only_clinicians_see_outcomes(role, client):
    person = UserFactory(role=role)
    api = client_for(person)
    for path in ("/api/v1/outcomes/", "/api/v1/outcomes/export.csv"):
        response = api.get(path)
        assert response.status_code == 403 and "clinicians" in response.json()["detail"]
    assert not AccessLogEntry.objects.exists()
    assert client_for(None).get("/api/v1/outcomes/").status_code == 401
    client.force_login(person)
    assert client.get("/outcomes/").status_code == 403


@pytest.mark.django_db
def test_a_clinic_with_no_patients_answers_zeros_and_the_page_says_how_patients_join(client):
    clinician = UserFactory(role=Role.CLINICIAN)
    body = client_for(clinician).get("/api/v1/outcomes/").json()
    assert (body["patients"], body["not_enough_data"]) == (0, 0)
    assert body["function"] == {"baseline_median": None, "recent_median": None, "improved": 0, "n": 0}
    assert body["adherence_median"] is None and set(body["statuses"].values()) == {0}
    assert datetime.date.fromisoformat(body["to"]) - datetime.date.fromisoformat(body["from"]) == datetime.timedelta(
        days=83
    )
    client.force_login(clinician)
    page = client.get("/outcomes/").content.decode()
    assert "Join with a code" in page and "Sharing" in page
    assert 'href="/outcomes/"' in client.get("/patients/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query, message",
    [
        ("?from=2026-03-01&to=2026-02-01", "on or before"),
        ("?from=soon", "YYYY-MM-DD"),
        ("?from=2010-01-01&to=2026-01-01", "ten years"),
    ],
)
def test_bad_periods_get_a_clear_400(query, message):
    response = client_for(UserFactory(role=Role.CLINICIAN)).get(f"/api/v1/outcomes/{query}")
    assert response.status_code == 400 and message in response.json()["from"][0]


def _clinic(patients, clinician):
    entries = []
    for number in range(patients):
        patient = PatientFactory(account__display_name=f"Patient {number:03}", timezone="UTC")
        CareTeamMember.objects.create(patient=patient, member=clinician, relation="clinician", sees=["core"])
        entries += [
            DailyEntry(patient=patient, date=day(offset), function=3 + (offset > 7) * (number % 4), pain=6)
            for offset in range(number % 3, 28)
        ]
        CheckinFactory(patient=patient, date=day(3), answers=[1] * 15)
    DailyEntry.objects.bulk_create(entries)


@pytest.mark.django_db
@pytest.mark.parametrize("patients", [5, 200])
def test_outcomes_take_the_same_queries_for_5_and_200_patients(patients, django_assert_num_queries):
    clinician = UserFactory(role=Role.CLINICIAN)
    _clinic(patients, clinician)
    dashboard.refresh_all_stale()  # as the worker does within a minute of a patient joining
    client = client_for(clinician)
    # token, the clinician's authenticator app (two-step sign-in), own diary, care-team links, the access log's
    # lock, open visits and one INSERT of a visit for every patient, the kept outcomes (none yet), every entry, the
    # check-ins of the period, every treatment plan (none here), the outcomes kept, plus the request's SAVEPOINT and
    # RELEASE.
    with django_assert_num_queries(14):
        body = client.get(f"/api/v1/outcomes/{PERIOD}").json()
    assert body["patients"] == patients
    assert KeptOutcome.objects.count() == patients
    # Asked again with no diary changed: the kept outcomes alone, no diary read.
    with django_assert_num_queries(10):
        assert client.get(f"/api/v1/outcomes/{PERIOD}").json() == body
    with django_assert_num_queries(10):
        assert client.get(f"/api/v1/outcomes/export.csv{PERIOD}").status_code == 200


# --- the pure medians -------------------------------------------------------------------------------------------


def row(**values):
    base = {
        "status": trends.NO_CHANGE_YET,
        "days_in_period": 28,
        "days_logged": 28,
        "adherence": 1.0,
        "function_baseline": 3.0,
        "function_recent": 3.0,
        "pain_baseline": 6.0,
        "pain_recent": 6.0,
    }
    return PatientOutcome(**{**base, **values})


def test_the_vocabularies_match():
    assert outcomes.MINIMAL_BAND == FunctionBand.MINIMAL
    assert set(outcomes.STATUSES) == set(InsightStatus.values)


def test_improved_means_two_points_better_in_the_summarys_rounding():
    assert row(function_recent=5.0).function_improved and not row(function_recent=4.99).function_improved
    assert row(pain_recent=4.0).pain_improved and not row(pain_recent=4.01).pain_improved
    assert row(function_recent=None).function_improved is None


def test_reaching_minimal_needs_a_first_check_in_above_it():
    assert row(fdi_first=20, fdi_latest=9, fdi_first_band="moderate", fdi_latest_band="minimal").reached_minimal
    assert not row(fdi_first=9, fdi_latest=9, fdi_first_band="minimal", fdi_latest_band="minimal").reached_minimal
    assert row().reached_minimal is None


def test_the_distribution_rounds_halves_away_from_zero_and_reaches_past_three():
    assert [outcomes.step(x) for x in (-2.5, -1.49, -0.5, 0.49, 0.5, 1.5, 7.2)] == [-3, -1, -1, 0, 1, 2, 7]
    bars = outcomes.distribution([7.2, -0.5])
    assert bars[0] == {"change": -3, "patients": 0} and bars[-1] == {"change": 7, "patients": 1}
    assert sum(bar["patients"] for bar in bars) == 2


means = st.one_of(st.none(), st.floats(0, 10).map(lambda v: round(v, 2)))
rows = st.builds(
    row,
    status=st.sampled_from(outcomes.STATUSES),
    days_logged=st.integers(0, 40),
    adherence=st.one_of(st.none(), st.floats(0, 1).map(lambda v: round(v, 2))),
    function_baseline=means,
    function_recent=means,
    pain_baseline=means,
    pain_recent=means,
    fdi_first=st.one_of(st.none(), st.integers(0, 60)),
    fdi_latest=st.one_of(st.none(), st.integers(0, 60)),
    days_to_function_improved=st.one_of(st.none(), st.integers(7, 200)),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(rows, max_size=30))
def test_every_count_is_of_the_patients_counted_and_every_median_within_their_values(cohort_rows):
    result = outcomes.outcomes(cohort_rows)
    counted = [r for r in cohort_rows if r.days_logged >= outcomes.MIN_LOGGED_DAYS]
    assert result["patients"] + result["not_enough_data"] == len(cohort_rows)
    assert result["patients"] == len(counted) == sum(result["statuses"].values())
    for name in ("function", "pain"):
        measure = result[name]
        assert 0 <= measure["improved"] <= measure["n"] <= len(counted)
        baselines = [getattr(r, f"{name}_baseline") for r in counted if getattr(r, f"{name}_change") is not None]
        if baselines:
            assert min(baselines) <= measure["baseline_median"] <= max(baselines)
        else:
            assert measure["baseline_median"] is None
    assert sum(bar["patients"] for bar in result["function_change"]) == result["function"]["n"]
    assert result["days_to_function_improved"]["n"] <= len(counted)


@pytest.mark.django_db
def test_a_clinician_without_two_step_sign_in_reads_no_outcomes(settings):
    settings.STRIDE_CLINICIAN_MFA = "required"
    clinician = UserFactory(role=Role.CLINICIAN, mfa=False)
    CareTeamMember.objects.create(patient=PatientFactory(), member=clinician, relation="clinician", sees=["core"])
    response = client_for(clinician).get("/api/v1/outcomes/")
    assert response.status_code == 403 and response.json()["code"] == "mfa_required"
    assert not AccessLogEntry.objects.exists()
