// The care team: invite with a one-time code, choose what each person sees, remove, cancel codes, and give an
// expired code a new one in one tap (the same role and the same `sees`).
import { api, clearErrors, confirmFirst, el, readableCode, seesWords, showErrors } from "./api.js";
import { capitalized, formatDate, gettext, interpolate, language, ngettext } from "./i18n.js";

const root = document.getElementById("care-team");
const base = `patients/${root.dataset.patient}`;
const ROLE = { parent: gettext("Parent or guardian"), clinician: gettext("Clinician"), clinic: gettext("Clinic") };
// What each choice shows, in Share's own words (accounts.models.Share, through the page): the invite form, the
// codes and the care team all say the same. `core` is always there.
const SHARE = JSON.parse(document.getElementById("share-words").textContent);
const OPTIONAL = ["mood", "notes"].map((value) => [value, capitalized(SHARE[value])]);
const memberStatus = document.getElementById("member-status");
const inviteStatus = document.getElementById("invitation-status");

const AND = new Intl.ListFormat(language, { type: "conjunction" });
// A person on the team, or a clinic (`user` null): every one of the clinic's members reads what it was given.
const nameOf = (member) => member.clinic?.name ?? member.user.display_name;
// The link that fills the code in on the join page; `role` chooses the right account on the way, for someone
// who signs up from there.
const joinLink = (invitation) => {
  const query = new URLSearchParams({ code: invitation.code, role: invitation.role });
  return `${location.origin}/join/?${query}`;
};

// One whole sentence per case, so each language can order its words its own way.
const MESSAGES = {
  "self-parent": gettext(
    "I'd like you to see my Stride diary. Open %(link)s and sign in, or sign up as a parent: the code %(code)s is filled in for you. It works once, until %(date)s.",
  ),
  "self-clinician": gettext(
    "I'd like you to see my Stride diary. Open %(link)s and sign in, or sign up as a clinician: the code %(code)s is filled in for you. It works once, until %(date)s.",
  ),
  "child-parent": gettext(
    "I'd like you to see %(name)s's Stride diary. Open %(link)s and sign in, or sign up as a parent: the code %(code)s is filled in for you. It works once, until %(date)s.",
  ),
  "child-clinician": gettext(
    "I'd like you to see %(name)s's Stride diary. Open %(link)s and sign in, or sign up as a clinician: the code %(code)s is filled in for you. It works once, until %(date)s.",
  ),
};

function message(invitation) {
  const key = `${root.dataset.self ? "self" : "child"}-${invitation.role}`;
  return interpolate(MESSAGES[key], {
    name: root.dataset.name,
    link: joinLink(invitation),
    code: readableCode(invitation.code),
    date: formatDate(invitation.expires_at, "day"),
  });
}

async function invite(event) {
  const form = event.target;
  event.preventDefault();
  clearErrors(form);
  const sees = [...form.querySelectorAll('input[name="sees"]:checked')].map((box) => box.value);
  try {
    const { data } = await api("POST", `${base}/invitations/`, { body: { role: form.role.value, sees } });
    await loadInvitations(data.id);
  } catch (error) {
    showErrors(form, error);
  }
}

// The Web Share API where the browser has it (a phone's share sheet: messages, email, WhatsApp...), else the
// clipboard, else the message selected for the phone's own copy button.
async function share(text, messageBox, status) {
  status.textContent = "";
  if (navigator.share) {
    try {
      await navigator.share({ text });
      return;
    } catch (error) {
      if (error.name === "AbortError") return; // the person closed the share sheet
    }
  }
  try {
    await navigator.clipboard.writeText(text);
    status.textContent = gettext("Copied. Paste it into a message.");
  } catch {
    getSelection().selectAllChildren(messageBox);
    status.textContent = gettext("Selected. Copy it with your phone's copy button.");
  }
}

