/**
 * A small PDF 1.7 writer for text documents: pages with deflated content streams,
 * embedded font subsets (see PdfFont), document info, cross-reference table.
 * The compiled recommendations need nothing else, and writing the page operators
 * directly costs a fraction of a general layout engine's time and memory.
 */
import { deflateSync } from 'node:zlib';
import type { PdfFont } from './pdf-font';

export const A4 = { width: 595.28, height: 841.89 };

/** A PDF text string: UTF-16BE with a byte order mark, as hex. */
function textString(s: string): string {
  return `<FEFF${Buffer.from(s, 'utf16le').swap16().toString('hex').toUpperCase()}>`;
}

function pdfDate(d: Date): string {
  return `(D:${d.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z)`;
}

export class PdfWriter {
  /** Object bodies by number (1-based; 0 is the free list head). */
  private readonly objects: Buffer[] = [];
  /** Per page, its content streams' object numbers. */
  private readonly pages: number[][] = [];
  private open: string[] | undefined;

  private add(body: Buffer): number {
    this.objects.push(body);
    return this.objects.length;
  }

  obj = (body: string): number => this.add(Buffer.from(`${body}\n`, 'latin1'));

  stream = (dict: string, data: Buffer | string): number => {
    // Level 4: page operators compress nearly as well as at the default level, in half the time.
    const packed = deflateSync(typeof data === 'string' ? Buffer.from(data, 'latin1') : data, { level: 4 });
    return this.add(Buffer.concat([Buffer.from(`<< ${dict} /Filter /FlateDecode /Length ${packed.length} >>\nstream\n`, 'latin1'), packed, Buffer.from('\nendstream\n', 'latin1')]));
  };

  /**
   * Starts a page and returns its operator list (appended to as the page is drawn).
   * The previous page is compressed now, so a long document never holds its text twice.
   */
  addPage(): string[] {
    this.seal();
    const ops: string[] = [];
    this.open = ops;
    this.pages.push([]);
    return ops;
  }

  private seal() {
    if (!this.open) return;
    this.pages.at(-1)!.push(this.stream('', this.open.join('\n')));
    this.open = undefined;
  }

  get pageCount(): number {
    return this.pages.length;
  }

  /** Adds a content stream to page i (e.g. its footer, once the number of pages is known). */
  addToPage(i: number, ops: string[]): void {
    this.seal();
    this.pages[i]!.push(this.stream('', ops.join('\n')));
  }

  finish(meta: { title: string; lang: string; date: Date; fonts: PdfFont[] }): Buffer {
    this.seal();
    const fonts = meta.fonts.map((f) => `/${f.key} ${f.embed(this.obj, this.stream)} 0 R`).join(' ');
    const resources = this.obj(`<< /Font << ${fonts} >> /ProcSet [/PDF /Text] >>`);
    // The page tree's number is needed by its kids before it can be written: reserve it.
    this.objects.push(Buffer.alloc(0));
    const pagesRef = this.objects.length;
    const kids = this.pages.map((contents) =>
      this.obj(`<< /Type /Page /Parent ${pagesRef} 0 R /MediaBox [0 0 ${A4.width} ${A4.height}] /Resources ${resources} 0 R /Contents [${contents.map((c) => `${c} 0 R`).join(' ')}] >>`),
    );
    this.objects[pagesRef - 1] = Buffer.from(`<< /Type /Pages /Count ${kids.length} /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] >>\n`, 'latin1');
    const catalog = this.obj(`<< /Type /Catalog /Pages ${pagesRef} 0 R /Lang ${textString(meta.lang)} /ViewerPreferences << /DisplayDocTitle true >> >>`);
    const info = this.obj(`<< /Title ${textString(meta.title)} /Creator (Birge) /Producer (Birge) /CreationDate ${pdfDate(meta.date)} /ModDate ${pdfDate(meta.date)} >>`);

    const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xE2\xE3\xCF\xD3\n', 'latin1')];
    let offset = parts[0]!.length;
    const offsets: number[] = [];
    this.objects.forEach((body, i) => {
      offsets.push(offset);
      const head = Buffer.from(`${i + 1} 0 obj\n`, 'latin1');
      const tail = Buffer.from('endobj\n', 'latin1');
      parts.push(head, body, tail);
      offset += head.length + body.length + tail.length;
    });
    const xref = [`xref\n0 ${this.objects.length + 1}\n0000000000 65535 f \n`, ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
    parts.push(Buffer.from(`${xref}trailer\n<< /Size ${this.objects.length + 1} /Root ${catalog} 0 R /Info ${info} 0 R >>\nstartxref\n${offset}\n%%EOF\n`, 'latin1'));
    return Buffer.concat(parts);
  }
}
