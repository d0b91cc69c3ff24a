// "Send me a new link": a new confirmation link for the signed-in person's email address.
import { api } from "./api.js";
import { gettext } from "./i18n.js";

// Asks for a new link and answers what to tell the person.
export async function sendNewLink() {
  try {
    await api("POST", "auth/email/resend/");
    return gettext("We sent a new link. Open it from your email, and use the newest one.");
  } catch (error) {
    return error.body?.detail ?? gettext("We couldn't send it just now. Please try again in a little while.");
  }
}

export function setUpResend() {
  const button = document.getElementById("resend-confirmation");
  const status = document.getElementById("resend-status");
  if (!button) return;
  button.addEventListener("click", async () => {
    button.disabled = true;
    status.textContent = await sendNewLink();
    button.disabled = false;
  });
}