function seesControls(member) {
  const box = el("fieldset", "sees");
  box.append(el("legend", "", interpolate(gettext("What %(name)s sees"), { name: nameOf(member) })));
  box.append(el("p", "hint", interpolate(gettext("Always: %(always)s."), { always: SHARE.core })));
  // Said beside the boxes, where the person looks as they tap.
  const saved = el("p", "status");
  saved.setAttribute("role", "status");
  for (const [value, label] of OPTIONAL) {
    const line = el("label", "check");
    const input = el("input");
    input.type = "checkbox";
    input.checked = member.sees.includes(value);
    input.addEventListener("change", async () => {
      const sees = [...box.querySelectorAll("input")].filter((i) => i.checked).map((i) => i.dataset.value);
      saved.textContent = gettext("Saving…");
      try {
        await api("PATCH", `${base}/care-team/${member.id}/`, { body: { sees } });
        saved.textContent = interpolate(gettext("Saved: %(name)s now sees %(what)s."), {
          name: nameOf(member),
          what: seesWords(sees),
        });
      } catch (error) {
        input.checked = !input.checked;
        saved.textContent = error.body?.detail ?? gettext("That didn't save. Please try again.");
      }
    });
    input.dataset.value = value;
    line.append(input, ` ${label}`);
    box.append(line);
  }
  box.append(saved);
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

// A paused member (a parent, from the teen's 18th birthday) reads nothing until resumed: one tap.
function resumeControls(member) {
  const name = member.user.display_name;
  const resume = el("button", "button primary", interpolate(gettext("Let %(name)s see the diary again"), { name }));
  resume.type = "button";
  resume.addEventListener("click", async () => {
    try {
      const { data } = await api("PATCH", `${base}/care-team/${member.id}/`, { body: { paused: false } });
      await loadMembers();
      memberStatus.textContent = interpolate(gettext("%(name)s sees %(what)s again."), { name, what: seesWords(data.sees) });
    } catch (error) {
      memberStatus.textContent = error.body?.detail ?? gettext("That didn't save. Please try again.");
    }
  });
  return resume;
}

function memberCard(member) {
  const item = el("li", member.paused ? "member-card paused" : "member-card");
  item.append(el("h3", "entry-day", nameOf(member)));
  const facts = { role: ROLE[member.relation], date: formatDate(member.since, "day") };
  const since = member.manages
    ? interpolate(gettext("%(role)s · since %(date)s · keeps this diary"), facts)
    : interpolate(gettext("%(role)s · since %(date)s"), facts);
  item.append(el("p", "entry-summary", since));
  if (member.clinic) item.append(clinicTeam(member.clinic));
  if (member.paused) {
    const date = formatDate(member.paused_at, "day");
    item.append(el("p", "entry-summary", interpolate(gettext("Paused since %(date)s: sees nothing of the diary."), { date })));
    item.append(resumeControls(member));
  }
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
    await api("DELETE", `${base}/invitations/${invitation.id}/`).catch(() => null);
    await loadInvitations(data.id);
  } catch (error) {
    inviteStatus.textContent = error.body?.detail ?? gettext("We couldn't make a new code. Please try again.");
    loadInvitations();
  }
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

// A code waiting to be used, shown again each time: the code, what it will show, the message to send with the
// link that fills the code in, and one button to share it.
function pendingParts(invitation, item) {
  const role = ROLE[invitation.role];
  const date = formatDate(invitation.expires_at, "day");
  item.append(el("p", "entry-day", interpolate(gettext("%(role)s: code waiting to be used"), { role })));
  const text = gettext("Will see %(what)s. Works until %(date)s.");
  if (!invitation.code) {
    // Kept encrypted with the site's key; after a change of key it can no longer be shown, but it still works.
    item.append(el("p", "entry-summary", interpolate(text, { what: seesWords(invitation.sees), date })));
    item.append(el("p", "", gettext("This code can't be shown again. If it's lost, cancel it and make a new one.")));
    return;
  }
  item.append(el("p", "code", readableCode(invitation.code)));
  item.append(el("p", "entry-summary", interpolate(text, { what: seesWords(invitation.sees), date })));
  const words = el("p", "message-to-send", message(invitation));
  const link = el("a", "join-link", gettext("The link that fills the code in"));
  link.href = joinLink(invitation);
  const status = el("p", "status");
  status.setAttribute("role", "status");
  const send = button(navigator.share ? gettext("Share the code") : gettext("Copy the message"), "button primary");
  send.addEventListener("click", () => share(words.textContent, words, status));
  item.append(words, el("div", "card-actions"), status);
  item.querySelector(".card-actions").append(send, link);
}

function invitationCard(invitation) {
  const item = el("li", invitation.expired ? "member-card expired" : "member-card");
  item.dataset.id = invitation.id;
  item.tabIndex = -1;
  if (invitation.expired) {
    const role = ROLE[invitation.role];
    const [what, date] = [seesWords(invitation.sees), formatDate(invitation.expires_at, "day")];
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
    pendingParts(invitation, item);
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
  // Said to a teen of 18 or more whose parents' access paused on her birthday (and not to one who paused someone).
  const pausedParent = data.some((member) => member.paused && member.relation === "parent");
  document.getElementById("paused-notice").hidden = !(root.dataset.adult && pausedParent);
}

// `made`: the id of a code just made, whose card then takes the focus (a screen reader reads it out).
async function loadInvitations(made = null) {
  const { data } = await api("GET", `${base}/invitations/?include_expired=true`);
  const list = document.getElementById("invitation-list");
  list.replaceChildren(...data.map(invitationCard));
  document.getElementById("invitations-empty").hidden = data.length > 0;
  const fresh = made === null ? null : list.querySelector(`[data-id="${made}"]`);
  if (fresh) {
    fresh.classList.add("just-made");
    fresh.focus();
  }
}

document.getElementById("invite-form").addEventListener("submit", invite);
loadMembers();
loadInvitations();
