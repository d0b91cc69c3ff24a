// The care team: invite with a one-time code, choose what each person sees, remove, cancel codes.
import { api, clearErrors, confirmFirst, el, showErrors } from "./api.js";

const root = document.getElementById("care-team");
const base = `patients/${root.dataset.patient}`;
const ROLE = { parent: "Parent or guardian", clinician: "Clinician" };
const OPTIONAL = [["mood", "Mood"], ["notes", "Notes (never the private ones)"]];
const memberStatus = document.getElementById("member-status");

const shortDate = (iso) => new Date(iso).toLocaleDateString(undefined, { day: "numeric", month: "long" });
const readable = (code) => code.match(/.{1,4}/g).join("-");

function message(invitation) {
  const whose = root.dataset.self ? "my" : `${root.dataset.name}'s`;
  const who = invitation.role === "parent" ? "a parent" : "a clinician";
  return (
    `I'd like you to see ${whose} Stride diary. Sign up as ${who} at ${location.origin}/signup/, ` +
    `then enter this code at ${location.origin}/join/ : ${readable(invitation.code)}. ` +
    `It works once, until ${shortDate(invitation.expires_at)}.`
  );
}

async function invite(event) {
  const form = event.target;
  event.preventDefault();
  clearErrors(form);
  const sees = [...form.querySelectorAll('input[name="sees"]:checked')].map((box) => box.value);
  try {
    const { data } = await api("POST", `${base}/invitations/`, { body: { role: form.role.value, sees } });
    document.getElementById("code-text").textContent = readable(data.code);
    document.getElementById("code-message").textContent = message(data);
    const box = document.getElementById("new-code");
    box.hidden = false;
    box.focus();
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
    status.textContent = "Copied. Paste it into a message.";
  } catch {
    getSelection().selectAllChildren(document.getElementById("code-message"));
    status.textContent = "Selected. Copy it with your phone's copy button.";
  }
}

function seesControls(member) {
  const box = el("fieldset", "sees");
  box.append(el("legend", "", `What ${member.user.display_name} sees`));
  box.append(el("p", "hint", "Always: function, pain, sleep, activity, school, symptoms."));
  for (const [value, label] of OPTIONAL) {
    const line = el("label", "check");
    const input = el("input");
    input.type = "checkbox";
    input.checked = member.sees.includes(value);
    input.addEventListener("change", async () => {
      const sees = [...box.querySelectorAll("input")].filter((i) => i.checked).map((i) => i.dataset.value);
      try {
        await api("PATCH", `${base}/care-team/${member.id}/`, { body: { sees } });
        memberStatus.textContent = `Saved: ${member.user.display_name} now sees ${["the basics", ...sees].join(", ")}.`;
      } catch (error) {
        input.checked = !input.checked;
        memberStatus.textContent = error.body?.detail ?? "That didn't save. Please try again.";
      }
    });
    input.dataset.value = value;
    line.append(input, ` ${label}`);
    box.append(line);
  }
  return box;
}

function removeControls(member, item) {
  const wrap = el("div", "remove");
  const ask = el("button", "button", `Remove ${member.user.display_name}`);
  ask.type = "button";
  const confirmBox = el("div");
  confirmBox.hidden = true;
  const yes = el("button", "button danger", "Yes, remove");
  const no = el("button", "button", "Keep");
  yes.type = no.type = "button";
  confirmBox.append(el("p", "", `${member.user.display_name} will stop seeing the diary right away.`), yes, no);
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
        memberStatus.textContent = error.body?.detail ?? `That didn't work, so ${member.user.display_name} is still on the team.`;
        return;
      }
      item.remove();
      memberStatus.textContent = `${member.user.display_name} was removed.`;
      document.getElementById("members-empty").hidden = document.querySelector("#member-list li") !== null;
    },
  });
  wrap.append(ask, confirmBox);
  return wrap;
}

function memberCard(member) {
  const item = el("li", "member-card");
  item.append(el("h3", "entry-day", member.user.display_name));
  const since = `${ROLE[member.relation]} · since ${shortDate(member.since)}`;
  item.append(el("p", "entry-summary", member.manages ? `${since} · keeps this diary` : since));
  if (!member.manages) item.append(seesControls(member), removeControls(member, item));
  return item;
}

function invitationCard(invitation) {
  const item = el("li", "member-card");
  const sees = invitation.sees.filter((s) => s !== "core");
  const extra = sees.length ? ` and ${sees.join(", ")}` : "";
  item.append(el("p", "entry-day", `${ROLE[invitation.role]}: code waiting to be used`));
  item.append(el("p", "entry-summary", `Sees the basics${extra}. Expires ${shortDate(invitation.expires_at)}.`));
  const cancel = el("button", "button", "Cancel this code");
  cancel.type = "button";
  cancel.addEventListener("click", async () => {
    await api("DELETE", `${base}/invitations/${invitation.id}/`);
    loadInvitations();
  });
  item.append(cancel);
  return item;
}

async function loadMembers() {
  const { data } = await api("GET", `${base}/care-team/`);
  document.getElementById("member-list").replaceChildren(...data.map(memberCard));
  document.getElementById("members-empty").hidden = data.length > 0;
}

async function loadInvitations() {
  const { data } = await api("GET", `${base}/invitations/`);
  document.getElementById("invitation-list").replaceChildren(...data.map(invitationCard));
  document.getElementById("invitations-empty").hidden = data.length > 0;
}

document.getElementById("invite-form").addEventListener("submit", invite);
document.getElementById("copy-message").addEventListener("click", copyMessage);
loadMembers();
loadInvitations();
