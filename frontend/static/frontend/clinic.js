// A clinic's team: its members with their roles; admins make codes for colleagues, choose admins, remove people,
// rename the clinic and decide on two-step sign-in; anyone may leave. Removing someone ends their access to every
// patient of the clinic at once (docs/API.md), and the confirmation says so before it happens.
import { api, clearErrors, confirmFirst, el, errorText, readableCode, showErrors } from "./api.js";
import { formatDate, gettext, interpolate } from "./i18n.js";

const $ = (id) => document.getElementById(id);
const root = $("clinic");
const base = `clinics/${root.dataset.clinic}`;
const isAdmin = Boolean(root.dataset.admin);
const me = Number(root.dataset.me);
const ROLES = JSON.parse($("role-words").textContent);
const clinicName = () => root.dataset.name;
// Dates in the one way of each language (i18n.js formatDate).
const longDate = (iso) => formatDate(iso, "dayYear");
const whenExpires = (iso) => formatDate(iso, "shortTime");
const memberStatus = $("member-status");
const memberError = $("member-error");

function say(text) {
  memberError.hidden = true;
  memberStatus.textContent = text;
}

function fail(text) {
  memberStatus.textContent = "";
  memberError.textContent = text;
  memberError.hidden = false;
}

function button(text, className = "button") {
  const node = el("button", className, text);
  node.type = "button";
  return node;
}

// "Are you sure?" in place, under the card's buttons: what happens, then yes and no.
function confirmation(ask, sentence, yesText, noText, action) {
  const box = el("div", "confirm");
  box.hidden = true;
  const yes = button(yesText, "button danger");
  const no = button(noText);
  box.append(el("p", "", sentence), yes, no);
  confirmFirst({ ask, box, no, yes, action: () => action(box) });
  return box;
}

async function changeRole(member, role) {
  const name = member.user.display_name;
  try {
    await api("PATCH", `${base}/members/${member.id}/`, { body: { role } });
  } catch (error) {
    fail(errorText(error, gettext("That didn't work. Please try again.")));
    return;
  }
  if (member.id === me) {
    location.reload(); // no longer an admin: the page shows what a clinician may do
    return;
  }
  const text = role === "admin" ? gettext("%(name)s is now an admin.") : gettext("%(name)s is now a clinician.");
  await loadMembers();
  say(interpolate(text, { name }));
}

async function remove(member, confirmBox) {
  const name = member.user.display_name;
  try {
    await api("DELETE", `${base}/members/${member.id}/`);
  } catch (error) {
    confirmBox.hidden = true;
    fail(errorText(error, interpolate(gettext("That didn't work, so %(name)s is still on the team."), { name })));
    return;
  }
  if (member.id === me) {
    location.assign("/clinics/?left=1");
    return;
  }
  await loadMembers();
  say(interpolate(gettext("%(name)s was removed and no longer sees any patient of %(clinic)s."), { name, clinic: clinicName() }));
}

// An admin's "Make … an admin" or "Make … a clinician"; none for the only admin's own card (a clinic keeps one).
function roleButton(member, admins) {
  const name = member.user.display_name;
  const makeAdmin = member.role !== "admin";
  if (member.id === me && admins === 1) return [];
  const text = member.id === me
    ? gettext("Make yourself a clinician")
    : interpolate(makeAdmin ? gettext("Make %(name)s an admin") : gettext("Make %(name)s a clinician"), { name });
  const node = button(text);
  node.addEventListener("click", () => changeRole(member, makeAdmin ? "admin" : "clinician"));
  return [node];
}

// Leaving (one's own card) or removing someone (an admin): either way, every patient of the clinic at once.
function removal(member) {
  const clinic = clinicName();
  if (member.id === me) {
    const ask = button(interpolate(gettext("Leave %(clinic)s"), { clinic }));
    const sentence = interpolate(
      gettext("You'll lose every patient of %(clinic)s at once. To come back, you'd need a new code from an admin."),
      { clinic },
    );
    return [ask, confirmation(ask, sentence, gettext("Yes, leave"), gettext("Stay"), (box) => remove(member, box))];
  }
  const name = member.user.display_name;
  const ask = button(interpolate(gettext("Remove %(name)s"), { name }));
  const sentence = interpolate(
    gettext("%(name)s will lose every patient of %(clinic)s at once: none of their diaries will open for them any more."),
    { name, clinic },
  );
  return [ask, confirmation(ask, sentence, gettext("Yes, remove"), gettext("Keep"), (box) => remove(member, box))];
}

