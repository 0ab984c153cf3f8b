/** The candidates of bench:pdf-engines, shared by the bench and its child. */
export const ENGINES = ['pdfkit-today', 'pdfkit-lean', 'pdf-lib', 'typst'] as const;
export type Engine = (typeof ENGINES)[number];
/** The caption of the chart every candidate draws; found in the text layer when the chart was drawn. */
export const CHART_CAPTION = 'Ең көп қолдау тапқан ұсынымдар';
