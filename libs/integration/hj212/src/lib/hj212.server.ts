import { createServer, Server, Socket } from 'node:net';
import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '@outfall/config';
import { MetricsService } from '@outfall/observability';
import { Counter } from 'prom-client';
import { Hj212StatsDto } from './dto/hj212.dto';
import {
  dataAnswer,
  FrameEvent,
  FrameReader,
  Hj212ParseError,
  parseSegment,
  QnRtn,
  requestAnswer,
  wantsAnswer,
} from './hj212.codec';
import { Hj212IngestService } from './hj212-ingest.service';

type CounterName = 'accepted' | 'duplicates' | 'refused' | 'crcErrors' | 'framingErrors' | 'dropped';

/**
 * The HJ 212-2017 TCP listener (off unless HJ212_PORT is set; started by the API process). Each connection
 * is read packet by packet: the socket is paused while a packet is being stored, so one connection holds at
 * most one chunk of unread packets and one partial packet (HJ212_MAX_PACKET_BYTES); connections are capped
 * (HJ212_MAX_CONNECTIONS), closed when idle (HJ212_IDLE_TIMEOUT_MS) and after HJ212_MAX_ERRORS_PER_CONNECTION
 * bad or refused packets. Answers follow the standard: 9014 to an upload that asks (Flag bit A), 9011 with
 * QnRtn to a refused one.
 */
@Injectable()
export class Hj212Server implements OnModuleDestroy {
  private readonly logger = new Logger('Hj212');
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private readonly counts: Record<CounterName, number> = {
    accepted: 0,
    duplicates: 0,
    refused: 0,
    crcErrors: 0,
    framingErrors: 0,
    dropped: 0,
  };
  private readonly metric: Counter<'outcome'>;

  constructor(
    private readonly config: AppConfig,
    private readonly ingest: Hj212IngestService,
    metrics: MetricsService,
  ) {
    this.metric = new Counter({
      name: 'outfall_hj212_packets_total',
      help: 'HJ 212 packets by outcome (accepted, duplicates, refused, crcErrors, framingErrors, dropped connections)',
      labelNames: ['outcome'] as const,
      registers: [metrics.registry],
    });
  }

  private count(name: CounterName): void {
    this.counts[name]++;
    this.metric.inc({ outcome: name });
  }

  stats(): Hj212StatsDto {
    const address = this.server?.address();
    return {
      listening: this.server !== null,
      port: address && typeof address === 'object' ? address.port : null,
      connections: this.sockets.size,
      ...this.counts,
    };
  }

  /** Starts listening (port 0 picks a free one); resolves with the port. */
  async listen(port = this.config.HJ212_PORT ?? 0, host = this.config.HJ212_HOST): Promise<number> {
    if (this.server) throw new Error('the HJ 212 listener is already running');
    const server = createServer((socket) => this.accept(socket));
    server.maxConnections = this.config.HJ212_MAX_CONNECTIONS;
    server.on('drop', () => this.count('dropped'));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    this.server = server;
    const address = server.address();
    const bound = address && typeof address === 'object' ? address.port : port;
    this.logger.log(`HJ 212 listener on ${host}:${bound}`);
    return bound;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  onModuleDestroy(): Promise<void> {
    return this.close();
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    const reader = new FrameReader(this.config.HJ212_MAX_PACKET_BYTES);
    const maxBuffered = this.config.HJ212_MAX_PACKET_BYTES + 12;
    const queue: FrameEvent[] = [];
    let errors = 0;
    let busy = false;
    const drop = (why: string) => {
      if (socket.destroyed) return;
      this.count('dropped');
      this.logger.warn(`closing ${socket.remoteAddress ?? '?'}: ${why}`);
      socket.destroy();
    };
    const fault = () => {
      if (++errors >= this.config.HJ212_MAX_ERRORS_PER_CONNECTION) drop('too many bad or refused packets');
    };
    const send = (answer: Buffer | null) => {
      if (answer && !socket.destroyed) socket.write(answer);
    };
    const drain = async () => {
      if (busy) return;
      busy = true;
      socket.pause();
      try {
        while (queue.length && !socket.destroyed) {
          const event = queue.shift() as FrameEvent;
          send(await this.process(event, fault));
        }
      } finally {
        busy = false;
        if (!socket.destroyed) socket.resume();
      }
    };
    socket.setTimeout(this.config.HJ212_IDLE_TIMEOUT_MS, () => drop('idle'));
    socket.on('data', (chunk: Buffer) => {
      for (const event of reader.push(chunk)) queue.push(event);
      if (reader.buffered > maxBuffered) return drop('buffer limit');
      void drain().catch((error: unknown) => {
        this.logger.error(
          `HJ 212 connection failed: ${error instanceof Error ? error.message : String(error)}`,
        );
        socket.destroy();
      });
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.sockets.delete(socket));
  }

  /** One reader event → the answer to send, if any. */
  private async process(event: FrameEvent, fault: () => void): Promise<Buffer | null> {
    if (event.kind === 'error') {
      fault();
      if (event.error !== 'crc') {
        this.count('framingErrors');
        return null;
      }
      this.count('crcErrors');
      // the header of a packet whose CRC fails is not trusted; a sender that asked gets QnRtn 9
      try {
        const packet = parseSegment((event.segment as Buffer).toString('utf8'));
        return wantsAnswer(packet.flag) && packet.qn ? requestAnswer(packet, QnRtn.CrcError) : null;
      } catch {
        return null;
      }
    }
    let packet;
    try {
      packet = parseSegment(event.segment.toString('utf8'));
    } catch (error) {
      if (!(error instanceof Hj212ParseError)) throw error;
      fault();
      this.count('framingErrors');
      return null;
    }
    const outcome = await this.ingest.handle(packet);
    const answer = wantsAnswer(packet.flag);
    switch (outcome.status) {
      case 'accepted':
        this.count('accepted');
        return answer ? dataAnswer(packet) : null;
      case 'duplicate':
        this.count('duplicates');
        return answer ? dataAnswer(packet) : null;
      case 'ignored':
        return answer ? requestAnswer(packet, outcome.rtn) : null;
      case 'refused':
        fault();
        this.count('refused');
        this.logger.warn(
          `refused packet from MN ${packet.mn ?? '?'} QN ${packet.qn ?? '?'}: ${outcome.reason}`,
        );
        return answer ? requestAnswer(packet, outcome.rtn) : null;
    }
  }
}
