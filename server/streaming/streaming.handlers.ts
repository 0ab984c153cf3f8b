import {
  ConnectTransportInput,
  ConsumeInput,
  ConsumerInput,
  CreateTransportInput,
  JoinInput,
  LeaveInput,
  ProduceInput,
  ProducerInput,
  RestartIceInput,
  SetLayerInput,
} from '../../common/stream.contract';
import type { ServerToClientEvents } from '../../common/events';
import type { StreamServerEvents } from '../../common/stream.contract';
import type { z } from 'zod';
import type { Logger } from '../../platform/logger';
import { handle, type AppSocket, type Listeners } from '../realtime/socket';
import type { Notify } from './peer';
import type { StreamCtx, StreamingService } from './streaming.service';

/** The `stream:*` events; every payload is parsed first. Listeners are shared by every socket (see `handle`, `eventRouter`). */
export function streamingHandlers(service: StreamingService, log: Logger): { listeners: Listeners; connection: (socket: AppSocket) => void } {
  const ctx = (socket: AppSocket): StreamCtx => {
    const notify: Notify = <E extends keyof StreamServerEvents>(event: E, payload: Parameters<StreamServerEvents[E]>[0]) => {
      const args = [payload] as Parameters<ServerToClientEvents[E]>;
      socket.emit(event, ...args);
    };
    return { actor: socket.data.actor, peerId: socket.id, notify };
  };
  const on = <S extends z.core.$ZodType, R>(schema: S, fn: (input: z.infer<S>, c: StreamCtx) => Promise<R>) =>
    handle(log, schema, (input, { socket }) => fn(input, ctx(socket)));
  const listeners = {
    'stream:join': on(JoinInput, (i, c) => service.join(c, i)),
    'stream:leave': on(LeaveInput, (i, c) => service.leave(c, i)),
    'stream:createTransport': on(CreateTransportInput, (i, c) => service.createTransport(c, i)),
    'stream:connectTransport': on(ConnectTransportInput, (i, c) => service.connectTransport(c, i)),
    'stream:restartIce': on(RestartIceInput, (i, c) => service.restartIce(c, i)),
    'stream:produce': on(ProduceInput, (i, c) => service.produce(c, i)),
    'stream:pauseProducer': on(ProducerInput, (i, c) => service.pauseProducer(c, i)),
    'stream:resumeProducer': on(ProducerInput, (i, c) => service.resumeProducer(c, i)),
    'stream:closeProducer': on(ProducerInput, (i, c) => service.closeProducer(c, i)),
    'stream:consume': on(ConsumeInput, (i, c) => service.consume(c, i)),
    'stream:resumeConsumer': on(ConsumerInput, (i, c) => service.resumeConsumer(c, i)),
    'stream:pauseConsumer': on(ConsumerInput, (i, c) => service.pauseConsumer(c, i)),
    'stream:closeConsumer': on(ConsumerInput, (i, c) => service.closeConsumer(c, i)),
    'stream:setLayer': on(SetLayerInput, (i, c) => service.setLayer(c, i)),
  } satisfies Listeners;
  const disconnect = function (this: AppSocket) {
    service.disconnect(this.id);
  };
  return { listeners, connection: (socket) => void socket.on('disconnect', disconnect) };
}
