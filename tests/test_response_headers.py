"""What answers say of themselves beyond their body.

A page carries the site's Content-Security-Policy (config/settings.py). A JSON answer is never shown as a page, so it
carries the shortest policy, one that allows nothing: were one ever opened as a document, it could load and frame
nothing. Static files do not tell other sites they may read them (no `Access-Control-Allow-Origin`): every page,
module and the service worker that reads them is on this site.
"""

import pytest
from django.test import Client

NOTHING = "default-src 'none'; frame-ancestors 'none'"


@pytest.mark.django_db
def test_json_answers_allow_nothing_and_pages_keep_the_sites_policy(client, teen, teen_patient):
    client.force_login(teen)
    patient = f"/api/v1/patients/{teen_patient.pk}"
    for path in ("/api/v1/me/", f"{patient}/entries/", f"{patient}/fhir/", "/api/v1/patients/0/", "/api/v1/nowhere/"):
        response = client.get(path)
        assert response["Content-Type"].split(";")[0].endswith("json"), path
        assert response["Content-Security-Policy"] == NOTHING, path
    for path in ("/today/", f"{patient}/summary.pdf", f"{patient}/export.csv"):
        policy = client.get(path)["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy, path


def test_static_files_are_not_offered_to_other_sites(settings):
    settings.WHITENOISE_USE_FINDERS = True  # WhiteNoise as under `make run`: the files where the apps keep them
    response = Client().get("/static/frontend/ready.js")
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response
