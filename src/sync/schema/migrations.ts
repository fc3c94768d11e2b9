/**
 * Numbered migrations of the pool document. Each one upgrades a document from `from` to
 * `from + 1` in place, inside an Automerge change. Several devices may run the same migration
 * concurrently, so every step must be idempotent and write the same values wherever it runs:
 * concurrent identical writes merge into harmless conflicts that `readEvents` reads through.
 * Any change to stored data adds a step here and a test that upgrades an old document.
 */

import { isMap } from "./docValues.ts";
import { entryKey } from "./entryKey.ts";
import { POOL_SCHEMA_VERSION, packEntry, SIGNATURE_BYTES } from "./poolDoc.ts";
import { schemaVersionOf } from "./validatePoolDoc.ts";

/** A mutable document inside `change()`; old layouts have no type of their own. */
type MutableDoc = Record<string, unknown>;

export interface Migration {
  from: number;
  describe: string;
  up(doc: MutableDoc): void;
}

/** The `at` inside an event's body bytes, if they are JSON with a safe integer there. */
function timeOf(bytes: Uint8Array): number | undefined {
  try {
    const body: unknown = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
    const at = isMap(body) ? body.at : undefined;
    return typeof at === "number" && Number.isSafeInteger(at) && at >= 0 ? at : undefined;
  } catch {
    return undefined;
  }
}

export const MIGRATIONS: readonly Migration[] = [
  {
    from: 0,
    describe:
      "v0 → v1: draft entries { b, s } under the event id become one value, signature ‖ body, under time.id; the document gets a schemaVersion",
    up(doc) {
      const events = doc.events;
      if (isMap(events)) {
        for (const key of Object.keys(events)) {
          const entry = events[key];
          // Entries that are not well-formed v0 entries are left as they are: readEvents refuses them.
          if (!isMap(entry) || !(entry.b instanceof Uint8Array) || !(entry.s instanceof Uint8Array)) continue;
          if (entry.s.length !== SIGNATURE_BYTES) continue;
          const at = timeOf(entry.b);
          if (at === undefined) continue;
          events[entryKey(key, at)] = packEntry({ bytes: entry.b, sig: entry.s });
          delete events[key];
        }
      } else {
        doc.events = {};
      }
      doc.schemaVersion = 1;
    },
  },
  {
    from: 1,
    describe:
      "v1 → v2: the document may say its entries are sealed (`encryption`); a v1 pool stays plaintext until a member re-writes it encrypted in a new document (encryption/encryptPool.ts)",
    up(doc) {
      doc.schemaVersion = 2;
    },
  },
];

/** The steps that bring a document at `version` to the current schema, in order. */
export function migrationsFrom(version: number): Migration[] {
  const steps: Migration[] = [];
  for (let v = version; v < POOL_SCHEMA_VERSION; v++) {
    const step = MIGRATIONS.find((m) => m.from === v);
    if (step === undefined) throw new Error(`no pool document migration from version ${v}`);
    steps.push(step);
  }
  return steps;
}

/** Upgrades a mutable document (call inside `change`). Returns the versions it went through. */
export function migratePoolDoc(doc: MutableDoc): number[] {
  const version = schemaVersionOf(doc);
  if (version === undefined || version >= POOL_SCHEMA_VERSION) return [];
  const steps = migrationsFrom(version);
  for (const step of steps) step.up(doc);
  return steps.map((s) => s.from);
}
