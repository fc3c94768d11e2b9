/** Rules §9: the chunk format opened entries are kept in (storage/openedEntries.ts). */
import { expect, test } from "vitest";
import { packOpened, unpackOpened } from "../../../src/sync/storage/openedEntries.ts";

const entries = [
  { key: "1a.k", value: new Uint8Array([1, 2, 3]), plain: new Uint8Array([4, 5]) },
  { key: "1b.k", value: new Uint8Array(300).fill(7), plain: new Uint8Array(0) },
];

test("rules §9: a chunk of opened entries unpacks to the same keys and bytes", () => {
  expect(unpackOpened(packOpened(entries))).toEqual(entries);
  expect(unpackOpened(packOpened([]))).toEqual([]);
});

test("rules §9: a chunk whose bytes do not add up gives no entries at all", () => {
  const chunk = packOpened(entries);
  expect(unpackOpened({ keys: chunk.keys, bytes: chunk.bytes.subarray(0, chunk.bytes.length - 1) })).toEqual([]);
  expect(unpackOpened({ keys: [...chunk.keys, "1c.k"], bytes: chunk.bytes })).toEqual([]);
  expect(unpackOpened({ keys: chunk.keys.slice(1), bytes: chunk.bytes })).toEqual([]);
});
