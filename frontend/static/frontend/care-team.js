// The care team: invite with a one-time code, choose what each person sees, remove, cancel codes, and give an
// expired code a new one in one tap (the same role and the same `sees`).
import { api, clearErrors, confirmFirst, el, readableCode, seesWords, showErrors } from "./api.js";
import { gettext, interpolate, language, ngettext } from "./i18n.js";

const root = document.getElementById("care-team");
const base = `patients/${root.dataset.patient}`;
const ROLE = { parent: gettext("Parent or guardian"), clinician: gettext("Clinician"), clinic: gettext("Clinic") };
const OPTIONAL = [
  ["mood", gettext("Mood")],
  ["notes", gettext("Notes (never the private ones)")],
];
const memberStatus = document.getElementById("member-status");
const inviteStatus = document.getElementById("invitation-status");

const AND = new Intl.ListFormat(language, { type: "conjunction" });
// A person on the team, or a clinic (`user` null): every one of the clinic's members reads what it was given.
const nameOf = (member) => member.clinic?.name ?? member.user.display_name;
const shortDate = (iso) => new Date(iso).toLocaleDateString(language, { day: "numeric", month: "long" });

// One whole sentence per case, so each language can order its words its own way.
const MESSAGES = {
  "self-parent": gettext(
    "I'd like you to see my Stride diary. Sign up as a parent at %(signup)s, then enter this code at %(join)s : %(code)s. It works once, until %(date)s.",
  ),
  "self-clinician": gettext(
    "I'd like you to see my Stride diary. Sign up as a clinician at %(signup)s, then enter this code at %(join)s : %(code)s. It works once, until %(date)s.",
  ),
  "child-parent": gettext(
    "I'd like you to see %(name)s's Stride diary. Sign up as a parent at %(signup)s, then enter this code at %(join)s : %(code)s. It works once, until %(date)s.",
  ),
  "child-clinician": gettext(
    "I'd like you to see %(name)s's Stride diary. Sign up as a clinician at %(signup)s, then enter this code at %(join)s : %(code)s. It works once, until %(date)s.",
  ),
};

function message(invitation) {
  const key = `${root.dataset.self ? "self" : "child"}-${invitation.role}`;
  return interpolate(MESSAGES[key], {
    name: root.dataset.name,
    signup: `${location.origin}/signup/`,
    join: `${location.origin}/join/`,
    code: readableCode(invitation.code),
    date: shortDate(invitation.expires_at),
  });
}

function showCode(invitation) {
  document.getElementById("code-text").textContent = readableCode(invitation.code);
  document.getElementById("code-message").textContent = message(invitation);
  document.getElementById("copy-status").textContent = "";
  const box = document.getElementById("new-code");
  box.hidden = false;
  box.focus();
}

async function invite(event) {
  const form = event.target;
  event.preventDefault();
  clearErrors(form);
  const sees = [...form.querySelectorAll('input[name="sees"]:checked')].map((box) => box.value);
  try {
    const { data } = await api("POST", `${base}/invitations/`, { body: { role: form.role.value, sees } });
    showCode(data);
    loadInvitations();
  } catch (error) {
    showErrors(form, error);
  }
}

async function copyMessage() {
  const text = document.getElementById("code-message").textContent;
  const status = document.getElementById("copy-status");
  try {
    await navigator.clipboard.writeText(text);
    status.textContent = gettext("Copied. Paste it into a message.");
  } catch {
    getSelection().selectAllChildren(document.getElementById("code-message"));
    status.textContent = gettext("Selected. Copy it with your phone's copy button.");
  }
}

function seesControls(member) {
  const box = el("fieldset", "sees");
  box.append(el("legend", "", interpolate(gettext("What %(name)s sees"), { name: nameOf(member) })));
  box.append(el("p", "hint", gettext("Always: function, pain, sleep, activity, school, symptoms.")));
  for (const [value, label] of OPTIONAL) {
    const line = el("label", "check");
    const input = el("input");
    input.type = "checkbox";
    input.checked = member.sees.includes(value);
    input.addEventListener("change", async () => {
      const sees = [...box.querySelectorAll("input")].filter((i) => i.checked).map((i) => i.dataset.value);
      try {
        await api("PATCH", `${base}/care-team/${member.id}/`, { body: { sees } });
        memberStatus.textContent = interpolate(gettext("Saved: %(name)s now sees %(what)s."), {
          name: nameOf(member),
          what: seesWords(sees),
        });
      } catch (error) {
        input.checked = !input.checked;
        memberStatus.textContent = error.body?.detail ?? gettext("That didn't save. Please try again.");
      }
    });
    input.dataset.value = value;
    line.append(input, ` ${label}`);
    box.append(line);
  }
  return box;
}

// What removing says first: a clinic's whole team loses the diary at once.
function removeSentence(member) {
  const name = nameOf(member);
  if (!member.clinic) return interpolate(gettext("%(name)s will stop seeing the diary right away."), { name });
  const people = AND.format(member.clinic.members.map((person) => person.display_name));
  return interpolate(gettext("Everyone on the team of %(name)s will stop seeing the diary at once: %(people)s."), { name, people });
}

