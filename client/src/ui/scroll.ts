/**
 * Brings a tab into view inside its horizontally scrolling strip without moving the page
 * (scrollIntoView would also scroll the window to it).
 */
export function revealInStrip(id: string): void {
  const el = document.getElementById(id);
  const strip = el?.parentElement;
  if (!el || !strip) return;
  const left = el.offsetLeft - strip.offsetLeft;
  if (left < strip.scrollLeft || left + el.offsetWidth > strip.scrollLeft + strip.clientWidth) {
    strip.scrollLeft = Math.max(0, left - 16);
  }
}
