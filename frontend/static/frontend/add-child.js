import { api, clearErrors, showErrors } from "./api.js";

const form = document.getElementById("child-form");
form.addEventListener("submit", async (event) => {
  event.preventDefault();
  clearErrors(form);
  const body = {
    display_name: form.display_name.value,
    birth_date: form.birth_date.value || null,
    // The terms this page showed: the server keeps their version with the profile.
    consent: form.consent.checked,
    terms_version: form.dataset.termsVersion,
  };
  try {
    const { data } = await api("POST", "patients/", { body });
    location.assign(`/patients/${data.id}/today/`);
  } catch (error) {
    showErrors(form, error);
  }
});
