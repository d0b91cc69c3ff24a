import { api, clearErrors, showErrors } from "./api.js";
import { formatDate, gettext, interpolate } from "./i18n.js";

// Settings, Reminders: one form per diary (the teen's own; a parent's for each child they keep), and turning
// notifications on or off for this phone (a Web Push subscription through the service worker).
// ISO weekday 1 (Monday) ... 7, named in the page's language: 1 January 2024 was a Monday.
const dayName = (day) => formatDate(`2024-01-0${day}`, "shortWeekdayName");
let vapidKey = null;

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

function said(data) {
  if (!data.enabled) return gettext("Saved. Reminders are off.");
  const time = data.time; // 24-hour, as the time field shows it
  if (data.days.length === 7) return interpolate(gettext("Saved. We'll remind you at %(time)s, every day."), { time });
  const days = data.days.map(dayName).join(", ");
  return interpolate(gettext("Saved. We'll remind you at %(time)s, on %(days)s."), { time, days });
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
      status.textContent = said(data);
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

function keyBytes(base64url) {
  const text = atob(base64url.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (base64url.length % 4)) % 4));
  return Uint8Array.from(text, (char) => char.charCodeAt(0));
}

async function currentSubscription() {
  const registration = await navigator.serviceWorker.ready;
  return { registration, subscription: await registration.pushManager.getSubscription() };
}

async function showPushState() {
  if (!pushOn) return;
  const supported = "serviceWorker" in navigator && "PushManager" in window && "Notification" in window && vapidKey;
  if (!supported) {
    pushHint.textContent = gettext("This browser can't show notifications from Stride. On an iPhone, add Stride to your home screen first, then open it from there.");
    return;
  }
  if (Notification.permission === "denied") {
    pushHint.textContent = gettext("Notifications from Stride are blocked on this phone. You can allow them in your browser's settings.");
    pushOn.hidden = pushOff.hidden = true;
    return;
  }
  const { subscription } = await currentSubscription();
  pushHint.textContent = subscription
    ? gettext("Notifications are on for this phone. Tick \"A notification on my phone\" above to get them.")
    : gettext("Get your reminder as a notification on this phone.");
  pushOn.hidden = Boolean(subscription);
  pushOff.hidden = !subscription;
}

pushOn?.addEventListener("click", async () => {
  pushStatus.textContent = "";
  try {
    if ((await Notification.requestPermission()) !== "granted") {
      pushStatus.textContent = gettext("Okay, no notifications. You can still get reminders by email.");
      return showPushState();
    }
    const { registration } = await currentSubscription();
    const subscription = await registration.pushManager.subscribe({
      userVisibleOnly: true,
      applicationServerKey: keyBytes(vapidKey),
    });
    const { data } = await api("POST", "me/push-subscriptions/", { body: subscription.toJSON() });
    localStorage.setItem(STORED_ID, String(data.id));
    pushStatus.textContent = gettext("Notifications are on for this phone.");
  } catch (error) {
    pushStatus.textContent = error.body?.endpoint?.join(" ") ?? error.body?.detail ?? gettext("We couldn't turn on notifications. Please try again.");
  }
  await showPushState();
});

pushOff?.addEventListener("click", async () => {
  pushStatus.textContent = "";
  const { subscription } = await currentSubscription();
  const id = localStorage.getItem(STORED_ID);
  if (id) await api("DELETE", `me/push-subscriptions/${id}/`).catch(() => null);
  localStorage.removeItem(STORED_ID);
  await subscription?.unsubscribe();
  pushStatus.textContent = gettext("Notifications are off for this phone.");
  await showPushState();
});

const forms = [...document.querySelectorAll(".reminder-form")];
Promise.all(forms.map(setUp)).then(showPushState);
