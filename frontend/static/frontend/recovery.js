// The pages behind the links Stride emails: a forgotten password, choosing a new one, confirming an address,
// cancelling a change of address.
// A link that no longer works brings up one calm panel that offers a new link.
import { api, clearErrors, showErrors } from "./api.js";
import { setUpResend } from "./resend.js";

function show(panel) {
  panel.hidden = false;
  panel.focus();
}

function linkExpired(hide) {
  hide.hidden = true;
  show(document.getElementById("link-expired"));
}

const isExpired = (error) => error.status === 400 && typeof error.body?.detail === "string";

const forgot = document.getElementById("forgot-form");
if (forgot) {
  forgot.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(forgot);
    try {
      await api("POST", "auth/password-reset/", { body: { email: forgot.email.value.trim() } });
      document.getElementById("sent-to").textContent = forgot.email.value.trim();
      forgot.hidden = true;
      show(document.getElementById("forgot-sent"));
    } catch (error) {
      showErrors(forgot, error);
    }
  });
}

const reset = document.getElementById("reset-form");
if (reset) {
  reset.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(reset);
    const { uid, token } = reset.dataset;
    try {
      await api("POST", "auth/password-reset/confirm/", { body: { uid, token, password: reset.password.value } });
      document.getElementById("reset-panel").hidden = true;
      show(document.getElementById("reset-done"));
    } catch (error) {
      if (isExpired(error)) linkExpired(document.getElementById("reset-panel"));
      else showErrors(reset, error);
    }
  });
}

const confirm = document.getElementById("confirm-form");
if (confirm) {
  confirm.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(confirm);
    try {
      await api("POST", "auth/email/confirm/", { body: { token: confirm.dataset.token } });
      document.getElementById("confirm-panel").hidden = true;
      document.getElementById("email-banner")?.remove();
      show(document.getElementById("confirm-done"));
    } catch (error) {
      if (isExpired(error)) linkExpired(document.getElementById("confirm-panel"));
      else showErrors(confirm, error);
    }
  });
}

const cancel = document.getElementById("cancel-form");
if (cancel) {
  cancel.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(cancel);
    try {
      await api("POST", "auth/email/cancel/", { body: { token: cancel.dataset.token } });
      document.getElementById("cancel-panel").hidden = true;
      show(document.getElementById("cancel-done"));
    } catch (error) {
      if (isExpired(error)) linkExpired(document.getElementById("cancel-panel"));
      else showErrors(cancel, error);
    }
  });
}

setUpResend();
