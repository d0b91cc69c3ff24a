import { api, clearErrors, showErrors } from "./api.js";

const form = document.getElementById("join-form");
form.addEventListener("submit", async (event) => {
  event.preventDefault();
  clearErrors(form);
  try {
    const { data } = await api("POST", "invitations/accept/", { body: { code: form.code.value } });
    location.assign(`/patients/${data.patient_id}/`);
  } catch (error) {
    showErrors(form, error);
  }
});
