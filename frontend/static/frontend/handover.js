// Giving a child her diary. The child's page (behind the emailed link): she chooses a name and a password, then is
// signed in, unless someone else is signed in on this browser (her parent's phone), who stays signed in. The
// parent's page: sends the link to the child's address.
import { api, clearErrors, showErrors } from "./api.js";
import { language } from "./i18n.js";

function show(panel) {
  panel.hidden = false;
  panel.focus();
}

const takeOver = document.getElementById("handover-form");
if (takeOver) {
  takeOver.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(takeOver);
    const password = takeOver.password.value;
    const body = { token: takeOver.dataset.token, password, display_name: takeOver.display_name.value, language };
    let data;
    try {
      ({ data } = await api("POST", "handover/accept/", { body }));
    } catch (error) {
      // A used, expired or replaced link: one plain string (a refused field comes as a list, shown by its field).
      if (error.status === 400 && typeof error.body?.detail === "string") {
        document.getElementById("handover-panel").hidden = true;
        show(document.getElementById("link-expired"));
      } else showErrors(takeOver, error);
      return;
    }
    if (takeOver.dataset.signIn) {
      try {
        await api("POST", "auth/session/", { body: { email: data.email, password } });
        location.assign("/today/");
        return;
      } catch {
        // Made, but not signed in (a lost connection): the panel below says how to sign in.
      }
    }
    document.getElementById("handover-panel").hidden = true;
    show(document.getElementById("handover-done"));
  });
}

const send = document.getElementById("send-handover");
if (send) {
  send.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(send);
    try {
      const { data } = await api("POST", `patients/${send.dataset.patient}/handover/`, {
        body: { email: send.email.value.trim() },
      });
      const status = document.getElementById("handover-sent");
      status.textContent = data.detail;
      document.getElementById("handover-pending")?.remove();
      send.reset();
      show(status);
    } catch (error) {
      showErrors(send, error);
    }
  });
}
