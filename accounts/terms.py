"""The terms a parent agrees to when making a child's profile: short, plain, and kept here alone.

The add-child page shows them and the API's `consent` refers to them. Whoever changes a word here changes
`CHILD_PROFILE_TERMS_VERSION` too: every profile keeps the version its parent agreed to, and when
(`Patient.consent_terms_version`, `consent_given_at`), and the data export shows both.
"""

from django.utils.translation import gettext_lazy as _

CHILD_PROFILE_TERMS_VERSION = "2026-12"

CHILD_PROFILE_TERMS = (
    _("I am this child's parent or legal guardian."),
    _(
        "Stride keeps what I write about my child's days (what they could do, pain, sleep, activity, school, "
        "symptoms, mood and notes) so that we and the people I invite can see how treatment is going. Stride is a "
        "diary. It is not a doctor and not an emergency service."
    ),
    _("Only I and the people I invite see the diary. Stride writes down every time someone else opens it."),
    _("I can download the diary or delete it at any time, in Settings."),
    _(
        "From 13, my child can have the diary as their own account, with everything in it. After that, I see what "
        "they choose to share with me."
    ),
)

CONSENT_LABEL = _("I agree to these terms for my child's diary.")
CONSENT_NEEDED = _("Please read the terms and tick the box to agree. A child's profile needs it.")
TERMS_CHANGED = _("The terms changed while this page was open. Please read them again (reload the page) and agree.")
