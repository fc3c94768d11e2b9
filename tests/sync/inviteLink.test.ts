import { generateAutomergeUrl, parseAutomergeUrl } from "@automerge/automerge-repo";
import { describe, expect, test } from "vitest";
import { toBase64url } from "../../src/core/index.ts";
import { sha256 } from "../../src/crypto/index.ts";
import { decodeInviteLink, docUrlOfInvite, encodeInviteLink } from "../../src/sync/inviteLink.ts";

const docId = parseAutomergeUrl(generateAutomergeUrl()).documentId;
const genesisId = toBase64url(sha256(new TextEncoder().encode("genesis")));
const secret = sha256(new TextEncoder().encode("invite secret"));

describe("invite links", () => {
  test("a link round-trips, with the secret only in the fragment", () => {
    const link = encodeInviteLink("https://pools.example/", { docId, genesisId, secret });
    expect(link).toBe(`https://pools.example/#/join?doc=${docId}&g=${genesisId}&k=${toBase64url(secret)}`);
    const url = new URL(link);
    expect(url.search).toBe("");
    expect(url.pathname).toBe("/");
    expect(url.hash).toContain(toBase64url(secret));
    expect(decodeInviteLink(link)).toEqual({ ok: true, value: { docId, genesisId, secret } });
    expect(docUrlOfInvite({ docId, genesisId, secret })).toBe(`automerge:${docId}`);
  });

  test("the fragment alone (as a router sees it) and surrounding spaces are accepted", () => {
    const link = encodeInviteLink("http://localhost:3030", { docId, genesisId, secret });
    expect(decodeInviteLink(link.slice(link.indexOf("#")))).toMatchObject({ ok: true });
    expect(decodeInviteLink(`  ${link}\n`)).toMatchObject({ ok: true });
  });

  const good = `https://pools.example/#/join?doc=${docId}&g=${genesisId}&k=${toBase64url(secret)}`;
  test.each([
    ["an empty string", "", "link-malformed"],
    ["a link with no fragment", "https://pools.example/join", "link-malformed"],
    ["another route", good.replace("#/join", "#/pool"), "link-malformed"],
    [
      "the secret in the query instead of the fragment",
      `https://pools.example/?k=${toBase64url(secret)}#/join?doc=${docId}&g=${genesisId}`,
      "link-bad-secret",
    ],
    ["a missing document id", good.replace(`doc=${docId}&`, ""), "link-bad-doc"],
    [
      "a document id with characters outside base58",
      good.replace(`doc=${docId}`, "doc=0OIl0OIl0OIl0OIl0OIl"),
      "link-bad-doc",
    ],
    ["a short genesis id", good.replace(`g=${genesisId}`, "g=abc"), "link-bad-genesis"],
    ["a padded genesis id", good.replace(`g=${genesisId}`, `g=${genesisId}=`), "link-bad-genesis"],
    ["a missing secret", good.replace(`&k=${toBase64url(secret)}`, ""), "link-bad-secret"],
    [
      "a secret of the wrong length",
      good.replace(`k=${toBase64url(secret)}`, `k=${toBase64url(secret.subarray(0, 16))}`),
      "link-bad-secret",
    ],
    ["a repeated parameter", `${good}&g=${genesisId}`, "link-malformed"],
    ["something far too long", `${good}&x=${"a".repeat(5000)}`, "link-malformed"],
  ])("%s is refused", (_what, link, reason) => {
    expect(decodeInviteLink(link)).toMatchObject({ ok: false, reason });
  });
});

describe("rules §9: the pool key rides in the fragment", () => {
  const poolKey = { epoch: 3, raw: sha256(new TextEncoder().encode("pool key")) };

  test("an invite link with the pool key round-trips, and the key is never in the part sent to a server", () => {
    const link = encodeInviteLink("https://pools.example/", { docId, genesisId, secret, poolKey });
    const url = new URL(link);
    expect(`${url.origin}${url.pathname}${url.search}`).not.toContain(toBase64url(poolKey.raw));
    expect(url.hash).toContain(`p=${toBase64url(poolKey.raw)}&e=3`);
    expect(decodeInviteLink(link)).toEqual({
      ok: true,
      value: { docId, genesisId, secret, poolKey, poolKeys: [poolKey] },
    });
  });

  test("rules §9: after a rotation the link carries every epoch's key, oldest first, still only in the fragment", () => {
    const older = { epoch: 0, raw: new Uint8Array(32).fill(7) };
    const link = encodeInviteLink("https://pools.example/", { docId, genesisId, secret, poolKeys: [poolKey, older] });
    const url = new URL(link);
    expect(`${url.origin}${url.pathname}${url.search}`).not.toContain(toBase64url(older.raw));
    expect(decodeInviteLink(link)).toEqual({
      ok: true,
      value: { docId, genesisId, secret, poolKey, poolKeys: [older, poolKey] },
    });
  });

  test("rules §9: a pool rotated 120 times still makes a link under 2,048 characters that opens: epoch 0 and the newest 29", () => {
    const many = Array.from({ length: 120 }, (_, epoch) => ({ epoch, raw: new Uint8Array(32).fill(epoch) }));
    const link = encodeInviteLink(`https://${"a".repeat(60)}.example/`, { docId, genesisId, secret, poolKeys: many });
    expect(link.length).toBeLessThan(2048);
    const decoded = decodeInviteLink(link);
    if (!decoded.ok) throw new Error(decoded.reason);
    expect(decoded.value.poolKeys?.map((k) => k.epoch)).toEqual([0, ...Array.from({ length: 29 }, (_, i) => 91 + i)]);
  });

  test.each([
    ["a short key", `&p=${toBase64url(new Uint8Array(16))}`],
    ["a bad epoch", `&p=${toBase64url(poolKey.raw)}&e=-1`],
    ["two keys", `&p=${toBase64url(poolKey.raw)}&p=${toBase64url(poolKey.raw)}`],
    ["a key list with a repeated epoch", `&p=0.${toBase64url(poolKey.raw)},0.${toBase64url(poolKey.raw)}`],
    ["a key list beside an epoch", `&p=0.${toBase64url(poolKey.raw)},1.${toBase64url(poolKey.raw)}&e=1`],
  ])("%s is refused", (_what, tail) => {
    const link = encodeInviteLink("https://pools.example/", { docId, genesisId, secret });
    expect(decodeInviteLink(`${link}${tail}`)).toMatchObject({ ok: false });
  });
});
