import type { ActionIO } from '@shipgate/core';
import { closeIfOpen, findRequestedDeployment, type DeploymentRecords, type DeploymentRequest } from '@shipgate/records';

/** What a main step saved about a deployment it created: its id, or the marker of a create still in flight. */
export interface SavedDeployment {
  id: string;
  request: string;
}

/**
 * The post step's guarantee for a deployment a main step created: when the job ended while it
 * was still open (cancelled, crashed), close it as `error`. Finds a create whose answer never
 * arrived by its marker. Returns the id it closed, if any.
 */
export async function closeLeftOpen(
  openRecords: () => Promise<DeploymentRecords>,
  saved: SavedDeployment,
  close: { description: string; logUrl?: string },
): Promise<number | undefined> {
  const request = parseRequest(saved.request);
  let id = Number(saved.id);
  if (!id && !request) return undefined;
  const records = await openRecords();
  if (!id && request) id = (await findRequestedDeployment(records, request))?.id ?? 0;
  if (!id) return undefined;
  return (await closeIfOpen(records, id, { state: 'error', ...close })) ? id : undefined;
}

function parseRequest(saved: string): DeploymentRequest | undefined {
  if (!saved) return undefined;
  const parsed = JSON.parse(saved) as Partial<DeploymentRequest>;
  return parsed.marker && parsed.environment && parsed.sha ? (parsed as DeploymentRequest) : undefined;
}

/** Where a main step saves a deployment it creates (state names) and reports its id (output name). */
export interface SavedDeploymentKeys {
  id: string;
  request: string;
  output: string;
}

/**
 * The create hooks of a deploy or rollback that make `closeLeftOpen` possible: the request's
 * marker is saved before the create is sent, the id as soon as it exists.
 */
export function saveDeploymentHooks(io: Pick<ActionIO, 'saveState' | 'setOutput'>, keys: SavedDeploymentKeys) {
  return {
    beforeCreate: (request: DeploymentRequest) => io.saveState(keys.request, JSON.stringify(request)),
    onDeploymentCreated: (id: number) => {
      io.saveState(keys.id, String(id));
      io.setOutput(keys.output, id);
    },
  };
}
