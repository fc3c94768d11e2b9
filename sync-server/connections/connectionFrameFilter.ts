/**
 * What happens to each whole message of one connection before any listener sees it: the frame
 * guard's verdict (frameGuard.ts) turned into accept, drop (logged, counted) or refuse (1003,
 * 1007, 1008, 1009; 1011 if the guard itself throws), and the join recorded.
 */
import type { DocumentId } from "@automerge/automerge-repo";
import { type RawData, WebSocket } from "ws";
import { checkFrame } from "../frameGuard";
import type { FrameFilter } from "../guardedSocket";
import { CloseCode } from "../limits";
import type { Logger } from "../log";
import type { RefusalCounter } from "../traffic/refusals";
import type { Connection } from "./connection";
import type { InFlightBudget } from "./inFlightBudget";
import { byteLength } from "./rawData";

export interface FrameFilterContext {
  maxPreJoinFrameBytes: number;
  log: Logger;
  refusals: RefusalCounter;
  inFlight: InFlightBudget;
  relayPeerId: string;
  /** `c.peer.joinedAs` was just set by its first `join`. */
  joined(c: Connection): void;
  /** A `sync` or `request` for `documentId`: whether to deliver it now (documentGate.ts). */
  openDocument(c: Connection, type: string, documentId: DocumentId, data: RawData, isBinary: boolean): boolean;
}

export function connectionFrameFilter(c: Connection, ctx: FrameFilterContext): FrameFilter {
  const { socket, peer, conn, remote } = c;
  const { log, refusals } = ctx;
  return (data, isBinary) => {
    const now = Date.now();
    ctx.inFlight.settle(c.meter.message(now));
    if (socket.readyState !== WebSocket.OPEN) return false;
    let verdict: ReturnType<typeof checkFrame>;
    try {
      verdict = checkFrame(data, isBinary, peer, ctx.maxPreJoinFrameBytes);
    } catch (err) {
      // A bug in the guard itself: say so loudly, drop this connection, keep the relay up.
      log.error("guard.failed", { conn, remote, error: err, stack: (err as Error)?.stack });
      c.refuse("frame.refused", "bad-frame", CloseCode.internalError, "internal error");
      return false;
    }
    switch (verdict.kind) {
      case "accept":
        if (verdict.join?.senderId === ctx.relayPeerId) {
          c.refuse("frame.refused", "bad-frame", CloseCode.policyViolation, "join as the relay itself");
          return false;
        }
        c.lastActivity = now;
        if (verdict.join && peer.joinedAs === undefined) {
          peer.joinedAs = verdict.join.senderId;
          ctx.joined(c);
        }
        if (verdict.documentId === undefined) return true;
        if (verdict.type === "request" || verdict.type === "sync") {
          return ctx.openDocument(c, verdict.type, verdict.documentId, data, isBinary);
        }
        return true;
      case "ignore":
        refusals.count(verdict.type === "ephemeral" ? "ephemeral-dropped" : "unknown-type-dropped");
        // The first one per connection at info; the rest only at debug, so a chatty peer cannot flood the log.
        (c.ignored++ === 0 ? log.info : log.debug)("frame.ignored", {
          conn,
          remote,
          peer: peer.joinedAs,
          type: verdict.type,
          reason: verdict.reason,
        });
        return false;
      case "refuse":
        c.refuse("frame.refused", "bad-frame", verdict.code, verdict.reason, { bytes: byteLength(data) });
        return false;
    }
  };
}
