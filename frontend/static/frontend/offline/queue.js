// The offline queue: daily entries saved on this phone that the server has not confirmed yet, in IndexedDB.
//
// This is the one place Stride keeps health data in the browser. A record leaves only when the server
// answers 2xx for it (see sync.js), or when the person signs out (wipe). One record per patient and day: a
// later save of the same day replaces the earlier one. Each record:
//   key      "<patient>/<date>"
//   patient, date, user (the account that saved it), page (the day's entry page)
//   method   "PUT" (the whole day; the default) or "PATCH" (only the answers in `body`: ticks of goals, or
//            answers changed offline on a day this phone knows was saved but whose answers it cannot show)
//   body     the entry as the API takes it (for a PATCH, only the fields changed)
//   ticks    for a PATCH, {goal id: true | false}: the ticks made, put again on the server's list after a 412
//   base     the version it was edited from (for If-Match), or null when no version on the server was seen
//   rev      changes on every save, so a late answer for an older save never removes a newer one
//   state    "pending" | "retry" | "signin" | "invalid" | "conflict"
//   attempts, nextTry (ms since 1970), problem (the server's 400 answer), server (its entry on a 412)
//
// Beside it, the versions this phone last knew of each day (store "known", {key, user, version}): a version
// number and nothing of the answers, so that a day saved from this phone and opened offline is edited from the
// version it was saved as, not mistaken for another device's. Wiped with the queue.

const DB_NAME = "stride-offline";
const DB_VERSION = 2; // 2: the "known" store
const STORE = "entries";
const KNOWN = "known";

let opening = null;

function open() {
  opening ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, DB_VERSION);
    request.onupgradeneeded = () => {
      for (const name of [STORE, KNOWN]) {
        if (!request.result.objectStoreNames.contains(name)) request.result.createObjectStore(name, { keyPath: "key" });
      }
    };
    request.onsuccess = () => {
      const db = request.result;
      // Another tab deleting or upgrading the database: let it, and open again next time.
      db.onversionchange = () => {
        db.close();
        opening = null;
      };
      resolve(db);
    };
    request.onerror = () => {
      opening = null;
      reject(request.error);
    };
  });
  return opening;
}

// Runs `work(store)` in one transaction and resolves with its result once the transaction has committed.
async function transaction(mode, work, storeName = STORE) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(storeName, mode);
    let result;
    Promise.resolve(work(tx.objectStore(storeName))).then((value) => (result = value), reject);
    tx.oncomplete = () => resolve(result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error("aborted"));
  });
}

const wrap = (request) =>
  new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });

export const keyOf = (patient, date) => `${patient}/${date}`;
const newRev = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

// Saves (or replaces) the queued entry of one day and returns the stored record.
export function save(fields) {
  const record = {
    state: "pending",
    attempts: 0,
    nextTry: 0,
    problem: null,
    server: null,
    ...fields,
    key: keyOf(fields.patient, fields.date),
    rev: newRev(),
    savedAt: Date.now(),
  };
  return transaction("readwrite", (store) => {
    store.put(record);
    return record;
  });
}

export const get = (key) => transaction("readonly", (store) => wrap(store.get(key)));
export const all = () => transaction("readonly", (store) => wrap(store.getAll()));

// Changes a record, but only if it is still the same save (`rev`): a newer save of the day wins.
export function update(key, rev, changes) {
  return transaction("readwrite", async (store) => {
    const record = await wrap(store.get(key));
    if (!record || record.rev !== rev) return null;
    const changed = { ...record, ...changes };
    store.put(changed);
    return changed;
  });
}

// Removes a record the server confirmed, unless the day was saved again meanwhile.
export function remove(key, rev) {
  return transaction("readwrite", async (store) => {
    const record = await wrap(store.get(key));
    if (!record || record.rev !== rev) return false;
    store.delete(key);
    return true;
  });
}

// Sign-out: every queued entry goes, whoever saved it, and every version known.
export async function clear() {
  await transaction("readwrite", (store) => store.clear());
  await transaction("readwrite", (store) => store.clear(), KNOWN);
}

// The version of a day this phone last knew for `user` (from a page load, a save or a sync), or null.
export async function knownVersion(key, user) {
  const record = await transaction("readonly", (store) => wrap(store.get(key)), KNOWN);
  return record && record.user === user ? record.version : null;
}

// Remembers the day's version as the server answered it; null forgets it (the day was deleted).
export function rememberVersion(key, user, version) {
  return transaction(
    "readwrite",
    (store) => (version === null || version === undefined ? store.delete(key) : store.put({ key, user, version })),
    KNOWN,
  );
}
