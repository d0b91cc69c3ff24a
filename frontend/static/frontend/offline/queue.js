// The offline queue: daily entries saved on this phone that the server has not confirmed yet, in IndexedDB.
//
// This is the one place Stride keeps health data in the browser. A record leaves only when the server
// answers 2xx for it (see sync.js), or when the person signs out (wipe). One record per patient and day: a
// later save of the same day replaces the earlier one. Each record:
//   key      "<patient>/<date>"
//   patient, date, user (the account that saved it), page (the day's entry page)
//   body     the entry as the API takes it
//   base     the version it was edited from (for If-Match), or null when no version on the server was seen
//   rev      changes on every save, so a late answer for an older save never removes a newer one
//   state    "pending" | "retry" | "signin" | "invalid" | "conflict"
//   attempts, nextTry (ms since 1970), problem (the server's 400 answer), server (its entry on a 412)

const DB_NAME = "stride-offline";
const STORE = "entries";

let opening = null;

function open() {
  opening ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "key" });
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
async function transaction(mode, work) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    let result;
    Promise.resolve(work(tx.objectStore(STORE))).then((value) => (result = value), reject);
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

// Sign-out: every queued entry goes, whoever saved it.
export const clear = () => transaction("readwrite", (store) => store.clear());
