/**
 * Opening floods on this phone (docs/rules.md §5): from the device's list, a flood link, or the
 * flood document a pool's passed join names. A flood opens as a FloodSession that shares this
 * phone's open member pools, and is adopted like a pool, once per flood at a time.
 */
import type { EventId } from "../core/index.ts";
import type { MemberPoolRef, RawPoolKey } from "../sync/index.ts";
import { docUrlOfId, floodKeysOf, openFlood, openPool } from "../sync/index.ts";
import { type CommandResult, done, explain, failed, unexpected } from "./errors.ts";
import type { FloodHost } from "./floods.ts";
import { openWithTimeout } from "./openWithTimeout.ts";
import type { Services } from "./services.ts";

export type FloodOpener = ReturnType<typeof floodOpener>;

export function floodOpener(host: FloodHost) {
  const opening = new Map<EventId, Promise<CommandResult<EventId>>>();

  /** A `flood.join`'s `floodKey`: every epoch's key of the flood it carries (rules §9). */
  const keyOf = (text: string | undefined) => {
    const keys = text === undefined ? undefined : floodKeysOf(text);
    return keys ? { keys } : {};
  };

  const need = (): Services => {
    const s = host.services();
    if (!s) throw new Error("the app has not started yet");
    return s;
  };

  /** Member pools: the app's own open session when it has one (shared), else a read-only one. */
  const openMember = async (ref: MemberPoolRef) => {
    const mine = host.models().get(ref.genesisId);
    if (mine) return { ok: true as const, value: mine.session, shared: true };
    const s = need();
    return openPool(s.pools.repo, ref, { ...s.deps, device: undefined });
  };

  /** Opens a flood (from the device's list or a link) and adopts it; once per flood at a time. */
  function open(ref: {
    genesisId: EventId;
    docUrl: string;
    keys?: readonly RawPoolKey[];
  }): Promise<CommandResult<EventId>> {
    if (host.models().has(ref.genesisId)) return Promise.resolve(done(ref.genesisId));
    let p = opening.get(ref.genesisId);
    if (!p) {
      p = (async () => {
        try {
          const s = need();
          const run = openFlood(s.pools.repo, ref, { ...s.deps, openMember });
          const opened = await openWithTimeout(run);
          if (opened === "timeout")
            return failed("This phone could not reach the flood. Check the connection and try the link again.");
          if (!opened.ok) return failed(explain(opened));
          if (!opened.value.view().state) {
            opened.value.close();
            return failed("The flood in this link could not be read: its founding event is missing or damaged.");
          }
          host.adopt(opened.value);
          await host.refreshRefs();
          return done(ref.genesisId);
        } catch (error) {
          return unexpected(error);
        } finally {
          opening.delete(ref.genesisId);
        }
      })();
      opening.set(ref.genesisId, p);
    }
    return p;
  }

  /** Opens the flood a pool's passed join names, by its document id and the key the join carries. */
  const openJoined = (floodId: EventId, floodDoc: string, floodKey?: string) =>
    open({ genesisId: floodId, docUrl: docUrlOfId(floodDoc), ...keyOf(floodKey) });

  /** The context to write into a flood (it must be open on this phone). */
  async function floodCtx(floodId: EventId, floodDoc?: string, floodKey?: string) {
    if (!host.models().has(floodId)) {
      if (floodDoc === undefined) return undefined;
      const r = await openJoined(floodId, floodDoc, floodKey);
      if (!r.ok) return r;
    }
    return host.models().get(floodId)?.ctx;
  }

  return { need, openMember, open, openJoined, floodCtx };
}
