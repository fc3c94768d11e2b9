/**
 * A `ws` WebSocket whose incoming messages pass a filter before any listener sees them.
 *
 * The relay's `WebSocketServer` is built with `{ WebSocket: GuardedWebSocket }` (a documented ws
 * option), so the stock automerge-repo adapter, which listens for "message" on each socket, only
 * ever receives frames the filter let through. Until the relay installs a filter, nothing passes.
 */
import { type RawData, WebSocket } from "ws";

/** Returns true to deliver the frame to listeners, false to drop it (the filter closes the socket). */
export type FrameFilter = (data: RawData, isBinary: boolean) => boolean;

const denyAll: FrameFilter = () => false;

export class GuardedWebSocket extends WebSocket {
  frameFilter: FrameFilter = denyAll;

  // biome-ignore lint/suspicious/noExplicitAny: matches EventEmitter.emit
  override emit(event: string | symbol, ...args: any[]): boolean {
    if (event === "message" && !this.frameFilter(args[0] as RawData, args[1] === true)) return false;
    return super.emit(event, ...args);
  }

  /** Hands a frame the filter held back (e.g. for a storage lookup) to the listeners. */
  deliver(data: RawData, isBinary: boolean): void {
    super.emit("message", data, isBinary);
  }
}
