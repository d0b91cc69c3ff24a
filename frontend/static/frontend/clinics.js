// A clinician's clinics: create one (its first admin) or join one with a colleague's code. The API answers one and
// the same message for an unknown, a used and an expired code, and that message says to ask an admin for a new one.
import { api, clearErrors, showErrors } from "./api.js";

function submitting(form, send) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      location.assign(await send(form));
    } catch (error) {
      showErrors(form, error);
      form.querySelector("input").focus();
      button.disabled = false;
    }
  });
}

submitting(document.getElementById("create-form"), async (form) => {
  const { data } = await api("POST", "clinics/", { body: { name: form.elements.name.value } });
  return `/clinics/${data.id}/`;
});

submitting(document.getElementById("join-form"), async (form) => {
  const { data } = await api("POST", "clinics/join/", { body: { code: form.elements.code.value } });
  return `/clinics/${data.clinic.id}/?joined=${data.role}`;
});

if (new URLSearchParams(location.search).has("left")) document.getElementById("left-notice").hidden = false;
