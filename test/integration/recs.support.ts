/**
 * Helpers for the recommendation tests: real worker processes (`workers/main.ts`, as
 * `npm run worker` runs it) against the test PostgreSQL and Redis, and downloads.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFString, PDFHexString } from 'pdf-lib';
import type { TestApp } from '../helpers/app';
import { testDatabaseUrl, TEST_REDIS_URL } from '../helpers/env';

const ROOT = path.resolve(import.meta.dirname, '../..');
export const run = promisify(execFile);

export interface WorkerProcess {
  proc: ChildProcess;
  /** Everything it logged (pino JSON lines). */
  output: string[];
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts a worker process for the app's queue and waits until it consumes jobs: from the
 * sources through tsx, or `built` as production runs it (`npm run worker`: the bundle on
 * node alone, built first).
 */
export async function startWorker(app: TestApp, env: Record<string, string> = {}, o: { built?: boolean } = {}): Promise<WorkerProcess> {
  if (o.built) await run(process.execPath, [path.join(ROOT, 'scripts/build.mjs')], { cwd: ROOT });
  const entry = o.built ? [path.join(ROOT, 'dist/workers/main.js')] : ['--import', 'tsx', path.join(ROOT, 'workers/main.ts')];
  const proc = spawn(process.execPath, entry, {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      DATABASE_URL: testDatabaseUrl(),
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: app.config.redis.prefix,
      REDIS_AUTOSTART: 'false',
      COMPILE_LOCK_MS: String(app.config.compile.lockMs),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  let buffered = '';
  const ready = new Promise<void>((resolve, reject) => {
    proc.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const l of lines) {
        output.push(l);
        if (l.includes('compile worker started')) resolve();
      }
    });
    proc.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
    proc.once('exit', (code) => reject(new Error(`worker exited (${code}) before it was ready:\n${output.join('\n')}`)));
  });
  await ready;
  return {
    proc,
    output,
    kill(signal = 'SIGTERM') {
      if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
      return new Promise<void>((resolve) => {
        proc.once('exit', () => resolve());
        proc.kill(signal);
      });
    },
  };
}

/** Writes bytes to a temporary file (for pdftotext and unzip). */
export async function tempFile(name: string, bytes: Buffer): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'birge-recs-'));
  const file = path.join(dir, name);
  await writeFile(file, bytes);
  return file;
}

/** Text extracted by poppler's pdftotext, whitespace collapsed so wrapped lines compare as sentences. */
export async function pdfText(bytes: Buffer): Promise<string> {
  const file = await tempFile('doc.pdf', bytes);
  const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', file, '-']);
  return stdout.replace(/\s+/g, ' ');
}

/** The names of the fonts embedded in a PDF (pdffonts). */
export async function pdfFonts(bytes: Buffer): Promise<string> {
  const file = await tempFile('doc.pdf', bytes);
  return (await run('pdffonts', [file])).stdout;
}

/** One element of a tagged PDF's structure, with the text poppler reads out of it and the language it is in. */
export interface PdfTag {
  type: string;
  /** Its own /Lang, else its nearest ancestor's, else the document's. */
  lang: string | undefined;
  /** The text of the element and everything inside it, in reading order. */
  text: string;
  children: PdfTag[];
}

/**
 * The structure tree of a tagged PDF: element types and text from poppler
 * (`pdfinfo -struct-text`), languages from the element dictionaries (pdf-lib), matched
 * element by element (both list the elements in the same order).
 */
export async function pdfTags(bytes: Buffer): Promise<{ lang: string | undefined; root: PdfTag[] }> {
  const file = await tempFile('doc.pdf', bytes);
  const { stdout } = await run('pdfinfo', ['-struct-text', file], { maxBuffer: 256 * 1024 * 1024 });
  interface Node {
    type: string;
    texts: string[];
    children: Node[];
  }
  const top: Node[] = [];
  const stack: { depth: number; node: Node }[] = [];
  for (const line of stdout.split('\n')) {
    const m = /^(\s*)(.*)$/.exec(line)!;
    const depth = m[1]!.length;
    const body = m[2]!;
    if (!body || body.startsWith('/')) continue;
    while (stack.length && stack.at(-1)!.depth >= depth) stack.pop();
    if (body.startsWith('"')) {
      stack.at(-1)?.node.texts.push(body.slice(1, body.lastIndexOf('"')));
      continue;
    }
    const node: Node = { type: /^[A-Za-z0-9]+/.exec(body)?.[0] ?? body, texts: [], children: [] };
    (stack.at(-1)?.node.children ?? top).push(node);
    stack.push({ depth, node });
  }
  const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
  const str = (v: unknown) => (v instanceof PDFString || v instanceof PDFHexString ? v.decodeText() : undefined);
  const docLang = str(pdf.catalog.get(PDFName.of('Lang')));
  const kids = (d: PDFDict): PDFDict[] => {
    const k = d.lookup(PDFName.of('K'));
    const list = k instanceof PDFArray ? k.asArray().map((x) => pdf.context.lookup(x)) : [k];
    return list.filter((x): x is PDFDict => x instanceof PDFDict && x.has(PDFName.of('S')));
  };
  const join = (nodes: Node[], dicts: PDFDict[], inherited: string | undefined): PdfTag[] =>
    nodes.map((n, i) => {
      const d = dicts[i];
      const lang = (d && str(d.lookup(PDFName.of('Lang')))) ?? inherited;
      const children = join(n.children, d ? kids(d) : [], lang);
      return { type: n.type, lang, text: [...n.texts, ...children.map((c) => c.text)].join(' ').replace(/\s+/g, ' ').trim(), children };
    });
  const structRoot = pdf.catalog.lookup(PDFName.of('StructTreeRoot'));
  return { lang: docLang, root: structRoot instanceof PDFDict ? join(top, kids(structRoot), docLang) : [] };
}

/** Every element of a structure tree, depth first (reading order). */
export const flatTags = (tags: PdfTag[]): PdfTag[] => tags.flatMap((t) => [t, ...flatTags(t.children)]);

/** Bookmarks (the PDF outline) as pdftohtml lists them, in order. */
export async function pdfOutline(bytes: Buffer): Promise<string[]> {
  const file = await tempFile('doc.pdf', bytes);
  const { stdout } = await run('pdftohtml', ['-xml', '-stdout', '-q', '-i', '-f', '1', '-l', '1', file]);
  return [...stdout.matchAll(/<item page="\d+">([^<]*)<\/item>/g)].map((m) => m[1]!.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"'));
}

/**
 * A DOCX is a zip: unzip tests its integrity and lists it; every part must be
 * well-formed XML (checked by Python's parser); returns the main part.
 */
export async function docxText(bytes: Buffer): Promise<{ entries: string; xml: string }> {
  const file = await tempFile('doc.docx', bytes);
  await run('unzip', ['-tq', file]);
  const entries = (await run('unzip', ['-Z1', file])).stdout;
  const check = 'import sys, zipfile, xml.dom.minidom as m\nz = zipfile.ZipFile(sys.argv[1])\nfor n in z.namelist(): m.parseString(z.read(n))';
  await run('python3', ['-c', check, file]);
  const xml = (await run('unzip', ['-p', file, 'word/document.xml'], { maxBuffer: 64 * 1024 * 1024 })).stdout;
  return { entries, xml };
}

/** Collapses the XML into the text of its runs, so sentences split across runs still compare. */
export function xmlText(xml: string): string {
  return [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)]
    .map((m) => m[1]!)
    .join(' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/\s+/g, ' ');
}
