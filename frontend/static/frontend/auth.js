import { api, clearErrors, showErrors } from "./api.js";
import { language } from "./i18n.js";

const landingFor = (role) => (role === "teen" ? "/today/" : "/patients/");

// Where to go after signing in or signing up: the form's `next`, already checked by the server
// (frontend.views.safe_next), and checked again here the same way: a path of this site only, never `//x`, `/\x`
// or `/<tab>/x`.
function safeNext() {
  const next = document.querySelector("form[data-next]")?.dataset.next ?? "";
  if (!next.startsWith("/") || /^\/[\\/]|[\u0000-\u001f]/.test(next)) return null;
  const target = new URL(next, location.origin);
  return target.origin === location.origin ? target.pathname + target.search + target.hash : null;
}

async function signIn(email, password, otp = "") {
  const body = otp ? { email, password, otp } : { email, password };
  const { data } = await api("POST", "auth/session/", { body });
  location.assign(safeNext() ?? landingFor(data.role));
}

// With two-step sign-in, the right password first brings up the code field (a 400 on `otp`): the field and its
// hint ask for the code, so that first answer is not shown as a mistake.
function setUpLogin(form) {
  const otpField = document.getElementById("otp-field");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    try {
      await signIn(form.email.value, form.password.value, otpField.hidden ? "" : form.otp.value.trim());
    } catch (error) {
      if (error.status === 400 && error.body?.otp && otpField.hidden) {
        otpField.hidden = false;
        form.otp.focus();
        return;
      }
      showErrors(form, error);
    }
  });
}

function fillTimezones(select) {
  const detected = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  const zones = Intl.supportedValuesOf ? Intl.supportedValuesOf("timeZone") : [detected];
  if (!zones.includes("UTC")) zones.push("UTC");
  if (!zones.includes(detected)) zones.unshift(detected);
  for (const zone of zones) select.add(new Option(zone.replaceAll("_", " "), zone, false, zone === detected));
}

function setUpSignup(form) {
  fillTimezones(form.timezone);
  const birthDate = document.getElementById("birth-date-field");
  const showBirthDate = () => (birthDate.hidden = form.role.value !== "teen");
  form.querySelectorAll('input[name="role"]').forEach((radio) => radio.addEventListener("change", showBirthDate));
  showBirthDate();
  if (new URLSearchParams(location.search).has("deleted")) document.getElementById("deleted-notice").hidden = false;

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    const body = {
      role: form.role.value,
      display_name: form.display_name.value,
      email: form.email.value,
      password: form.password.value,
      timezone: form.timezone.value,
      // The language this page is in: the browser's, or the one chosen with the switch below.
      language,
    };
    if (body.role === "teen") body.birth_date = form.birth_date.value || null;
    try {
      await api("POST", "auth/register/", { body });
      await signIn(body.email, body.password);
    } catch (error) {
      showErrors(form, error);
    }
  });
}

const login = document.getElementById("login-form");
if (login) setUpLogin(login);
const signup = document.getElementById("signup-form");
if (signup) setUpSignup(signup);
