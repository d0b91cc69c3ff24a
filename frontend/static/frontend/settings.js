import { api, clearErrors, el, showErrors } from "./api.js";
import { gettext, interpolate, ngettext } from "./i18n.js";
import { syncNow, unsentCount, wipeLocalData } from "./offline/sync.js";

// Signing out wipes what this phone holds of the diary: the offline queue and the kept pages. Entries that
// haven't reached Stride yet are tried once more, and if some still wait, the person is asked first.
async function signOut() {
  await wipeLocalData();
  await api("POST", "auth/logout/").catch(() => null);
  location.assign("/login/");
}

// Signing out everywhere must reach Stride to end the other devices' sign-ins: only then is this phone wiped.
const logoutAllError = document.getElementById("logout-all-error");
async function signOutEverywhere() {
  logoutAllError.hidden = true;
  try {
    await api("POST", "auth/logout-all/");
  } catch (error) {
    if (error.status !== 401) {
      logoutAllError.textContent = error.body?.detail ?? gettext("We couldn't reach Stride. Check your connection and try again.");
      logoutAllError.hidden = false;
      return;
    }
  }
  await wipeLocalData();
  location.assign("/login/");
}

function askBeforeLosing(button, count, action) {
  document.getElementById("logout-warning")?.remove();
  const box = el("div", "notice logout-warning");
  box.id = "logout-warning";
  box.setAttribute("role", "alert");
  const warning = ngettext(
    "%(count)s entry saved on this phone hasn't reached Stride yet. If you sign out now, it will be lost.",
    "%(count)s entries saved on this phone haven't reached Stride yet. If you sign out now, they will be lost.",
    count,
  );
  box.append(el("p", "", interpolate(warning, { count })));
  const stay = el("button", "button", gettext("Stay signed in"));
  stay.type = "button";
  const leave = el("button", "button danger", ngettext("Sign out and lose it", "Sign out and lose them", count));
  leave.type = "button";
  box.append(stay, " ", leave);
  button.after(box);
  stay.addEventListener("click", () => {
    box.remove();
    button.focus();
  });
  leave.addEventListener("click", action);
  stay.focus();
}

function offerSignOut(button, action) {
  button.addEventListener("click", async () => {
    await syncNow({ force: true }).catch(() => null);
    const count = await unsentCount();
    if (count) askBeforeLosing(button, count, action);
    else await action();
  });
}
offerSignOut(document.getElementById("logout-button"), signOut);
offerSignOut(document.getElementById("logout-all-button"), signOutEverywhere);

const form = document.getElementById("delete-account-form");
form.addEventListener("submit", async (event) => {
  event.preventDefault();
  clearErrors(form);
  try {
    await api("DELETE", "me/", { body: { password: document.getElementById("delete-password").value } });
    await wipeLocalData(); // the account is gone, and with it the session: nothing of it stays on this phone
    location.assign("/signup/?deleted=1");
  } catch (error) {
    showErrors(form, error);
  }
});
