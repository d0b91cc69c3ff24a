import { api, clearErrors, el, showErrors } from "./api.js";
import { formatDate, gettext, interpolate } from "./i18n.js";
import { sendNewLink } from "./resend.js";

// Settings, Reminders: one form per diary (the teen's own; a parent's for each child they keep), and turning
// notifications on or off for this phone (a Web Push subscription through the service worker).
// ISO weekday 1 (Monday) ... 7, named in the page's language: 1 January 2024 was a Monday.
const dayName = (day) => formatDate(`2024-01-0${day}`, "shortWeekdayName");
let vapidKey = null;
// Whether a reminder can reach this person yet (the one reminded is the person signed in, for a child's diary too):
// an email only once the address is confirmed, a notification only on a phone that has them on.
const section = document.getElementById("reminders");
const emailVerified = section?.dataset.emailVerified === "yes";
let pushDevices = Number(section?.dataset.pushDevices ?? 0);

function fill(form, data) {
  form.elements.enabled.checked = data.enabled;
  form.elements.time.value = data.time;
  form.querySelectorAll('input[name="days"]').forEach((box) => (box.checked = data.days.includes(Number(box.value))));
  form.querySelectorAll('input[name="channels"]').forEach((box) => (box.checked = data.channels.includes(box.value)));
}

function read(form) {
  const checked = (name) => [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((box) => box.value);
  return {
    enabled: form.elements.enabled.checked,
    time: form.elements.time.value,
    days: checked("days").map(Number),
    channels: checked("channels"),
  };
}

// What a save means, in words that are true: "we'll remind you" only when a reminder can arrive. `resend` asks for
// the button that sends a new confirmation link.
function said(data) {
  if (!data.enabled) return { text: gettext("Saved. Reminders are off.") };
  const byEmail = data.channels.includes("email");
  const byPush = data.channels.includes("push");
  const reaches = (byEmail && emailVerified) || (byPush && pushDevices > 0);
  if (!reaches && byEmail) {
    const text = gettext(
      "Saved, but no reminder can reach you yet: emails start once your email is confirmed. Open the link we sent to %(email)s.",
    );
    return { text: interpolate(text, { email: section.dataset.email }), resend: true, caveat: true };
  }
  if (!reaches) {
    return {
      text: gettext("Saved, but no reminder can reach you yet: turn on notifications on this phone, below."),
      caveat: true,
    };
  }
  const time = data.time; // 24-hour, as the time field shows it
  let text;
  if (data.days.length === 7) text = interpolate(gettext("Saved. We'll remind you at %(time)s, every day."), { time });
  else {
    const days = data.days.map(dayName).join(", ");
    text = interpolate(gettext("Saved. We'll remind you at %(time)s, on %(days)s."), { time, days });
  }
  if (byEmail && !emailVerified) text = `${text} ${gettext("Emails start once your email is confirmed.")}`;
  return { text };
}

// "Send me a new link" beside a save that no email can follow yet.
function showResend(form, wanted) {
  form.querySelector(".reminder-resend")?.remove();
  if (!wanted) return;
  const box = el("div", "reminder-resend");
  const button = el("button", "button", gettext("Send me a new link"));
  button.type = "button";
  const result = el("p", "status");
  result.setAttribute("role", "status");
  button.addEventListener("click", async () => {
    button.disabled = true;
    result.textContent = await sendNewLink();
    button.disabled = false;
  });
  box.append(button, result);
  form.querySelector('[role="status"]').after(box);
}

async function setUp(form) {
  const status = form.querySelector('[role="status"]');
  try {
    const { data } = await api("GET", form.dataset.api);
    fill(form, data);
    vapidKey = data.vapid_public_key;
  } catch (error) {
    showErrors(form, error);
  }
  form.querySelector(".reminder-fields").disabled = false;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    status.textContent = "";
    try {
      const { data } = await api("PUT", form.dataset.api, { body: read(form) });
      fill(form, data);
      const { text, resend, caveat = false } = said(data);
      status.textContent = text;
      status.classList.toggle("caveat", caveat); // not the green of "all done": something is still to do
      showResend(form, resend);
    } catch (error) {
      showErrors(form, error);
    }
  });
}

// Notifications on this phone.
const STORED_ID = "stride-push-subscription-id";
const pushOn = document.getElementById("push-on");
const pushOff = document.getElementById("push-off");
const pushHint = document.getElementById("push-hint");
const pushStatus = document.getElementById("push-status");
const WORKER_WAIT = 10000; // ms: a service worker that never starts (some private windows) must not hang the page

