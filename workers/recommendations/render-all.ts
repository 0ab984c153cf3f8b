/** Compile an input and render every format: the CPU-heavy part of a job, run off the worker's main thread. */
import { createHash } from 'node:crypto';
import type { Artifact, CompileInput, TrackerSeed } from '../../common/jobs';
import { COMPILE_CONTENT_TYPES, type Compilation, type CompileFormat } from '../../common/recs.contract';
import { compileForum, compileSession, trackerSeeds } from './compile';
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

/** Progress goes from 10 (compiled) to 95 (all rendered); the caller reports 100 once stored. */
export async function renderAll(input: CompileInput, progress: (pct: number) => void = () => undefined): Promise<RenderResult> {
  const compilation = input.kind === 'session' ? compileSession(input) : compileForum(input);
  progress(10);
  const artifacts = [artifact('json', renderJson(compilation)), artifact('csv', renderCsv(compilation)), artifact('md', renderMarkdown(compilation))];
  progress(25);
  artifacts.push(artifact('docx', await renderDocx(compilation)));
  progress(50);
  artifacts.push(artifact('pdf', await renderPdf(compilation)));
  progress(95);
  return { compilation, artifacts, tracker: input.kind === 'forum' ? trackerSeeds(compilation) : null };
}
