/** Reading a flood link is the screens' business too (the join-a-flood form checks what was pasted); they go through state. */
export { decodeFloodLink } from "../sync/floodLink.ts";
