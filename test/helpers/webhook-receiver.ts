import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a chat webhook got: the JSON body of each POST, in order. */
export interface WebhookReceiver {
  /** Looks like a Slack incoming-webhook URL: the path is the secret. */
  url: string;
  messages: { text: string; blocks?: { type: string; text?: { text: string }; elements?: { text: string }[] }[] }[];
  /** First line of each message's text. */
  headlines(): string[];
  requests: number;
  close(): Promise<void>;
}

type Behaviour = 'ok' | '500' | 'hang';

/**
 * A Slack-compatible webhook on 127.0.0.1: `ok` answers 200 "ok" as Slack does, `500` answers
 * an error, `hang` reads the message and never answers; a function chooses per message (0-based).
 */
export async function startWebhookReceiver(behaviour: Behaviour | ((index: number) => Behaviour) = 'ok'): Promise<WebhookReceiver> {
  const messages: WebhookReceiver['messages'] = [];
  const hanging: ServerResponse[] = [];
  let requests = 0;
  const server = createServer((req, res) => {
    requests += 1;
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const now = typeof behaviour === 'function' ? behaviour(messages.length) : behaviour;
      messages.push(JSON.parse(body) as WebhookReceiver['messages'][number]);
      if (now === 'hang') hanging.push(res);
      else if (now === '500') res.writeHead(500).end('internal_error');
      else res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/services/T0001/B0001/${typeof behaviour === 'function' ? 'mixed' : behaviour}XyZsecretWebhookToken`,
    messages,
    headlines: () => messages.map((m) => m.text.split('\n')[0] ?? ''),
    get requests() {
      return requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
