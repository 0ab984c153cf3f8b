/**
 * The opinion-group map as a native DrawingML scatter chart, so Word and LibreOffice draw it
 * as the PDF does: one series per group, its participants as dots, the legend naming each
 * group and its size. The values are literals in the chart part (`c:numLit`): the document
 * carries no spreadsheet, and there is nothing to link or refresh.
 */
import type { DocBlock } from './document';

type MapBlock = Extract<DocBlock, { kind: 'map' }>;

/** The PDF's group colours, in group order (more than five groups never occur: k ≤ 5). */
const GROUP_COLORS = ['1F4E79', 'C0392B', '2E7D4F', 'B9770E', '6C3483'];

export const CHART_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml';
export const CHART_REL_TYPE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart';

const C = 'xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

function literal(values: readonly number[]): string {
  return `<c:numLit><c:formatCode>General</c:formatCode><c:ptCount val="${values.length}"/>${values.map((v, i) => `<c:pt idx="${i}"><c:v>${v}</c:v></c:pt>`).join('')}</c:numLit>`;
}

/** A unit axis (0–1) drawn without line, ticks or labels: the map's distances have no unit. */
const axis = (id: number, cross: number, pos: 'b' | 'l') =>
  `<c:valAx><c:axId val="${id}"/><c:scaling><c:orientation val="minMax"/><c:max val="1"/><c:min val="0"/></c:scaling><c:delete val="1"/><c:axPos val="${pos}"/><c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="none"/><c:crossAx val="${cross}"/><c:crosses val="autoZero"/><c:crossBetween val="midCat"/></c:valAx>`;

/** The chart part (`word/charts/chartN.xml`); `esc` escapes text content as the document does. */
export function mapChartPart(b: MapBlock, esc: (s: string) => string): string {
  const series = b.groups
    .map((g, i) => {
      const pts = b.points.filter((p) => p[2] === i);
      const color = GROUP_COLORS[i % GROUP_COLORS.length]!;
      return (
        `<c:ser><c:idx val="${i}"/><c:order val="${i}"/><c:tx><c:v>${esc(g.caption)}</c:v></c:tx><c:spPr><a:ln><a:noFill/></a:ln></c:spPr>` +
        `<c:marker><c:symbol val="circle"/><c:size val="4"/><c:spPr><a:solidFill><a:srgbClr val="${color}"><a:alpha val="65000"/></a:srgbClr></a:solidFill><a:ln><a:noFill/></a:ln></c:spPr></c:marker>` +
        `<c:xVal>${literal(pts.map((p) => p[0]))}</c:xVal><c:yVal>${literal(pts.map((p) => p[1]))}</c:yVal><c:smooth val="0"/></c:ser>`
      );
    })
    .join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<c:chartSpace ${C}><c:roundedCorners val="0"/><c:chart><c:autoTitleDeleted val="1"/><c:plotArea><c:layout/><c:scatterChart><c:scatterStyle val="lineMarker"/><c:varyColors val="0"/>${series}<c:axId val="1"/><c:axId val="2"/></c:scatterChart>${axis(1, 2, 'b')}${axis(2, 1, 'l')}</c:plotArea><c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>`;
}

/** The namespace of inline drawings, declared on the document's root element as Word writes it. */
export const WP_NAMESPACE = 'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"';

/**
 * The paragraph that places chart `n` (relationship `relId`) inline, `widthEmu` wide and a
 * little taller for the legend; its description is the alternative text screen readers read.
 */
export function mapChartParagraph(n: number, relId: string, widthEmu: number, description: string, esc: (s: string) => string): string {
  const height = Math.round(widthEmu * 1.08);
  return (
    `<w:p><w:pPr><w:keepNext/></w:pPr><w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="${widthEmu}" cy="${height}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>` +
    `<wp:docPr id="${n}" name="Chart ${n}" descr="${esc(description)}"/><wp:cNvGraphicFramePr/>` +
    `<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" r:id="${relId}"/></a:graphicData></a:graphic>` +
    `</wp:inline></w:drawing></w:r></w:p>`
  );
}
