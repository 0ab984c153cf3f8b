/**
 * Marks on the way to a viewer's first frame (`birge:<step>`, first occurrence only), read by
 * bench:viewer-load into its `timeline_ms`: where the time goes between the page's navigation
 * and the first decoded frame.
 */
export function mark(step: string): void {
  const name = `birge:${step}`;
  if (!performance.getEntriesByName(name).length) performance.mark(name);
}
