/**
 * The compile store of a worker that is a child of the API process: the embedded
 * database lives in the parent (PGlite is single-process), so every read and the final
 * commit are requests over the IPC channel, answered by the parent's DbCompileStore.
 */
import { ClaimedInput, IpcReply, type Artifact, type CompileStore, type IpcRequest, type TrackerSeed } from '../../common/jobs';

type Body = IpcRequest extends infer R ? (R extends IpcRequest ? Omit<R, 'id'> : never) : never;

export class IpcCompileStore implements CompileStore {
  private next = 1;
  private readonly waiting = new Map<number, { resolve: (r: IpcReply) => void; reject: (e: Error) => void }>();
  private readonly onMessage = (raw: unknown) => {
    const r = IpcReply.safeParse(raw);
    if (!r.success) return;
    const w = this.waiting.get(r.data.id);
    this.waiting.delete(r.data.id);
    w?.resolve(r.data);
  };
  private readonly onDisconnect = () => {
    for (const w of this.waiting.values()) w.reject(new Error('the API process went away'));
    this.waiting.clear();
  };

  constructor(private readonly proc: NodeJS.Process) {
    if (!proc.send) throw new Error('IpcCompileStore needs an IPC channel to the parent process');
    proc.on('message', this.onMessage);
    proc.on('disconnect', this.onDisconnect);
  }

  private async request(body: Body): Promise<IpcReply> {
    const id = this.next++;
    const message: IpcRequest = { ...body, id };
    const reply = await new Promise<IpcReply>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.proc.send!(message, undefined, undefined, (err: Error | null) => {
        if (!err) return;
        this.waiting.delete(id);
        reject(err);
      });
    });
    // Errors across the channel are transient from here (the parent's database is busy or closing): BullMQ retries.
    if (!reply.ok) throw new Error(reply.error ?? 'the API process refused the request');
    return reply;
  }

  async claim(inputId: string) {
    const r = await this.request({ op: 'claim', inputId });
    return r.claimed ? ClaimedInput.parse(r.claimed) : undefined;
  }

  async complete(inputId: string, artifacts: Artifact[], tracker: TrackerSeed[] | null): Promise<void> {
    await this.request({ op: 'complete', inputId, artifacts, tracker });
  }

  async fail(inputId: string, reason: string): Promise<void> {
    await this.request({ op: 'fail', inputId, reason });
  }

  async close(): Promise<void> {
    this.proc.off('message', this.onMessage);
    this.proc.off('disconnect', this.onDisconnect);
    this.onDisconnect();
  }
}
