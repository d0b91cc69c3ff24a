// "Send me a new link": a new confirmation link for the signed-in person's email address.
import { api } from "./api.js";
import { gettext } from "./i18n.js";

export function setUpResend() {
  const button = document.getElementById("resend-confirmation");
  const status = document.getElementById("resend-status");
  if (!button) return;
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      await api("POST", "auth/email/resend/");
      status.textContent = gettext("We sent a new link. Open it from your email, and use the newest one.");
    } catch (error) {
      status.textContent = error.body?.detail ?? gettext("We couldn't send it just now. Please try again in a little while.");
    } finally {
      button.disabled = false;
    }
  });
}
