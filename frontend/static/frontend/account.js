// Settings: keeping an account. About you (name, time zone, language), email, password.
import { api, clearErrors, showErrors } from "./api.js";
import { gettext, interpolate } from "./i18n.js";
import { setUpResend } from "./resend.js";

function fillTimezones(select) {
  const current = select.dataset.current || "UTC";
  const zones = Intl.supportedValuesOf ? Intl.supportedValuesOf("timeZone") : [];
  for (const zone of ["UTC", current]) if (!zones.includes(zone)) zones.unshift(zone);
  for (const zone of zones) select.add(new Option(zone.replaceAll("_", " "), zone, false, zone === current));
}

// A form that sends its fields to the API and says so calmly in its status line.
function onSubmit(form, send, done) {
  const status = form.querySelector(".status");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    status.textContent = "";
    try {
      const { data } = await send();
      status.textContent = done(data);
    } catch (error) {
      showErrors(form, error);
    }
  });
}

const profile = document.getElementById("profile-form");
fillTimezones(profile.timezone);
onSubmit(
  profile,
  () =>
    api("PATCH", "me/", {
      body: {
        display_name: profile.display_name.value,
        timezone: profile.timezone.value,
        language: profile.language.value,
      },
    }),
  (data) => {
    // A new language: the page comes again in it (the server writes the words). The service worker sees the new
    // Content-Language and fetches its kept pages again (sw.js).
    if (data.language !== profile.language.dataset.current) location.reload();
    return gettext("Saved.");
  },
);

const emailForm = document.getElementById("email-form");
onSubmit(
  emailForm,
  () => api("POST", "auth/email/", { body: { email: emailForm.email.value, password: emailForm.password.value } }),
  () => {
    const sentTo = emailForm.email.value.trim();
    emailForm.password.value = "";
    return interpolate(gettext("We sent a link to %(email)s. Your email changes when you open it."), { email: sentTo });
  },
);

const passwordForm = document.getElementById("password-form");
onSubmit(
  passwordForm,
  () =>
    api("POST", "auth/password/", {
      body: { current_password: passwordForm.current_password.value, new_password: passwordForm.new_password.value },
    }),
  () => {
    passwordForm.reset();
    return gettext("Your password is changed. You're still signed in here, and signed out everywhere else.");
  },
);

setUpResend();
