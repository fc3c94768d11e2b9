import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";
import { VitePWA } from "vite-plugin-pwa";
import solid from "vite-plugin-solid";
import { moduleWorker } from "./scripts/moduleWorkerPlugin.ts";
import { precompress } from "./scripts/precompressPlugin.ts";

/**
 * The app is a static bundle any host can serve (docs/rules.md §7: the relay's copy is a convenience,
 * not the trust anchor). The service worker precaches everything, Automerge's 3.6 MB wasm
 * included (workbox skips files over 2 MiB unless told otherwise), so the app starts with no
 * network at all. Updates wait for the person to accept them: a reload must never land in the
 * middle of a vote (registerType "prompt").
 */
/**
 * Build-time stand-ins that keep the phone's download small without changing behaviour:
 * - automerge-repo logs through `debug`, which the installed app never turns on: a no-op;
 * - SHA-256 arrives four times (our @noble/hashes 2, bs58check's own copy of @noble/hashes 1,
 *   automerge-repo's fast-sha256, and the copy of noble's SHA-2 and HMAC that @hpke/common carries
 *   for its X25519 fallback): the extra copies are served by the one we already ship.
 */
const STAND_INS: Record<string, string> = {
  debug:
    "const off=()=>{};const debug=()=>{const log=()=>{};log.enabled=false;log.extend=debug;return log};debug.enable=off;debug.disable=()=>'';debug.enabled=()=>false;export default debug;",
  "@noble/hashes/sha256": 'export { sha256 } from "@noble/hashes/sha2.js";',
  "fast-sha256": 'import { sha256 } from "@noble/hashes/sha2.js";export const hash=(d)=>sha256(d);export default { hash };',
  "@hpke/common:sha2": 'export { sha256, sha384, sha512 } from "@noble/hashes/sha2.js";',
  "@hpke/common:hmac": 'export { hmac } from "@noble/hashes/hmac.js";',
};
/** @hpke/common's entry re-exports its own noble copies by relative path: `./src/hash/<name>.js`. */
const HPKE_OWN = /[\\/]@hpke[\\/]common[\\/]esm[\\/]mod\.js$/;
const hpkeOwn = (source: string, importer?: string) => {
  const name = /^\.\/src\/hash\/(sha2|hmac)\.js$/.exec(source)?.[1];
  return name && importer && HPKE_OWN.test(importer) ? `@hpke/common:${name}` : undefined;
};

/**
 * jsQR (the ballot scanner's fallback where the browser has no BarcodeDetector) carries a
 * 7,000-entry Shift-JIS table for Kanji-mode codes. Ballots are never Kanji-mode, and the table
 * is three quarters of the decoder's size, so the build leaves it out.
 */
function jsqrWithoutKanji(): Plugin {
  return {
    name: "pools-jsqr-without-kanji",
    transform(code, id) {
      if (!id.replace(/\\/g, "/").endsWith("/jsqr/dist/jsQR.js")) return undefined;
      const trimmed = code.replace(/exports\.shiftJISTable = \{[\s\S]*?\n\};/, "exports.shiftJISTable = {};");
      if (trimmed === code) this.warn("jsQR's Shift-JIS table was not found; the scanner chunk stays large");
      return { code: trimmed, map: null };
    },
  };
}

/**
 * automerge-repo speaks plain CBOR through cbor-x (30 kB); a small codec that writes the same
 * bytes and reads them back stands in for it in the browser (tests/ui/cborStandIn.test.ts).
 * It runs its DocHandle's one flat state machine with xstate (21 kB gzipped); a small runner of
 * that subset stands in for it (tests/ui/xstateStandIn.test.ts compares them step by step).
 */
const STAND_IN_FILES: Record<string, string> = {
  "cbor-x": fileURLToPath(new URL("./src/ui/platform/cbor.ts", import.meta.url)),
  xstate: fileURLToPath(new URL("./src/ui/platform/xstate.ts", import.meta.url)),
};

function standIns(): Plugin {
  const prefix = "\0pools-stand-in:";
  return {
    name: "pools-stand-ins",
    enforce: "pre",
    resolveId(source, importer) {
      const own = hpkeOwn(source, importer);
      if (own) return prefix + own;
      return STAND_IN_FILES[source] ?? (source in STAND_INS ? prefix + source : undefined);
    },
    load: (id) => (id.startsWith(prefix) ? STAND_INS[id.slice(prefix.length)] : undefined),
  };
}

