// A progress line for long listings (thousands of robots, or many projects to walk), rewritten in
// place on a terminal. Nothing at all when stderr is not a terminal: a CI log gets no noise.
import type { ListingProgress } from "../provider/inventory";

/** From this many robots, or this many projects, a listing counts as long. */
export const LONG_LISTING_ROBOTS = 1000;
export const LONG_LISTING_PROJECTS = 100;
const REDRAW_MS = 100;

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface ProgressLine {
  update(p: ListingProgress): void;
  /** Erases the line, if one was drawn. */
  done(): void;
}

export function progressLine(stream: ProgressStream, now: () => number = Date.now): ProgressLine {
  if (!stream.isTTY) return { update: () => {}, done: () => {} };
  let drawn = false;
  let lastDraw = 0;
  return {
    update(p) {
      const long = p.robots >= LONG_LISTING_ROBOTS || p.projectsTotal >= LONG_LISTING_PROJECTS;
      if (!long || now() - lastDraw < REDRAW_MS) return;
      lastDraw = now();
      const projects = p.projectsTotal ? `, ${p.projectsListed}/${p.projectsTotal} projects` : "";
      stream.write(`\r\x1b[Klisting robots: ${p.robots} so far${projects}`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write("\r\x1b[K");
    },
  };
}