const apple = () => /iPhone|iPad|iPod/.test(navigator.userAgent) || (navigator.platform === "MacIntel" && navigator.maxTouchPoints > 1);
const BLOCKED = () => gettext(
  "Notifications from Stride are blocked in this browser. To allow them, open this site's settings (the icon beside the address), set Notifications to Allow, then come back here. Reminders by email still work.",
);
const NO_PUSH = () => (apple()
  ? gettext("On an iPhone or iPad, only Stride on the home screen can show notifications. Tap Share, then Add to Home Screen, open Stride from there and turn them on.")
  : gettext("This browser can't show notifications from Stride: a private window can't, and some browsers never do. Open Stride in a normal window to turn them on, or use reminders by email."));

// A problem said in the status line, in the colour of a problem, never a cheerful "try again".
function pushSay(text, problem = false) {
  pushStatus.textContent = text;
  pushStatus.classList.toggle("problem", problem);
}

function keyBytes(base64url) {
  const text = atob(base64url.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (base64url.length % 4)) % 4));
  return Uint8Array.from(text, (char) => char.charCodeAt(0));
}

async function currentSubscription() {
  const timeout = new Promise((resolve) => setTimeout(() => resolve(null), WORKER_WAIT));
  const registration = await Promise.race([navigator.serviceWorker.ready, timeout]);
  if (!registration) throw Object.assign(new Error("no service worker"), { name: "NoWorker" });
  return { registration, subscription: await registration.pushManager.getSubscription() };
}

// Why subscribing failed, in words that say what to do. The browser's DOMException names the reason.
function subscribeProblem(error) {
  if (error?.status === 0) return gettext("You're offline. Turn on notifications when you're back online.");
  if (error?.status) return error.body?.endpoint?.join(" ") ?? error.body?.detail ?? gettext("Stride couldn't take this phone's notifications just now. Reminders by email still work.");
  if (error?.name === "NotAllowedError") return BLOCKED();
  if (error?.name === "NoWorker") {
    return gettext("Stride's helper for notifications isn't running in this browser (a private window may stop it). Reload the page; if this stays, use reminders by email.");
  }
  if (error?.name === "AbortError" || error?.name === "NotSupportedError") {
    return gettext("This browser couldn't reach its notification service. A private window can't get notifications: open Stride in a normal window. Reminders by email still work.");
  }
  return NO_PUSH();
}

// The hint under "Notifications on this phone"; a problem it would repeat from the status line is said once.
function hint(text, problem = false) {
  const repeated = problem && pushStatus.textContent === text;
  pushHint.textContent = repeated ? "" : text;
  pushHint.hidden = repeated;
  pushHint.classList.toggle("problem", problem);
  if (problem) pushOn.hidden = pushOff.hidden = true;
}

async function showPushState() {
  if (!pushOn) return;
  const supported = "serviceWorker" in navigator && "PushManager" in window && "Notification" in window && vapidKey;
  if (!supported) return hint(NO_PUSH(), true);
  if (Notification.permission === "denied") return hint(BLOCKED(), true);
  let subscription = null;
  try {
    ({ subscription } = await currentSubscription());
  } catch (error) {
    return hint(subscribeProblem(error), true);
  }
  hint(subscription
    ? gettext("Notifications are on for this phone. Tick \"A notification on my phone\" above to get them.")
    : gettext("Get your reminder as a notification on this phone."));
  pushOn.hidden = Boolean(subscription);
  pushOff.hidden = !subscription;
}

pushOn?.addEventListener("click", async () => {
  pushSay("");
  try {
    const permission = await Notification.requestPermission();
    if (permission === "denied") {
      pushSay(BLOCKED(), true);
      return showPushState();
    }
    if (permission !== "granted") {
      pushSay(gettext("Okay, no notifications for now. You can still get reminders by email."));
      return showPushState();
    }
    const { registration } = await currentSubscription();
    const subscription = await registration.pushManager.subscribe({
      userVisibleOnly: true,
      applicationServerKey: keyBytes(vapidKey),
    });
    const { data } = await api("POST", "me/push-subscriptions/", { body: subscription.toJSON() });
    localStorage.setItem(STORED_ID, String(data.id));
    pushDevices += 1;
    pushSay(gettext("Notifications are on for this phone."));
  } catch (error) {
    pushSay(subscribeProblem(error), true);
  }
  await showPushState();
});

pushOff?.addEventListener("click", async () => {
  pushSay("");
  try {
    const { subscription } = await currentSubscription();
    const id = localStorage.getItem(STORED_ID);
    if (id) await api("DELETE", `me/push-subscriptions/${id}/`).catch(() => null);
    localStorage.removeItem(STORED_ID);
    await subscription?.unsubscribe();
    pushDevices = Math.max(0, pushDevices - 1);
    pushSay(gettext("Notifications are off for this phone."));
  } catch (error) {
    pushSay(subscribeProblem(error), true);
  }
  await showPushState();
});

const forms = [...document.querySelectorAll(".reminder-form")];
Promise.all(forms.map(setUp)).then(showPushState);
