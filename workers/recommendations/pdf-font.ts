/**
 * A TrueType font embedded in a PDF as a subset (Type0 / CIDFontType2, Identity-H):
 * glyph ids in the text, widths in a W array, and a ToUnicode map so text can be
 * searched, copied and extracted (pdftotext) in any language the font covers.
 * fontkit parses the font and writes the subset; advance widths and code-point lookups
 * are cached per font, since the same few hundred characters repeat all document long.
 */
import { create, type Font, type Subset } from 'fontkit';

interface GlyphUse {
  /** Id in the subset (also the CID, with CIDToGIDMap /Identity). */
  cid: number;
  /** The CID as four hex digits, as it goes into a text string. */
  hex: string;
  /** Advance in 1/1000 em. */
  width: number;
}

export class PdfFont {
  private readonly font: Font;
  private readonly subset: Subset;
  private readonly byCodePoint = new Map<number, GlyphUse>();
  /** Subset id → its Unicode text, for ToUnicode. */
  private readonly unicode = new Map<number, string>();
  private readonly widths: number[] = [];
  readonly scale: number;

  /**
   * @param key resource name in content streams, e.g. "F1"
   * @param tag six capital letters prefixed to the subset's name, as the PDF spec asks
   */
  constructor(
    readonly key: string,
    private readonly tag: string,
    data: Buffer,
  ) {
    const f = create(data);
    if (!('glyphForCodePoint' in f)) throw new Error('expected a single font, not a collection');
    this.font = f;
    this.subset = f.createSubset();
    this.scale = 1000 / f.unitsPerEm;
    this.widths[0] = Math.round(f.getGlyph(0).advanceWidth * this.scale);
  }

  /** Ascent and descent in 1/1000 em (descent negative), for line placement. */
  get ascent(): number {
    return this.font.ascent * this.scale;
  }
  get descent(): number {
    return this.font.descent * this.scale;
  }
  /** Baseline-to-baseline distance for a size, as text tools use it. */
  lineHeight(size: number): number {
    return ((this.font.ascent - this.font.descent + this.font.lineGap) * this.scale * size) / 1000;
  }

  private use(cp: number): GlyphUse {
    let u = this.byCodePoint.get(cp);
    if (u) return u;
    const glyph = this.font.glyphForCodePoint(cp);
    const width = Math.round(glyph.advanceWidth * this.scale);
    if (glyph.id === 0) {
      u = { cid: 0, hex: '0000', width };
    } else {
      // @types/fontkit says boolean; fontkit returns the glyph's id in the subset.
      const cid: unknown = this.subset.includeGlyph(glyph);
      if (typeof cid !== 'number') throw new Error('fontkit Subset.includeGlyph did not return a glyph id');
      u = { cid, hex: cid.toString(16).padStart(4, '0'), width };
      this.widths[cid] = width;
      this.unicode.set(cid, String.fromCodePoint(cp));
    }
    this.byCodePoint.set(cp, u);
    return u;
  }

  private readonly wordWidths = new Map<string, number>();

  /** Width of a text at a size, in points (words repeat, so their widths are kept). */
  width(text: string, size: number): number {
    let w = this.wordWidths.get(text);
    if (w === undefined) {
      w = 0;
      for (const ch of text) w += this.use(ch.codePointAt(0)!).width;
      this.wordWidths.set(text, w);
    }
    return (w * size) / 1000;
  }

  /** The text as a hex string of CIDs, for a Tj operator. */
  encode(text: string): string {
    let hex = '';
    for (const ch of text) hex += this.use(ch.codePointAt(0)!).hex;
    return hex;
  }

  /**
   * Writes the font's objects and returns the Type0 font's object number.
   * `obj` stores a dictionary, `stream` a (deflated) stream; both return the object number.
   */
  embed(obj: (body: string) => number, stream: (dict: string, data: Buffer | string) => number): number {
    const name = `${this.tag}+${this.font.postscriptName}`;
    const file = Buffer.from(this.subset.encode());
    const fileRef = stream(`/Length1 ${file.length}`, file);
    const bbox = this.font.bbox;
    const s = (v: number) => Math.round(v * this.scale);
    const descriptor = obj(
      `<< /Type /FontDescriptor /FontName /${name} /Flags 32 /FontBBox [${s(bbox.minX)} ${s(bbox.minY)} ${s(bbox.maxX)} ${s(bbox.maxY)}]` +
        ` /ItalicAngle ${this.font.italicAngle} /Ascent ${s(this.font.ascent)} /Descent ${s(this.font.descent)}` +
        ` /CapHeight ${s(this.font.capHeight || this.font.ascent)} /StemV 80 /FontFile2 ${fileRef} 0 R >>`,
    );
    // Glyphs fontkit added for composite glyphs are never shown; width 0 keeps the array dense.
    const widths = Array.from({ length: this.widths.length }, (_, i) => this.widths[i] ?? 0);
    const cid = obj(
      `<< /Type /Font /Subtype /CIDFontType2 /BaseFont /${name} /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>` +
        ` /FontDescriptor ${descriptor} 0 R /CIDToGIDMap /Identity /W [0 [${widths.join(' ')}]] >>`,
    );
    const toUnicode = stream('', this.toUnicode());
    return obj(`<< /Type /Font /Subtype /Type0 /BaseFont /${name} /Encoding /Identity-H /DescendantFonts [${cid} 0 R] /ToUnicode ${toUnicode} 0 R >>`);
  }

  private toUnicode(): string {
    const hex = (s: string) => [...s].map((c) => {
      const cp = c.codePointAt(0)!;
      if (cp < 0x10000) return cp.toString(16).padStart(4, '0');
      const v = cp - 0x10000;
      return ((0xd800 + (v >> 10)).toString(16) + (0xdc00 + (v & 0x3ff)).toString(16)).padStart(8, '0');
    }).join('');
    const entries = [...this.unicode].sort((a, b) => a[0] - b[0]).map(([cid, text]) => `<${cid.toString(16).padStart(4, '0')}> <${hex(text)}>`);
    const blocks: string[] = [];
    for (let i = 0; i < entries.length; i += 100) {
      const chunk = entries.slice(i, i + 100);
      blocks.push(`${chunk.length} beginbfchar\n${chunk.join('\n')}\nendbfchar`);
    }
    return [
      '/CIDInit /ProcSet findresource begin',
      '12 dict begin',
      'begincmap',
      '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
      '/CMapName /Adobe-Identity-UCS def',
      '/CMapType 2 def',
      '1 begincodespacerange',
      '<0000> <FFFF>',
      'endcodespacerange',
      ...blocks,
      'endcmap',
      'CMapName currentdict /CMap defineresource pop',
      'end',
      'end',
    ].join('\n');
  }
}
