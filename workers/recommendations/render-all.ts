/** Compile an input and render every format: the CPU-heavy part of a job, run off the worker's main thread. */
import { createHash } from 'node:crypto';
import type { Artifact, CompileInput, TrackerSeed } from '../../common/jobs';
import { COMPILE_CONTENT_TYPES, type CompileFormat } from '../../common/recs.contract';
import type { Compilation } from '../../common/compilation.contract';
import { compileForum, compileSession, trackerSeeds, type CompileStats } from './compile';
import { documentModel } from './document';
import { renderCsv } from './render-csv';
import { renderDocx } from './render-docx';
import { renderJson } from './render-json';
import { renderMarkdown } from './render-md';
import { renderPdf } from './render-pdf';

export interface RenderResult {
  compilation: Compilation;
  artifacts: Artifact[];
  /** The forum-wide set's items for the tracker; null for a session. */
  tracker: TrackerSeed[] | null;
}

function artifact(format: CompileFormat, data: string | Uint8Array): Artifact {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  return { format, contentType: COMPILE_CONTENT_TYPES[format], sha256: createHash('sha256').update(bytes).digest('hex'), bytes };
}

/**
 * Progress goes from 10 (compiled) through 70 (PDF), 80 (JSON, CSV, Markdown) to 95 (DOCX,
 * all rendered); the caller reports 100 once stored.
 */
export async function renderAll(input: CompileInput, progress: (pct: number) => void = () => undefined, stats?: CompileStats): Promise<RenderResult> {
  const compilation = input.kind === 'session' ? compileSession(input, stats) : compileForum(input);
  progress(10);
  const doc = documentModel(compilation);
  // The PDF first: Typst's layout is the peak of the whole run (about 250 MB for a 10k
  // session), and it comes before the other formats have left their garbage on the heap.
  const pdf = artifact('pdf', renderPdf(doc));
  progress(70);
  const artifacts = [artifact('json', renderJson(compilation)), artifact('csv', renderCsv(compilation)), artifact('md', renderMarkdown(doc))];
  progress(80);
  artifacts.push(artifact('docx', renderDocx(doc)), pdf);
  progress(95);
  return { compilation, artifacts, tracker: input.kind === 'forum' ? trackerSeeds(compilation) : null };
}
