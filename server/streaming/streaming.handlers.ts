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
import type { Logger } from '../logger';
import { handle, type AppSocket } from '../realtime/socket';
import type { Notify } from './peer';
import type { StreamCtx, StreamingService } from './streaming.service';

/** Wires the `stream:*` events of one connection to the service; every payload is parsed first. */
export function streamingHandlers(socket: AppSocket, service: StreamingService, log: Logger): void {
  const notify: Notify = <E extends keyof StreamServerEvents>(event: E, payload: Parameters<StreamServerEvents[E]>[0]) => {
    const args = [payload] as Parameters<ServerToClientEvents[E]>;
    socket.emit(event, ...args);
  };
  const ctx = (): StreamCtx => ({ actor: socket.data.actor, peerId: socket.id, notify });

  socket.on('stream:join', handle(socket, log, JoinInput, (input) => service.join(ctx(), input)));
  socket.on('stream:leave', handle(socket, log, LeaveInput, (input) => service.leave(ctx(), input)));
  socket.on('stream:createTransport', handle(socket, log, CreateTransportInput, (input) => service.createTransport(ctx(), input)));
  socket.on('stream:connectTransport', handle(socket, log, ConnectTransportInput, (input) => service.connectTransport(ctx(), input)));
  socket.on('stream:restartIce', handle(socket, log, RestartIceInput, (input) => service.restartIce(ctx(), input)));
  socket.on('stream:produce', handle(socket, log, ProduceInput, (input) => service.produce(ctx(), input)));
  socket.on('stream:pauseProducer', handle(socket, log, ProducerInput, (input) => service.pauseProducer(ctx(), input)));
  socket.on('stream:resumeProducer', handle(socket, log, ProducerInput, (input) => service.resumeProducer(ctx(), input)));
  socket.on('stream:closeProducer', handle(socket, log, ProducerInput, (input) => service.closeProducer(ctx(), input)));
  socket.on('stream:consume', handle(socket, log, ConsumeInput, (input) => service.consume(ctx(), input)));
  socket.on('stream:resumeConsumer', handle(socket, log, ConsumerInput, (input) => service.resumeConsumer(ctx(), input)));
  socket.on('stream:pauseConsumer', handle(socket, log, ConsumerInput, (input) => service.pauseConsumer(ctx(), input)));
  socket.on('stream:closeConsumer', handle(socket, log, ConsumerInput, (input) => service.closeConsumer(ctx(), input)));
  socket.on('stream:setLayer', handle(socket, log, SetLayerInput, (input) => service.setLayer(ctx(), input)));
  socket.on('disconnect', () => service.disconnect(socket.id));
}
