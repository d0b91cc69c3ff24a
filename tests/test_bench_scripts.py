"""The clinic-scale and load benchmarks (scripts/bench_clinic.py, scripts/bench_load.py) at a tiny size, so that
`make bench` does not find them broken: the bulk seeding gives diaries the API reads as any other, the query
counter counts, a clinic team grown in bulk lists its patients at the same cost, and the load loop asks and
tallies. A few seconds; the real runs are `make bench`'s."""

import argparse

import pytest

from accounts.models import ApiToken, CareTeamMember, Role
from diary.models import DailyEntry, FunctionCheckin, KeptOutcome
from diary.models.status import PatientStatus
from scripts import bench_clinic, bench_load
from tests.factories import UserFactory


@pytest.mark.django_db
def test_the_bulk_seeded_diaries_are_read_as_any_other():
    patients = bench_clinic.seed_patients(3, 40, first_number=7, batch=2)
    assert [patient.display_name for patient in patients] == ["Teen 0007", "Teen 0008", "Teen 0009"]
    for patient in patients:
        assert 36 <= DailyEntry.objects.filter(patient=patient).count() <= 40  # 5% of days left out, never the ends
        assert FunctionCheckin.objects.filter(patient=patient).count() == 5
    entry = DailyEntry.objects.filter(patient=patients[0]).latest("date")
    assert entry.date == patients[0].today() and entry.version == 1 and entry.entered_by == patients[0].account
    token = ApiToken.objects.issue(patients[0].account)
    # token, its last use, own diary, entries, check-ins, goals, plus the request's savepoint and release.
    assert bench_clinic.count_queries(token, f"/api/v1/patients/{patients[0].pk}/trends/") > 0


def test_copy_text_escapes_what_copy_would_misread():
    assert bench_clinic._text(None) == "\\N"
    assert bench_clinic._text(True) == "t"
    assert bench_clinic._text(["a", "b"]) == '["a", "b"]'
    assert bench_clinic._text("tab\there\\ and\nline") == "tab\\there\\\\ and\\nline"


@pytest.mark.django_db(transaction=True)
def test_the_load_loop_asks_both_kinds_and_tallies_them(live_server):
    patients = bench_clinic.seed_patients(2, 30)
    teens = [(ApiToken.objects.issue(patient.account), patient.pk, patient.today()) for patient in patients]
    port = int(live_server.url.rsplit(":", 1)[1])
    results = bench_load.load(port, teens, 1.0)
    table = bench_load.summary(results, 1.0)
    assert set(table) == set(bench_load.KINDS)
    for row in table.values():
        assert row["count"] > 0 and row["errors"] == 0 and row["p50"] <= row["p95"] <= row["p99"]


def test_the_summary_counts_errors_and_percentiles():
    results = [("entry PUT", n / 1000, n != 50) for n in range(1, 101)] + [("trends GET", 0.002, True)] * 3
    table = bench_load.summary(results, 2.0)
    assert table["entry PUT"]["errors"] == 1 and table["entry PUT"]["rps"] == 50
    assert round(table["entry PUT"]["p50"]) == 50 and round(table["entry PUT"]["p99"]) == 99
    assert table["trends GET"]["p99"] == pytest.approx(2.0)


@pytest.mark.django_db
def test_a_clinic_team_grown_in_bulk_lists_its_first_page_at_the_same_cost():
    clinician = UserFactory(role=Role.CLINICIAN)
    token = ApiToken.objects.issue(clinician)
    member = bench_clinic.make_clinic(clinician)
    patients = bench_clinic.seed_patients(6, 30)
    path = bench_clinic.clinic_page(member.clinic_id)
    counted = {}
    for shared, size in ((0, 3), (3, 6)):
        bench_clinic.share_with_clinic(member, patients[shared:size], first_number=shared)
        worked_out, _seconds = bench_clinic.refresh_statuses()
        # Every teen's status once, then the newly shared again: their links, written in bulk, get their sort key.
        assert worked_out == (6 if shared == 0 else 3)
        assert bench_clinic.statuses_missing(member.clinic_id) == 0
        assert not CareTeamMember.objects.filter(clinic_id=member.clinic_id, rank_flags=None).exists()
        counted[size], answer = bench_clinic.ask(token, path)
        assert bench_clinic.right_page(answer, size)
        assert {row["patient_id"] for row in answer["results"]} == {patient.pk for patient in patients[:size]}
    assert counted[3] == counted[6]
    links = CareTeamMember.objects.filter(clinic_id=member.clinic_id).order_by("record_number")
    assert [(link.relation, link.mood_shared, link.accepted_by_id) for link in links[:3]] == [
        ("clinic", True, clinician.pk),
        ("clinic", True, clinician.pk),
        ("clinic", False, clinician.pk),  # every third shares core only
    ]
    assert PatientStatus.objects.filter(patient__in=patients).count() == 6


@pytest.mark.django_db(transaction=True)
def test_the_clinic_team_part_seeds_what_it_lacks_times_both_sizes_and_counts_alike(live_server, capsys):
    clinician = UserFactory(role=Role.CLINICIAN)
    token = ApiToken.objects.issue(clinician)
    patients = bench_clinic.seed_patients(3, 30)
    port = int(live_server.url.rsplit(":", 1)[1])
    args = argparse.Namespace(clinic_start=3, clinic_patients=6, days=30, rounds=2, no_gzip=False)
    missed = bench_clinic.bench_clinic_team(port, clinician, token, patients, args)
    printed = capsys.readouterr().out
    assert "Shared 3 of the teens above" in printed and "Seeded 3 more teens" in printed
    assert "clinic's patients, 6" in printed and "clinic's patients, 3 beside it" in printed
    assert "6 patients against 3 in the same rounds: " in printed
    assert not [target for target in missed if "queries" in target or "statuses" in target or "page of" in target]
    assert CareTeamMember.objects.filter(clinic__name="Bench clinic").count() == 6
    assert CareTeamMember.objects.filter(clinic__name="Bench clinic, kept small").count() == 3


@pytest.mark.django_db(transaction=True)
def test_the_outcomes_part_keeps_rows_times_each_size_and_finds_them_the_same(live_server, capsys):
    patients = bench_clinic.seed_patients(3, 30)
    port = int(live_server.url.rsplit(":", 1)[1])
    args = argparse.Namespace(rounds=2, no_gzip=False)
    missed = bench_clinic.bench_outcomes(port, patients, args, sizes=(1, 3))
    printed = capsys.readouterr().out
    assert "First asked, 1 patients worked out and kept" in printed and "outcomes, 3 patients" in printed
    assert "3 patients against 1 (each against its /me/)" in printed
    assert "the same as every diary worked out again: yes" in printed
    assert "outcomes' answers" not in missed
    assert KeptOutcome.objects.count() == 3  # one row per patient for the period, whichever clinician asked
