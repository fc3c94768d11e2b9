/**
 * The app's service worker, a module worker: offline from the precache (servePrecache.ts), and
 * reminders (rules §11.4): on a push from the relay it syncs, derives and notifies (reminders.ts).
 *
 * It is built with the app, not beside it: its imports are the app's own hashed chunks (sync,
 * Automerge's JavaScript, the core), so the phone downloads and stores that code once instead of
 * a second copy inside the worker. A module worker imports statically only (no `import()`), so the
 * build keeps every chunk it imports free of screens and of anything that needs a page
 * (vite.config.ts, swChunks.ts). Browsers that cannot run a module worker get swClassic.ts.
 */
import { listenForReminders, type ReminderScope } from "./reminders.ts";
import { type PrecacheEntry, type PrecacheScope, servePrecache } from "./servePrecache.ts";

const scope = self as unknown as PrecacheScope & ReminderScope;
// Written as `self.__WB_MANIFEST`: the build replaces exactly that text with the list of files.
const entries = (self as unknown as { __WB_MANIFEST: PrecacheEntry[] }).__WB_MANIFEST;
const precache = servePrecache(scope, entries);
listenForReminders(scope, () => precache.automergeWasm());
