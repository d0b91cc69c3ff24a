// Stride's service worker, served at /sw.js by frontend.pwa.service_worker, which fills in CONFIG.
// Static files: cache first. Pages: network first, the kept shell when offline. The API: never touched, so
// health data is never cached. A page is kept only when its view marked it as a shell without health data.
const CONFIG = {{ config }};
const STATIC_CACHE = `stride-static-${CONFIG.version}`;
const PAGES_CACHE = `stride-pages-${CONFIG.version}`;
const ENTRY_PAGE = /^((?:\/patients\/\d+)?)\/entries\/\d{4}-\d{2}-\d{2}\/$/;

const isShell = (response) =>
  response.status === 200 && !response.redirected && response.type === "basic"
  && response.headers.get(CONFIG.shellHeader) === "shell";
const pageKey = (url) => new URL(url, self.location.origin).pathname;

// Every response is either kept (cache.put reads its body) or has its body cancelled: a body nobody reads
// holds one of the browser's six connections to the site until the worker stops, and once six are held
// every later request waits, the worker's own included, so it would never finish installing.
const discard = (response) => response.body?.cancel().catch(() => null);

async function precacheStatic() {
  const cache = await caches.open(STATIC_CACHE);
  await Promise.all(CONFIG.precache.map(async (url) => {
    // A hashed name always has the same content, so an older worker's copy will do.
    const kept = CONFIG.immutable ? await caches.match(url) : undefined;
    const response = kept ?? await fetch(url, { cache: "reload" });
    if (!response.ok) {
      await discard(response);
      throw new Error(`${url} answered ${response.status}`);
    }
    await cache.put(url, response);
  }));
}

// Keeps the page shells that are missing (or all of them, `again`); a page that needs a sign-in (a redirect) is
// simply not kept.
async function cachePages(urls, { again = false } = {}) {
  const cache = await caches.open(PAGES_CACHE);
  await Promise.all(urls.map(async (url) => {
    if (!again && await cache.match(pageKey(url))) return;
    try {
      const response = await fetch(url, { credentials: "same-origin" });
      if (isShell(response)) await cache.put(pageKey(url), response);
      else await discard(response);
    } catch {
      // Offline or the server is down: the page is kept the next time it is opened.
    }
  }));
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    await precacheStatic();
    await cachePages([...CONFIG.pages, CONFIG.offline]);
    // A new version takes over at once: its files replace the old ones together, and `activate` cleans up.
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const current = new Set([STATIC_CACHE, PAGES_CACHE]);
    const names = await caches.keys();
    await Promise.all(names.filter((name) => name.startsWith("stride-") && !current.has(name)).map((name) => caches.delete(name)));
    await self.clients.claim();
  })());
});

self.addEventListener("message", (event) => {
  // A page whose navigation was still under way when this worker activated is missed by `activate`'s
  // claim (Chromium), and would stay uncontrolled, so without offline use, until reloaded: it asks again.
  if (event.data?.type === "claim") event.waitUntil(self.clients.claim());
  if (event.data?.type === "cache-pages" && Array.isArray(event.data.urls)) {
    event.waitUntil(cachePages(event.data.urls.filter((url) => typeof url === "string" && url.startsWith("/"))));
  }
});

async function fromCacheFirst(request) {
  const cache = await caches.open(STATIC_CACHE);
  const kept = await cache.match(request, { ignoreSearch: true });
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok && response.type === "basic") await cache.put(request, response.clone());
  return response;
}

// The worker's own words, in the language of the pages it keeps, else the browser's.
async function ownWords() {
  let language = self.navigator.language;
  const cache = await caches.open(PAGES_CACHE);
  const [first] = await cache.keys();
  const kept = first && (await cache.match(first))?.headers.get("Content-Language");
  if (kept) language = kept;
  const code = String(language || "").toLowerCase().split("-")[0];
  return CONFIG.words[code] ?? CONFIG.words[CONFIG.defaultLanguage];
}

async function offlineFallback(url) {
  const cache = await caches.open(PAGES_CACHE);
  const kept = await cache.match(url.pathname);
  if (kept) return kept;
  // A day not opened before: the Today shell of the same diary, which takes its date from the address.
  const day = url.pathname.match(ENTRY_PAGE);
  const shell = (day && await cache.match(`${day[1]}/today/`)) || await cache.match(CONFIG.offline);
  if (shell) return shell;
  return new Response((await ownWords()).offline, {
    status: 503,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}

// A kept page speaks the language it was kept in (its Content-Language). When a page comes from the server in
// another one (the person changed it in Settings, here or on another device), the kept pages are fetched again,
// so a page opened offline never stays in the old language.
async function refreshOtherLanguages(response) {
  const language = response.headers.get("Content-Language");
  if (!language || !response.ok || response.type !== "basic") return;
  const cache = await caches.open(PAGES_CACHE);
  const stale = [];
  for (const request of await cache.keys()) {
    const kept = await cache.match(request);
    if (kept && kept.headers.get("Content-Language") !== language) stale.push(pageKey(request.url));
  }
  if (stale.length) await cachePages(stale, { again: true });
}

async function networkFirst(event) {
  const { request } = event;
  const url = new URL(request.url);
  try {
    const response = await fetch(request);
    if (isShell(response)) {
      const cache = await caches.open(PAGES_CACHE);
      await cache.put(url.pathname, response.clone());
    }
    event.waitUntil(refreshOtherLanguages(response));
    return response;
  } catch {
    return offlineFallback(url);
  }
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith("/api/")) return;
  if (url.pathname.startsWith(CONFIG.static)) event.respondWith(fromCacheFirst(request));
  else if (request.mode === "navigate") event.respondWith(networkFirst(event));
});

// Daily reminders (Web Push, sent by the worker): the payload is {title, body, url, tag}. A reminder opens Today
// (a path of this site only), in a Stride window that is already open when there is one.
const sameSitePath = (value) => (typeof value === "string" && /^\/(?!\/)/.test(value) ? value : "/today/");

self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = {};
  }
  event.waitUntil(ownWords().then((words) => self.registration.showNotification(
    typeof data.title === "string" ? data.title : "Stride",
    {
      body: typeof data.body === "string" ? data.body : words.reminder,
      icon: CONFIG.icon,
      badge: CONFIG.icon,
      tag: typeof data.tag === "string" ? data.tag : "stride-reminder",
      data: { url: sameSitePath(data.url) },
    },
  )));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = new URL(sameSitePath(event.notification.data?.url), self.location.origin).href;
  event.waitUntil((async () => {
    const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
    const open = windows.find((client) => new URL(client.url).origin === self.location.origin);
    if (open) {
      await open.focus();
      return open.navigate(url).catch(() => self.clients.openWindow(url));
    }
    return self.clients.openWindow(url);
  })());
});
