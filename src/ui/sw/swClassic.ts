/**
 * The service worker for browsers that cannot run a module worker (Firefox before 147): a classic
 * script, offline and updates only (servePrecache.ts). It carries no sync engine, so it cannot
 * remind on a push; the app offers no reminders while it is the active worker
 * (state/reminders/pushReminders.ts), as rules §11.4 allows where a browser cannot.
 */
import { type PrecacheEntry, type PrecacheScope, servePrecache } from "./servePrecache.ts";

const scope = self as unknown as PrecacheScope;
// Written as `self.__WB_MANIFEST`: the build replaces exactly that text with the list of files.
const entries = (self as unknown as { __WB_MANIFEST: PrecacheEntry[] }).__WB_MANIFEST;
servePrecache(scope, entries);
