// Loaded by every page (base.html): registers the service worker and keeps the offline queue moving.
import { render, syncNow } from "./sync.js";

const box = document.getElementById("sync-status");
const signedIn = Boolean(box?.dataset.user);

async function registerWorker() {
  if (!("serviceWorker" in navigator)) return;
  try {
    const registration = await navigator.serviceWorker.register("/sw.js", { scope: "/", updateViaCache: "none" });
    const worker = registration.active ?? (await navigator.serviceWorker.ready).active;
    if (!navigator.serviceWorker.controller) worker?.postMessage({ type: "claim" });
    if (signedIn && box.dataset.role === "teen") {
      // The teen's page shells, kept for offline use if the worker doesn't have them yet (it skips redirects).
      worker?.postMessage({ type: "cache-pages", urls: ["/today/", "/history/", "/trends/", "/offline/"] });
    }
  } catch {
    // No service worker (a private window, an old browser): everything but offline use still works.
  }
}

async function forgetPagesOfEndedSession() {
  // Signed out (or the session ended): kept pages belonged to that session, so they go. Queued entries stay
  // until their account signs in again and sends them.
  if (!window.caches) return;
  const names = await caches.keys();
  await Promise.all(names.filter((name) => name.startsWith("stride-pages-")).map((name) => caches.delete(name)));
}

if (signedIn) {
  window.addEventListener("online", () => syncNow({ force: true }));
  window.addEventListener("offline", () => render());
  syncNow({ force: true });
} else {
  forgetPagesOfEndedSession().catch(() => null);
  render();
}
// After the page has loaded, so the worker's downloads never compete with the page's own.
if (document.readyState === "complete") registerWorker();
else window.addEventListener("load", registerWorker, { once: true });
