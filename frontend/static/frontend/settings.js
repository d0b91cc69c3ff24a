import { api, clearErrors, showErrors } from "./api.js";

document.getElementById("logout-button").addEventListener("click", async () => {
  await api("POST", "auth/logout/").catch(() => null);
  location.assign("/login/");
});

const form = document.getElementById("delete-account-form");
form.addEventListener("submit", async (event) => {
  event.preventDefault();
  clearErrors(form);
  try {
    await api("DELETE", "me/", { body: { password: document.getElementById("delete-password").value } });
    location.assign("/signup/?deleted=1");
  } catch (error) {
    showErrors(form, error);
  }
});