/**
 * The service worker (src/ui/sw/sw.ts) is a module worker built as a second entry of the app, so
 * the sync engine it runs on a push is the app's own engine chunk, downloaded and stored once.
 */
const worker = moduleWorker({
  name: "sw",
  entry: "src/ui/sw/sw.ts",
  precache: /\.(js|css|html|wasm|png|svg|webmanifest)$/,
  skip: /^sw(Classic)?\.js$/,
});

/** Sync, Automerge's JavaScript and the state that needs them (src/state/engine.ts). */
const ENGINE =
  /[\\/]node_modules[\\/](@automerge|xstate|eventemitter3|uuid|base-x|bs58|bs58check|isomorphic-ws)[\\/]|[\\/]src[\\/](sync|state|ui[\\/]platform)[\\/]/;

export default defineConfig({
  base: "./",
  plugins: [
    standIns(),
    jsqrWithoutKanji(),
    solid(),
    VitePWA({
      registerType: "prompt",
      injectRegister: false,
      strategies: "injectManifest",
      // Only the fallback for browsers without module workers (swClassic.ts) is built here; the
      // module worker, sw.js, is an entry of the app's build (moduleWorkerPlugin.ts).
      srcDir: "src/ui/sw",
      filename: "swClassic.ts",
      includeAssets: ["icon.svg", "apple-touch-icon.png"],
      manifest: {
        name: "Pools — co-ops for small groups",
        short_name: "Pools",
        description: "Pool money with your group, propose, vote one person one vote, and keep a clear ledger. Works offline.",
        id: "./",
        start_url: "./",
        scope: "./",
        display: "standalone",
        orientation: "portrait",
        background_color: "#f6f8fb",
        theme_color: "#0b5cad",
        icons: [
          { src: "icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
          { src: "icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
          { src: "icon-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
        ],
      },
      injectManifest: {
        globPatterns: ["**/*.{js,css,html,wasm,png,svg,webmanifest}"],
        // Automerge's wasm is 3.6 MB; without this the precache skips it and nothing starts offline.
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
        minify: true,
        // A classic worker: one file, offline and updates only (no sync engine, no reminders).
        rollupFormat: "iife",
        globIgnores: ["sw.js"],
      },
    }),
    worker.plugin,
    // Last: brotli and gzip copies of everything above, the service worker included.
    precompress(),
  ],
  build: {
    target: "es2022",
    sourcemap: false,
    // The wasm is loaded by URL; inlining it as base64 would make it larger.
    assetsInlineLimit: 0,
    rolldownOptions: {
      input: { index: "index.html", ...worker.input },
      output: {
        // The worker must sit at the root (its scope is the app) under a name that never changes.
        entryFileNames: (chunk) => (chunk.name === "sw" ? "sw.js" : "assets/[name]-[hash].js"),
        // Besides the QR code helpers: what the first screen runs (the shell, home, first run and
        // join; src/main.tsx), the engine it loads next (sync, Automerge's JavaScript, the state
        // that needs them: src/state/engine.ts), and the other screens. Fewer chunks compress
        // better than many small ones; two later ones keep each start-up task on a phone's main
        // thread short. What both the first screen and the service worker load statically is a
        // chunk of its own ("shared"): the worker must not load the first screen's chunk, whose
        // top level renders the app; everything else the worker loads is in the engine chunk.
        codeSplitting: {
          groups: [
            { name: "shared", test: (id) => worker.inFirstScreen(id) && worker.inWorker(id), priority: 4 },
            { name: "first", test: (id) => worker.inFirstScreen(id), priority: 3 },
            { name: "engine", test: (id) => worker.inWorker(id), priority: 2 },
            // The rest of sync and state: only the page runs it, and it may use the first screen's code.
            { name: "engine-page", test: (id) => ENGINE.test(id), priority: 2 },
            // The worker's own files stay in sw.js (the page must never run them); the QR code
            // libraries (dijkstrajs is qrcode's) load only with the screens that draw or read one.
            { name: "later", test: (id) => !/[\\/](jsqr|qrcode|dijkstrajs|sw)[\\/]|qrSvg|qrDecode/.test(id), priority: 1 },
          ],
        },
      },
    },
  },
});
