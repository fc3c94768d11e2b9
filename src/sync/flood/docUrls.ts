/**
 * Flood events name documents by id (`flood.join` and `flood.pool-joined` carry `<id>`), while a
 * repo opens a document by its automerge URL (`automerge:<id>`): these convert between the two.
 */

/** The document id in an automerge URL (`automerge:<id>` → `<id>`): what `flood.join` and `flood.pool-joined` carry. */
export function docIdOfUrl(docUrl: string): string {
  return docUrl.replace(/^automerge:/, "");
}

/** The automerge URL of a document id; an id that is already a URL is left as it is. */
export function docUrlOfId(docId: string): string {
  return docId.startsWith("automerge:") ? docId : `automerge:${docId}`;
}
