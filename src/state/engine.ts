/**
 * The part of the app state that needs Automerge (sync, documents, pool sessions and their
 * commands), loaded with `import()` once the first screen is on: the phone renders the home,
 * first-run and join screens from plain JavaScript while this chunk and Automerge's 3.6 MB wasm
 * arrive in the background. app.ts imports only the type of this module; nothing on the first
 * screen may import it statically (tests/e2e/firstScreen.test.ts).
 */
export { BYLAWS_TEMPLATE_VERSION, needsYou, signEvent } from "../core/index.ts";
export {
  collectBackedUpPools,
  createPool,
  encryptPool,
  importPoolFile,
  needsEncrypting,
  openPool,
  restoreBackedUpPools,
  watchMove,
} from "../sync/index.ts";
export { deliveryKeyOf } from "./deliveryKey.ts";
export { createFloods } from "./floods.ts";
export { acceptInvite, previewInvite } from "./join.ts";
export { moveHooks } from "./moveHooks.ts";
export { poolActions } from "./poolActions.ts";
export { createPoolModel } from "./poolModel.ts";
export { awaitingMyVote, openProposals } from "./selectors.ts";
export { startServices } from "./services.ts";

export type Engine = typeof import("./engine.ts");
