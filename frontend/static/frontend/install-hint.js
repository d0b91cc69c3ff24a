// A small hint on Today, on a phone where Stride is not installed: how to add it to the home screen (an iPhone sends
// web push only to an installed app). Once dismissed it never shows again on this browser; the dismissal is kept
// in localStorage, and is not health data. Where the browser offers its own install prompt, a button opens it.
const KEY = "stride:install-hint-dismissed";
const box = document.getElementById("install-hint");

function dismissed() {
  try {
    return localStorage.getItem(KEY) === "yes";
  } catch {
    return false; // storage blocked: the hint shows, and hiding it lasts for this page
  }
}

const installed = () => matchMedia("(display-mode: standalone)").matches || navigator.standalone === true;
const apple = () => /iPhone|iPad|iPod/.test(navigator.userAgent) || (navigator.platform === "MacIntel" && navigator.maxTouchPoints > 1);
const phone = () => apple() || /Android|Mobile/.test(navigator.userAgent) || matchMedia("(pointer: coarse)").matches;

if (box && phone() && !installed() && !dismissed()) {
  document.getElementById(apple() ? "install-ios" : "install-other").hidden = false;
  box.hidden = false;
  const button = document.getElementById("install-button");
  let offer = null;
  window.addEventListener("beforeinstallprompt", (event) => {
    event.preventDefault();
    offer = event;
    button.hidden = false;
  });
  button.addEventListener("click", async () => {
    if (!offer) return;
    offer.prompt();
    const { outcome } = await offer.userChoice;
    offer = null;
    button.hidden = true;
    if (outcome === "accepted") box.hidden = true;
  });
  window.addEventListener("appinstalled", () => (box.hidden = true));
  document.getElementById("install-dismiss").addEventListener("click", () => {
    try {
      localStorage.setItem(KEY, "yes");
    } catch {
      // nothing to keep it in: hidden for this page only
    }
    box.hidden = true;
    document.getElementById("save-button")?.focus();
  });
}
