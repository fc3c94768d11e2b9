/**
 * Searches what a relay holds for plaintext (rules §9): every byte of every file under its data
 * directory, and every document in its memory with its whole history (each change's operations,
 * decoded), since a value that was once plaintext stays in Automerge's history.
 */
import fs from "node:fs";
import path from "node:path";
import * as A from "@automerge/automerge";
import type { Repo } from "@automerge/automerge-repo";

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? filesUnder(p) : d.isFile() ? [p] : [];
  });
}

/** Every value of a decoded change, bytes as raw bytes, strings as UTF-8. */
function changeBytes(change: A.DecodedChange): Buffer[] {
  const out: Buffer[] = [];
  for (const op of change.ops) {
    out.push(Buffer.from(String(op.key ?? "")));
    const v = (op as { value?: unknown }).value;
    if (v instanceof Uint8Array) out.push(Buffer.from(v));
    else if (Array.isArray(v)) out.push(Buffer.from(v as number[]));
    else if (v !== undefined && v !== null) out.push(Buffer.from(String(v)));
  }
  return out;
}

export function historyOf(doc: A.Doc<unknown>): Buffer {
  return Buffer.concat(A.getAllChanges(doc).flatMap((c) => changeBytes(A.decodeChange(c))));
}

/**
 * The haystacks: each file's raw bytes; each file that is an Automerge chunk (Automerge deflates
 * columns, so raw bytes alone could hide plaintext), loaded and its history decoded; and each
 * in-memory document's history.
 */
export function relayHaystacks(dataDir: string | undefined, repo: Repo): { name: string; bytes: Buffer }[] {
  const out: { name: string; bytes: Buffer }[] = [];
  if (dataDir !== undefined && fs.existsSync(dataDir))
    for (const f of filesUnder(dataDir)) {
      const bytes = fs.readFileSync(f);
      out.push({ name: f, bytes });
      let doc: A.Doc<unknown> | undefined;
      try {
        doc = A.loadIncremental(A.init(), new Uint8Array(bytes));
      } catch {
        doc = undefined; // not an Automerge chunk (a sync state, a quota file): its raw bytes were searched
      }
      if (doc !== undefined) out.push({ name: `${f} (decoded)`, bytes: historyOf(doc) });
    }
  for (const [id, handle] of Object.entries(repo.handles)) {
    if (handle.isReady()) out.push({ name: `memory:${id}`, bytes: historyOf(handle.doc()) });
  }
  return out;
}

/** Which needles occur in which haystacks. */
export function findPlaintext(haystacks: { name: string; bytes: Buffer }[], needles: string[]): string[] {
  const found: string[] = [];
  for (const n of needles) {
    const b = Buffer.from(n);
    for (const h of haystacks) if (h.bytes.includes(b)) found.push(`${JSON.stringify(n)} in ${h.name}`);
  }
  return found;
}