function removeControls(member, item) {
  const name = nameOf(member);
  const wrap = el("div", "remove");
  const askText = member.clinic ? gettext("Remove %(clinic)s") : gettext("Remove %(name)s");
  const ask = el("button", "button", interpolate(askText, { name, clinic: name }));
  ask.type = "button";
  const confirmBox = el("div");
  confirmBox.hidden = true;
  const yes = el("button", "button danger", gettext("Yes, remove"));
  const no = el("button", "button", gettext("Keep"));
  yes.type = no.type = "button";
  confirmBox.append(el("p", "", removeSentence(member)), yes, no);
  confirmFirst({
    ask,
    box: confirmBox,
    no,
    yes,
    action: async () => {
      try {
        await api("DELETE", `${base}/care-team/${member.id}/`);
      } catch (error) {
        confirmBox.hidden = true;
        memberStatus.textContent =
          error.body?.detail ?? interpolate(gettext("That didn't work, so %(name)s is still on the team."), { name });
        return;
      }
      item.remove();
      const removed = member.clinic ? gettext("%(name)s was removed: no one on its team sees the diary now.") : gettext("%(name)s was removed.");
      memberStatus.textContent = interpolate(removed, { name });
      document.getElementById("members-empty").hidden = document.querySelector("#member-list li") !== null;
    },
  });
  wrap.append(ask, confirmBox);
  return wrap;
}

// Who is on a clinic's team now, by name: each of them reads what the clinic sees.
function clinicTeam(clinic) {
  const names = clinic.members.map((person) => person.display_name);
  const sentence = ngettext(
    "On its team: %(names)s, who reads what the clinic sees.",
    "On its team: %(names)s. Each of them reads what the clinic sees.",
    names.length,
  );
  return el("p", "clinic-team", interpolate(sentence, { names: AND.format(names) }));
}

function memberCard(member) {
  const item = el("li", "member-card");
  item.append(el("h3", "entry-day", nameOf(member)));
  const facts = { role: ROLE[member.relation], date: shortDate(member.since) };
  const since = member.manages
    ? interpolate(gettext("%(role)s · since %(date)s · keeps this diary"), facts)
    : interpolate(gettext("%(role)s · since %(date)s"), facts);
  item.append(el("p", "entry-summary", since));
  if (member.clinic) item.append(clinicTeam(member.clinic));
  if (!member.manages) item.append(seesControls(member), removeControls(member, item));
  return item;
}

function button(text, className = "button") {
  const node = el("button", className, text);
  node.type = "button";
  return node;
}

// An expired code's "New code": the same role and sees again, then the expired one leaves the list.
async function renew(invitation) {
  inviteStatus.textContent = "";
  try {
    const { data } = await api("POST", `${base}/invitations/`, {
      body: { role: invitation.role, sees: invitation.sees },
    });
    showCode(data);
    await api("DELETE", `${base}/invitations/${invitation.id}/`).catch(() => null);
  } catch (error) {
    inviteStatus.textContent = error.body?.detail ?? gettext("We couldn't make a new code. Please try again.");
  }
  loadInvitations();
}

async function cancel(invitation) {
  inviteStatus.textContent = "";
  try {
    await api("DELETE", `${base}/invitations/${invitation.id}/`);
  } catch (error) {
    inviteStatus.textContent = error.body?.detail ?? gettext("That didn't work. Please try again.");
  }
  loadInvitations();
}

function invitationCard(invitation) {
  const item = el("li", invitation.expired ? "member-card expired" : "member-card");
  const role = ROLE[invitation.role];
  const what = seesWords(invitation.sees);
  const date = shortDate(invitation.expires_at);
  if (invitation.expired) {
    item.append(el("p", "entry-day", interpolate(gettext("%(role)s: this code expired"), { role })));
    const text = gettext("Would see %(what)s. It stopped working on %(date)s. Make a new code and send it again.");
    item.append(el("p", "entry-summary", interpolate(text, { what, date })));
    const again = button(gettext("New code"), "button primary");
    again.addEventListener("click", () => renew(invitation));
    const remove = button(gettext("Remove from the list"));
    remove.addEventListener("click", () => cancel(invitation));
    item.append(el("div", "card-actions"));
    item.lastChild.append(again, remove);
  } else {
    item.append(el("p", "entry-day", interpolate(gettext("%(role)s: code waiting to be used"), { role })));
    const text = gettext("Will see %(what)s. Works until %(date)s.");
    item.append(el("p", "entry-summary", interpolate(text, { what, date })));
    const stop = button(gettext("Cancel this code"));
    stop.addEventListener("click", () => cancel(invitation));
    item.append(stop);
  }
  return item;
}

async function loadMembers() {
  const { data } = await api("GET", `${base}/care-team/`);
  document.getElementById("member-list").replaceChildren(...data.map(memberCard));
  document.getElementById("members-empty").hidden = data.length > 0;
}

async function loadInvitations() {
  const { data } = await api("GET", `${base}/invitations/?include_expired=true`);
  document.getElementById("invitation-list").replaceChildren(...data.map(invitationCard));
  document.getElementById("invitations-empty").hidden = data.length > 0;
}

document.getElementById("invite-form").addEventListener("submit", invite);
document.getElementById("copy-message").addEventListener("click", copyMessage);
loadMembers();
loadInvitations();
