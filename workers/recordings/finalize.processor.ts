/**
 * Finalizing one recording: close the live playlists into VOD ones (trimmed by whole
 * segments), remux them into an MP4 with every audio language, take a poster frame and write
 * the chapters as WebVTT. Everything lands under a temporary name and is renamed into place,
 * so a worker killed halfway leaves the previous result (or nothing) and the job runs again.
 */
import { execFile } from 'node:child_process';
import { rename, rm, stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import { UnrecoverableError, type Job } from 'bullmq';
import { FinalizeJobData, type Chapter, type FinalizeResult } from '../../common/broadcast.contract';
import type { Logger } from '../../platform/logger';
import { SessionHls } from '../../platform/media/hls-files';
import { webvtt } from '../../platform/media/hls';
import type { MediaStorage } from '../../platform/media/storage';

const run = promisify(execFile);
/** ISO 639-2 codes MP4 players show for the forum languages. */
const ISO639_2: Record<string, string> = { kk: 'kaz', ru: 'rus', en: 'eng' };

export function parseFinalizeJob(data: unknown): FinalizeJobData {
  const r = FinalizeJobData.safeParse(data);
  if (!r.success) throw new UnrecoverableError(`malformed finalize job: ${r.error.issues.map((i) => `${i.path.join('.') || '(data)'}: ${i.message}`).join('; ')}`);
  return r.data;
}

/** Where each mark falls on the trimmed video, in order; marks outside it are dropped. */
export function placeChapters(marks: FinalizeJobData['marks'], videoStartMs: number, durationS: number): Chapter[] {
  const out: Chapter[] = [];
  for (const m of [...marks].sort((a, b) => a.atMs - b.atMs)) {
    let startS = (m.atMs - videoStartMs) / 1000;
    if (m.kind === 'start') startS = Math.max(0, startS);
    // The end mark sits at the end, even when the last segment stopped a little before it.
    if (m.kind === 'end') startS = Math.min(Math.max(0, durationS - 1), Math.max(0, startS));
    if (startS < 0 || startS > durationS) continue;
    out.push({ startS: Math.round(startS * 1000) / 1000, kind: m.kind, title: m.title, questionId: m.questionId });
  }
  return out;
}

export function chaptersVtt(chapters: readonly Chapter[], durationS: number): string {
  return webvtt(
    chapters.map((c, i) => ({ startMs: c.startS * 1000, endMs: Math.max(c.startS * 1000 + 1, (chapters[i + 1]?.startS ?? durationS) * 1000), text: c.title })),
  );
}

export function finalizeProcessor(d: { storage: MediaStorage; log: Logger }) {
  return async (job: Job): Promise<FinalizeResult> => {
    const data = parseFinalizeJob(job.data);
    const { sessionId } = data;
    const log = d.log.child({ jobId: job.id, sessionId });
    const started = performance.now();
    const hls = await SessionHls.open(d.storage, sessionId, data.variant, data.segmentSeconds);
    const all = hls.segments('main');
    if (!all.length) throw new UnrecoverableError('the recording has no segments');
    const first = all[0]!.startedAtMs;
    const last = all.at(-1)!;
    const end = last.startedAtMs + last.durationS * 1000;
    const trim = {
      ...(data.trimStartS ? { startMs: first + data.trimStartS * 1000 } : {}),
      ...(data.trimEndS ? { endMs: end - data.trimEndS * 1000 } : {}),
    };
    const { durationS, segments } = await hls.finish(trim);
    if (!segments) throw new UnrecoverableError('the trim leaves nothing of the recording');
    const kept = hls.segments('main').find((s) => s.startedAtMs + s.durationS * 1000 > (trim.startMs ?? -Infinity))!;
    await job.updateProgress(20);

    const path = (name: string) => d.storage.path(sessionId, name)!;
    const renditions = hls.audioRenditions;
    const tmp = path('recording.tmp.mp4');
    const inputs = ['-i', path('main.vod.m3u8'), ...renditions.flatMap((r) => ['-i', path(`audio-${r.id}.vod.m3u8`)])];
    const maps = ['-map', '0:v:0', '-map', '0:a:0', ...renditions.flatMap((_, i) => ['-map', `${i + 1}:a:0`])];
    const langs = renditions.flatMap((r, i) => [`-metadata:s:a:${i + 1}`, `language=${ISO639_2[r.language] ?? r.language}`, `-metadata:s:a:${i + 1}`, `title=${r.name}`]);
    await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-allowed_extensions', 'ALL', ...inputs, ...maps, '-c', 'copy', '-bsf:a', 'aac_adtstoasc', ...langs, '-movflags', '+faststart', '-f', 'mp4', tmp], { maxBuffer: 1 << 20 });
    await rename(tmp, path('recording.mp4'));
    await job.updateProgress(70);

    const posterTmp = path('poster.tmp.jpg');
    const at = Math.min(10, durationS / 2).toFixed(2);
    await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-ss', at, '-i', path('recording.mp4'), '-frames:v', '1', '-vf', 'scale=640:-2', '-q:v', '4', '-f', 'image2', posterTmp]);
    await rename(posterTmp, path('poster.jpg'));

    const chapters = placeChapters(data.marks, kept.startedAtMs, durationS);
    await d.storage.write(sessionId, 'chapters.vtt', chaptersVtt(chapters, durationS));
    const mp4Bytes = (await stat(path('recording.mp4'))).size;
    await rm(tmp, { force: true });
    log.info({ ms: Math.round(performance.now() - started), durationS, segments, mp4Bytes }, 'recording finalized');
    return { durationS, segments, mp4Bytes, chapters };
  };
}
