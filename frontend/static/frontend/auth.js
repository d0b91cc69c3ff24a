import { api, clearErrors, showErrors } from "./api.js";

const landingFor = (role) => (role === "teen" ? "/today/" : "/patients/");

function safeNext() {
  const next = new URLSearchParams(location.search).get("next");
  return next && next.startsWith("/") && !next.startsWith("//") ? next : null;
}

async function signIn(email, password) {
  const { data } = await api("POST", "auth/session/", { body: { email, password } });
  location.assign(safeNext() ?? landingFor(data.role));
}

function setUpLogin(form) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    try {
      await signIn(form.email.value, form.password.value);
    } catch (error) {
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
