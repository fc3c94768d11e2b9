import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";
import { VitePWA } from "vite-plugin-pwa";
import solid from "vite-plugin-solid";
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
 * - SHA-256 arrives three times (our @noble/hashes 2, bs58check's own copy of @noble/hashes 1,
 *   automerge-repo's fast-sha256): the two extra copies are served by the one we already ship.
 */
const STAND_INS: Record<string, string> = {
  debug:
    "const off=()=>{};const debug=()=>{const log=()=>{};log.enabled=false;log.extend=debug;return log};debug.enable=off;debug.disable=()=>'';debug.enabled=()=>false;export default debug;",
  "@noble/hashes/sha256": 'export { sha256 } from "@noble/hashes/sha2.js";',
  "fast-sha256": 'import { sha256 } from "@noble/hashes/sha2.js";export const hash=(d)=>sha256(d);export default { hash };',
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
 */
const STAND_IN_FILES: Record<string, string> = {
  "cbor-x": fileURLToPath(new URL("./src/ui/platform/cbor.ts", import.meta.url)),
};

function standIns(): Plugin {
  const prefix = "\0pools-stand-in:";
  return {
    name: "pools-stand-ins",
    enforce: "pre",
    resolveId: (source) => STAND_IN_FILES[source] ?? (source in STAND_INS ? prefix + source : undefined),
    load: (id) => (id.startsWith(prefix) ? STAND_INS[id.slice(prefix.length)] : undefined),
  };
}

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
      srcDir: "src/ui/sw",
      filename: "sw.ts",
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
        // Minified: the worker now carries sync (reminders), 656 → 273 kB (75 kB brotli). The
        // manifest placeholder is a property of `self`, which minifying keeps as it is.
        minify: true,
        // A classic worker (registered without type "module"): one file, no chunks (a service
        // worker may not import() at all). It syncs pools on a push, so it carries the same
        // stand-ins as the app.
        rollupFormat: "iife",
        buildPlugins: { vite: [standIns()] },
      },
    }),
    // Last: brotli and gzip copies of everything above, the service worker included.
    precompress(),
  ],
  build: {
    target: "es2022",
    sourcemap: false,
    // The wasm is loaded by URL; inlining it as base64 would make it larger.
    assetsInlineLimit: 0,
    rolldownOptions: {
      output: {
        // Three chunks besides the QR code helpers: what the first screen runs (the shell, home,
        // first run and join; src/main.tsx), the engine it loads next (sync, Automerge's
        // JavaScript, the state that needs them: src/state/engine.ts), and the other screens.
        // Fewer chunks compress better than many small ones; two later ones keep each start-up
        // task on a phone's main thread short.
        codeSplitting: {
          groups: [
            { name: "first", tags: ["$initial"], priority: 3 },
            {
              name: "engine",
              test: /[\\/]node_modules[\\/](@automerge|xstate|eventemitter3|uuid|base-x|bs58|bs58check|isomorphic-ws)[\\/]|[\\/]src[\\/](sync|state|ui[\\/]platform)[\\/]/,
              priority: 2,
            },
            { name: "later", test: (id) => !/[\\/](jsqr|qrcode)[\\/]|qrSvg|qrDecode/.test(id), priority: 1 },
          ],
        },
      },
    },
  },
});
