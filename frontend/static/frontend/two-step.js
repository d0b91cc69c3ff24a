// Two-step sign-in: start an authenticator app (QR code and key), confirm it with a code, show the recovery codes.
import { api, clearErrors, el, showErrors } from "./api.js";
import { gettext } from "./i18n.js";
import { setUpResend } from "./resend.js";

const setup = document.getElementById("app-setup");
const recovery = document.getElementById("recovery");

// A key is easier to type in groups of four.
const grouped = (secret) => secret.match(/.{1,4}/g).join(" ");

function showSetup({ secret, qr_code: qrCode }) {
  document.getElementById("qr-code").src = qrCode;
  document.getElementById("secret").textContent = grouped(secret);
  for (const id of ["app-intro", "move-app", "remove-app", "app-status"]) {
    const node = document.getElementById(id);
    if (node) node.hidden = true;
  }
  setup.hidden = false;
  document.getElementById("app-code").focus();
}

async function start(body, onError) {
  try {
    const { data } = await api("POST", "auth/mfa/totp/", { body });
    showSetup(data);
  } catch (error) {
    onError(error);
  }
}

const startButton = document.getElementById("start-app");
if (startButton) {
  const startError = document.getElementById("start-error");
  startButton.addEventListener("click", () =>
    start({}, (error) => {
      startError.textContent = error.body?.detail ?? gettext("We couldn't start just now. Please try again.");
      startError.hidden = false;
    }),
  );
}

const moveForm = document.getElementById("move-form");
if (moveForm) {
  moveForm.addEventListener("submit", (event) => {
    event.preventDefault();
    clearErrors(moveForm);
    start({ password: moveForm.password.value }, (error) => showErrors(moveForm, error));
  });
}

function showRecoveryCodes(codes) {
  const list = document.getElementById("recovery-codes");
  list.replaceChildren(...codes.map((code) => el("li", "", code)));
  document.getElementById("copy-codes").addEventListener("click", async () => {
    const status = document.getElementById("copy-status");
    try {
      await navigator.clipboard.writeText(codes.join("\n"));
      status.textContent = gettext("Copied.");
    } catch {
      status.textContent = gettext("Your browser didn't let us copy. Please write them down.");
    }
  });
  document.getElementById("recovery-done").href = document.getElementById("step-app").dataset.done;
  setup.hidden = true;
  recovery.hidden = false;
  recovery.focus();
}

const confirmForm = document.getElementById("confirm-app-form");
confirmForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  clearErrors(confirmForm);
  try {
    const { data } = await api("POST", "auth/mfa/totp/confirm/", { body: { code: confirmForm.code.value.trim() } });
    showRecoveryCodes(data.recovery_codes);
  } catch (error) {
    showErrors(confirmForm, error);
  }
});

const removeForm = document.getElementById("remove-form");
if (removeForm) {
  removeForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(removeForm);
    try {
      await api("DELETE", "auth/mfa/totp/", {
        body: { password: removeForm.password.value, code: removeForm.code.value.trim() },
      });
      location.reload();
    } catch (error) {
      showErrors(removeForm, error);
    }
  });
}

setUpResend();
