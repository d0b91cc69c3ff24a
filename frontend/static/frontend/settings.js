import { api, clearErrors, el, showErrors } from "./api.js";
import { syncNow, unsentCount, wipeLocalData } from "./offline/sync.js";

// Signing out wipes what this phone holds of the diary: the offline queue and the kept pages. Entries that
// haven't reached Stride yet are tried once more, and if some still wait, the person is asked first.
async function signOut() {
  await wipeLocalData();
  await api("POST", "auth/logout/").catch(() => null);
  location.assign("/login/");
}

function askBeforeLosing(button, count) {
  document.getElementById("logout-warning")?.remove();
  const box = el("div", "notice logout-warning");
  box.id = "logout-warning";
  box.setAttribute("role", "alert");
  const entries = count === 1 ? "1 entry saved on this phone hasn't" : `${count} entries saved on this phone haven't`;
  box.append(el("p", "", `${entries} reached Stride yet. If you sign out now, ${count === 1 ? "it" : "they"} will be lost.`));
  const stay = el("button", "button", "Stay signed in");
  stay.type = "button";
  const leave = el("button", "button danger", `Sign out and lose ${count === 1 ? "it" : "them"}`);
  leave.type = "button";
  box.append(stay, " ", leave);
  button.after(box);
  stay.addEventListener("click", () => {
    box.remove();
    button.focus();
  });
  leave.addEventListener("click", signOut);
  stay.focus();
}

const logoutButton = document.getElementById("logout-button");
logoutButton.addEventListener("click", async () => {
  await syncNow({ force: true }).catch(() => null);
  const count = await unsentCount();
  if (count) askBeforeLosing(logoutButton, count);
  else await signOut();
});

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
