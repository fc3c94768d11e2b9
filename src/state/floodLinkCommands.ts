/**
 * Flood links (docs/rules.md §5): the link another pool pastes to propose joining a flood, and
 * opening a flood from one. The flood's key travels in the link's fragment (rules §9).
 */
import { createSignal } from "solid-js";
import type { EventId } from "../core/index.ts";
import type { FloodSession, RawPoolKey } from "../sync/index.ts";
import { decodeFloodLink, docIdOfUrl, docUrlOfId, encodeFloodLink, syncReasonText } from "../sync/index.ts";
import { type CommandResult, failed } from "./errors.ts";
import type { FloodOpener } from "./floodOpener.ts";
import type { FloodHost } from "./floods.ts";

export function floodLinkCommands(host: FloodHost, opener: FloodOpener) {
  /** Flood keys read from the store, for links (reactive: the link shows once its key is read). */
  const [floodKeys, setFloodKeys] = createSignal(new Map<EventId, RawPoolKey[]>());

  return {
    /**
     * The link another pool pastes to propose joining: the document, the genesis and the flood's
     * key in the fragment (rules §9). Undefined until the key is read from this device's store.
     */
    linkOf(floodId: EventId): string | undefined {
      const model = host.models().get(floodId);
      if (!model) return undefined;
      const key = floodKeys().get(floodId);
      if (model.session.encrypted && key === undefined) {
        void (model.session as FloodSession).floodKeysForLink().then((k) => {
          if (k) setFloodKeys(new Map(floodKeys()).set(floodId, k));
        });
        return undefined;
      }
      return encodeFloodLink(host.base(), {
        docId: docIdOfUrl(model.docUrl),
        genesisId: floodId,
        ...(key ? { keys: key } : {}),
      });
    },

    /** Reads a flood link; opens the flood on this phone and remembers it. */
    async openLink(link: string): Promise<CommandResult<EventId>> {
      const decoded = decodeFloodLink(link);
      if (!decoded.ok) return failed(syncReasonText(decoded.reason));
      return opener.open({
        genesisId: decoded.value.genesisId,
        docUrl: docUrlOfId(decoded.value.docId),
        ...(decoded.value.keys ? { keys: decoded.value.keys } : {}),
      });
    },
  };
}
