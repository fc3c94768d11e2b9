/**
 * Renders public/icon.svg into the PNG icons the manifest lists, with headless Chromium (no image
 * library needed): 192 and 512 with rounded corners, a full-bleed maskable 512 whose drop sits
 * inside the 80% safe zone, and a 180 apple-touch icon. Run: `npx tsx scripts/makeIcons.ts`.
 */
import fs from "node:fs";
import path from "node:path";
import { launchBrowser } from "../tests/helpers/browser.ts";

const pub = path.resolve(import.meta.dirname, "../public");
const svg = fs.readFileSync(path.join(pub, "icon.svg"), "utf8");
// The maskable variant: square background, the drop scaled to 70% so any mask shape keeps it whole.
const maskable = svg
  .replace('rx="112"', 'rx="0"')
  .replace(/<path /g, '<path transform="translate(76.8 76.8) scale(0.7)" ');

const browser = await launchBrowser();
const page = await browser.newPage();
for (const [file, size, source] of [
  ["icon-192.png", 192, svg],
  ["icon-512.png", 512, svg],
  ["icon-maskable-512.png", 512, maskable],
  ["apple-touch-icon.png", 180, maskable],
] as const) {
  await page.setViewportSize({ width: size, height: size });
  const html = `<html><body style="margin:0;background:transparent">${source.replace("<svg ", `<svg width="${size}" height="${size}" `)}</body></html>`;
  await page.setContent(html);
  await page.screenshot({ path: path.join(pub, file), omitBackground: true });
  console.log(`wrote public/${file}`);
}
await browser.close();