function memberCard(member, admins) {
  const item = el("li", "member-card");
  const name = member.user.display_name;
  item.append(el("h3", "entry-day", member.id === me ? interpolate(gettext("%(name)s (you)"), { name }) : name));
  item.append(el("p", "entry-summary break", member.user.email));
  const facts = { role: ROLES[member.role] ?? member.role, date: longDate(member.since) };
  item.append(el("p", "entry-summary", interpolate(gettext("%(role)s · since %(date)s"), facts)));
  if (!isAdmin && member.id !== me) return item;
  const [ask, confirmBox] = removal(member);
  const actions = el("div", "card-actions");
  actions.append(...(isAdmin ? roleButton(member, admins) : []), ask);
  item.append(actions, confirmBox);
  return item;
}

async function loadMembers() {
  const list = $("member-list");
  try {
    const { data } = await api("GET", `${base}/members/`);
    const admins = data.filter((member) => member.role === "admin").length;
    list.replaceChildren(...data.map((member) => memberCard(member, admins)));
  } catch (error) {
    list.replaceChildren();
    fail(errorText(error, gettext("We couldn't load the team. Please try again.")));
  } finally {
    list.removeAttribute("aria-busy");
  }
}

// Codes for colleagues: the code, how long it works, and a message to send with it.
function showCode(invitation) {
  const date = whenExpires(invitation.expires_at);
  const code = readableCode(invitation.code);
  const sentence = invitation.role === "admin"
    ? gettext("A code to join as an admin. It works once, until %(date)s.")
    : gettext("A code to join as a clinician. It works once, until %(date)s.");
  $("code-for").textContent = interpolate(sentence, { date });
  $("code-text").textContent = code;
  $("code-message").textContent = interpolate(
    gettext("Join %(clinic)s on Stride: sign up as a clinician at %(signup)s (or sign in), open Clinics at %(clinics)s and enter this code: %(code)s. It works once, until %(date)s."),
    { clinic: clinicName(), signup: `${location.origin}/signup/`, clinics: `${location.origin}/clinics/`, code, date },
  );
  $("share-status").textContent = "";
  $("new-code").hidden = false;
  $("new-code").focus();
}

async function share() {
  const text = $("code-message").textContent;
  const status = $("share-status");
  if (navigator.canShare?.({ text })) {
    try {
      await navigator.share({ text });
      return;
    } catch {
      // Closed without sharing: copying is the other way.
    }
  }
  try {
    await navigator.clipboard.writeText(text);
    status.textContent = gettext("Copied. Paste it into a message.");
  } catch {
    getSelection().selectAllChildren($("code-message"));
    status.textContent = gettext("Selected. Copy it with your phone's copy button.");
  }
}

function setUpInvitations() {
  const form = $("invite-form");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    try {
      const { data } = await api("POST", `${base}/invitations/`, { body: { role: form.elements.role.value } });
      showCode(data);
    } catch (error) {
      showErrors(form, error);
    }
  });
  $("share-code").addEventListener("click", share);
}

// Two-step sign-in for the members: on by default; off only after the warning.
function showMfa(on) {
  $("mfa-on").hidden = !on;
  $("mfa-off").hidden = on;
  $("mfa-ask-off").hidden = !on;
  $("mfa-on-button").hidden = on;
  $("mfa-warning").hidden = true;
}

async function setMfa(on) {
  $("mfa-error").hidden = true;
  try {
    await api("PATCH", `${base}/`, { body: { mfa_required: on } });
  } catch (error) {
    $("mfa-error").textContent = errorText(error, gettext("That didn't work. Please try again."));
    $("mfa-error").hidden = false;
    return;
  }
  showMfa(on);
  const text = on
    ? gettext("Two-step sign-in is on: everyone on the team needs it to see the clinic's patients.")
    : gettext("Two-step sign-in is off for the clinic.");
  $("mfa-status").textContent = text;
  (on ? $("mfa-ask-off") : $("mfa-on-button")).focus();
}

function setUpMfa() {
  confirmFirst({
    ask: $("mfa-ask-off"),
    box: $("mfa-warning"),
    no: $("mfa-off-no"),
    yes: $("mfa-off-yes"),
    action: () => setMfa(false),
  });
  $("mfa-on-button").addEventListener("click", () => setMfa(true));
}

function setUpName() {
  const form = $("name-form");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    $("name-status").textContent = "";
    try {
      const { data } = await api("PATCH", `${base}/`, { body: { name: form.elements.name.value } });
      root.dataset.name = data.name;
      $("clinic-heading").textContent = data.name;
      document.title = document.title.replace(/^.*( · Stride)$/, `${data.name}$1`);
      document.querySelector("nav.tabs").setAttribute("aria-label", data.name);
      $("name-status").textContent = gettext("Saved.");
    } catch (error) {
      showErrors(form, error);
    }
  });
}

if (new URLSearchParams(location.search).has("joined")) $("joined-notice").hidden = false;
if (isAdmin) {
  setUpInvitations();
  setUpMfa();
  setUpName();
}
loadMembers();
