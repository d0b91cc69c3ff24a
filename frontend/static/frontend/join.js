// Joins a care team with a code. The API answers one and the same message for an unknown, a used and an expired
// code (docs/API.md), and that message says to ask for a new one; the field shows it and gets the focus back. A
// clinician on a clinic's team chooses whom the code is for: themselves, or one of their clinics (`clinic`).
import { api, clearErrors, showErrors } from "./api.js";

const form = document.getElementById("join-form");
// An invitation's link (/join/?code=...) fills the code in: one tap on Join is left.
const given = new URLSearchParams(location.search).get("code");
if (given) {
  form.code.value = given;
  form.querySelector("[type=submit]").focus();
}
form.addEventListener("submit", async (event) => {
  event.preventDefault();
  clearErrors(form);
  try {
    const body = { code: form.code.value };
    if (form.elements.clinic?.value) body.clinic = Number(form.elements.clinic.value);
    const { data } = await api("POST", "invitations/accept/", { body });
    location.assign(`/patients/${data.patient_id}/`);
  } catch (error) {
    showErrors(form, error);
    if (error.body?.code) form.code.focus();
  }
});
