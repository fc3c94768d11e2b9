/**
 * A fake camera for browser tests: Chromium plays a raw YUV4MPEG2 (.y4m) file as the camera
 * (`--use-file-for-fake-video-capture`), and `--use-fake-ui-for-media-stream` grants the
 * permission without a prompt. The file is read when a page starts the camera, not at launch,
 * so a test can launch the browser first and write the video once it knows what to show.
 *
 * Each scene is a QR code (or a blank frame) held for a while; the file loops, like a queue of
 * voters holding up their phones again and again.
 */
import fs from "node:fs";
import { qrPixels } from "./qrImage.ts";

export function fakeCameraArgs(videoFile: string): string[] {
  return [
    "--use-fake-ui-for-media-stream",
    "--use-fake-device-for-media-stream",
    `--use-file-for-fake-video-capture=${videoFile}`,
  ];
}

export interface VideoOptions {
  /** Frames a second; the file's size grows with it. */
  fps?: number;
  /** How long each QR code stays in view. */
  holdSeconds?: number;
  /** A blank frame between codes, as when one phone is lowered and the next raised. */
  gapSeconds?: number;
  /** Pixels per QR module. */
  scale?: number;
}

/**
 * Writes a looping video of QR codes, one after another, and returns its size in bytes.
 * 4:2:0 frames with neutral chroma: a black-and-white picture, as a camera sees a screen.
 */
export function writeQrVideo(file: string, texts: readonly string[], options: VideoOptions = {}): number {
  const { fps = 4, holdSeconds = 1.25, gapSeconds = 0.25, scale = 3 } = options;
  const codes = texts.map((t) => qrPixels(t, scale, 3));
  // A square frame that fits the largest code with a margin, in whole 16-pixel blocks.
  const side = Math.ceil((Math.max(...codes.map((c) => c.width)) + 16) / 16) * 16;
  const luma = side * side;
  const frameBytes = luma + 2 * (side / 2) * (side / 2);
  const blank = Buffer.alloc(frameBytes, 128);
  blank.fill(255, 0, luma);
  const header = Buffer.from(`YUV4MPEG2 W${side} H${side} F${fps}:1 Ip A1:1 C420jpeg\n`);
  const frameTag = Buffer.from("FRAME\n");
  const parts: Buffer[] = [header];
  const hold = (frame: Buffer, seconds: number) => {
    for (let i = 0; i < Math.max(1, Math.round(seconds * fps)); i++) parts.push(frameTag, frame);
  };
  for (const code of codes) {
    const frame = Buffer.from(blank);
    const left = (side - code.width) >> 1;
    const top = (side - code.height) >> 1;
    for (let y = 0; y < code.height; y++)
      for (let x = 0; x < code.width; x++) frame[(top + y) * side + left + x] = code.data[(y * code.width + x) * 4]!;
    hold(frame, holdSeconds);
    if (gapSeconds > 0) hold(blank, gapSeconds);
  }
  const video = Buffer.concat(parts);
  fs.writeFileSync(file, video);
  return video.length;
}
